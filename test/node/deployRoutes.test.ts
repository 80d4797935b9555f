/**
 * The gate's route check for real: a stack with the stack's own nginx (a real nginx binary in a
 * container, test/helpers/nginxImage.ts) serving TLS with a certificate kept on the server, and a
 * custom service behind the route `api.localhost`, deployed over a real sshd to this machine's
 * engine. The route answers through nginx and the deploy passes; then a release whose service
 * listens on 127.0.0.1 inside its container (its own healthcheck passes, nginx gets 502) is
 * rolled back, the report naming the route and the status.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { runDeploy, type DeployOutcome } from '../../server/src/core/deploy/pipeline';
import type { ServerTarget } from '../../server/src/core/deploy/targets';
import { loadDeployInputs } from '../../server/src/node/deployInputs';
import { SshDriver } from '../../server/src/node/ssh/sshDriver';
import { sshdAvailable, startDeploySshd, type DeploySshd } from '../helpers/deploySshd';
import { buildNginxImage, nginxImageAvailable, type NginxImage } from '../helpers/nginxImage';
import { PATIENCE } from '../helpers/patience';
import { dockerAvailable, requireTool } from '../helpers/realTools';

const suffix = crypto.randomBytes(3).toString('hex');
const PROJECT = `nselfroutes${suffix}`;
const API_PORT = 20000 + crypto.randomInt(20000);
const HTTP_PORT = API_PORT + 1;
const HTTPS_PORT = API_PORT + 2;

function sh(cmd: string, args: string[]): string {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: PATIENCE.build }).stdout ?? '';
}

/** GET https://127.0.0.1:HTTPS_PORT/ as `host` (SNI and Host header), as a browser would reach nginx. */
function viaNginx(host: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port: HTTPS_PORT, path: '/index.html', servername: host, headers: { host }, rejectUnauthorized: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

describe('deploy gate: routes through nginx (real sshd, engine, nginx)', function () {
  this.timeout(PATIENCE.build * 2);
  let sshd: DeploySshd;
  let nginx: NginxImage | undefined;
  let project: string;
  let remote: string;

  before(async function () {
    requireTool(this, dockerAvailable(), 'a Docker engine (docker info)');
    requireTool(this, sshdAvailable(), 'openssh-server and rsync (apt-get install -y openssh-server rsync)');
    requireTool(this, nginxImageAvailable(), 'nginx and the offline test image nself-test/busybox:latest (scripts/ci/docker.sh)');
    requireTool(this, spawnSync('which', ['curl']).status === 0 || spawnSync('which', ['wget']).status === 0, 'curl or wget on the "server" (this machine)');
    nginx = buildNginxImage(`nself-test-${suffix}`);
    sshd = await startDeploySshd();
    fs.writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine + '\n');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-routes-project-'));
    remote = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nself-routes-remote-')), 'srv');
    fs.writeFileSync(
      path.join(project, '.env'),
      [
        `PROJECT_NAME=${PROJECT}`,
        'BASE_DOMAIN=localhost',
        'POSTGRES_ENABLED=false',
        'HASURA_ENABLED=false',
        'AUTH_ENABLED=false',
        'NGINX_ENABLED=true',
        `NGINX_VERSION=${nginx.tag}`,
        `NGINX_HTTP_PORT=${HTTP_PORT}`,
        `NGINX_HTTPS_PORT=${HTTPS_PORT}`,
        'NGINX_BIND_IP=127.0.0.1',
        `CS_1=api:custom:${API_PORT}`,
        'CS_1_ROUTE=api',
        '',
      ].join('\n'),
    );
    writeApi('0.0.0.0', 'api v1');
    fs.mkdirSync(path.join(project, '.environments', 'staging'), { recursive: true });
    fs.writeFileSync(path.join(project, '.environments', 'staging', 'server.json'), JSON.stringify({ name: 'staging', type: 'staging', host: '127.0.0.1', port: sshd.port, user: 'root', key: sshd.userKey, deploy_path: remote }, null, 2));
    // The certificate lives on the server (nself keeps it there; a deploy does not send it).
    const certs = path.join(remote, 'ssl', 'certificates', 'localhost');
    fs.mkdirSync(certs, { recursive: true });
    const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=*.localhost', '-keyout', path.join(certs, 'privkey.pem'), '-out', path.join(certs, 'fullchain.pem')], { encoding: 'utf8' });
    assert.equal(cert.status, 0, cert.stderr);
  });

  after(async () => {
    const ids = sh('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`]).split('\n').filter(Boolean);
    if (ids.length) sh('docker', ['rm', '-f', ...ids]);
    sh('docker', ['network', 'rm', `${PROJECT}_network`, `${PROJECT}_default`]);
    const volumes = sh('docker', ['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`]).split('\n').filter(Boolean);
    if (volumes.length) sh('docker', ['volume', 'rm', '-f', ...volumes]);
    const images = sh('docker', ['images', '-q', '--filter', `reference=${PROJECT}*`]).split('\n').filter(Boolean);
    if (images.length) sh('docker', ['rmi', '-f', ...new Set(images)]);
    nginx?.remove();
    await sshd?.stop();
    if (project) fs.rmSync(project, { recursive: true, force: true });
    if (remote) fs.rmSync(path.dirname(remote), { recursive: true, force: true });
  });

  /** The api's Dockerfile: busybox httpd listening on `address`. */
  function writeApi(address: string, body: string): void {
    const dir = path.join(project, 'services', 'api');
    fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM nself-test/busybox:latest\nCOPY www /www\nCMD ["httpd", "-f", "-p", "${address}:${API_PORT}", "-h", "/www"]\n`);
    fs.writeFileSync(path.join(dir, 'www', 'health'), 'ok\n');
    fs.writeFileSync(path.join(dir, 'www', 'index.html'), `${body}\n`);
  }

  async function deploy(routesMs?: number): Promise<{ outcome: DeployOutcome; lines: string[] }> {
    const inputs = loadDeployInputs(project, 'staging', '1.x', {});
    assert.deepEqual(inputs.problems, []);
    const lines: string[] = [];
    const driver = new SshDriver(inputs.target as ServerTarget, { strict: true, knownHostsFile: sshd.knownHostsFile, extraOptions: ['IdentityAgent=none'], shareConnection: true, project: inputs.model.projectName });
    try {
      const outcome = await runDeploy(driver, { ...inputs, by: 'test', confirm: async () => true, pollMs: 1000, limits: { healthyMs: 60_000, runningMs: 30_000, oneShotMs: 60_000, routesMs }, onEvent: (e) => (e.type === 'line' ? lines.push(e.line) : undefined) }, new AbortController().signal);
      if (outcome.result !== 'ok') console.log(`    deploy ${outcome.result}: ${outcome.message}\n      ${lines.slice(-12).join('\n      ')}`);
      return { outcome, lines };
    } finally {
      await driver.close();
    }
  }

  it('passes once the route answers through nginx (TLS, SNI api.localhost)', async () => {
    const { outcome, lines } = await deploy();
    assert.equal(outcome.result, 'ok', outcome.message);
    assert.deepEqual(outcome.plan!.services.map((s) => `${s.name}:${s.action}`).sort(), ['api:create', 'nginx:create']);
    assert.ok(lines.includes(`routes: asking nginx at https://127.0.0.1:${HTTPS_PORT} for api.localhost`), lines.join('\n'));
    assert.ok(lines.includes('routes: api.localhost=200'), lines.join('\n'));
    assert.deepEqual(await viaNginx('api.localhost'), { status: 200, body: 'api v1\n' });
  });

  it('a release whose service nginx cannot reach (502) is rolled back, naming the route and the status', async () => {
    const current = fs.readlinkSync(path.join(remote, '.nself', 'current'));
    // Listening on 127.0.0.1 in its container: its own /health probe passes, nginx is refused.
    writeApi('127.0.0.1', 'api v2 unreachable');
    try {
      // This release can only fail: a shorter window than 30 s cannot make it pass.
      const { outcome } = await deploy(8_000);
      assert.equal(outcome.result, 'rolled-back', outcome.message);
      assert.equal(outcome.failing?.service, 'api');
      assert.match(outcome.failing!.reason!, new RegExp(`^route api\\.localhost answered 502 Bad Gateway through nginx \\(https://127\\.0\\.0\\.1:${HTTPS_PORT}, upstream api:${API_PORT}\\)`));
      assert.match(outcome.message, /api failed the health gate \(route api\.localhost answered 502/);
      assert.equal(fs.readlinkSync(path.join(remote, '.nself', 'current')), current);
      assert.match(fs.readFileSync(path.join(remote, '.nself', 'deploys.log'), 'utf8'), /"result":"rolled-back","failing":"api"/);
      // The previous api is back behind nginx (nginx re-resolves the name within 10 s).
      const deadline = Date.now() + PATIENCE.build;
      let last: { status: number; body: string } | undefined;
      while (Date.now() < deadline && (last = await viaNginx('api.localhost'))?.body !== 'api v1\n') await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(last, { status: 200, body: 'api v1\n' });
    } finally {
      writeApi('0.0.0.0', 'api v1');
    }
  });
});
