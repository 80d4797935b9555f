/**
 * Deploys over a REAL sshd on 127.0.0.1 (test/helpers/deploySshd.ts) to this machine's Docker
 * engine, with a stack built from the offline test image: first deploy and gate, a one-service
 * change, a failing healthcheck rolled back, cancel and a dropped connection mid-upload, unreachable host, wrong key,
 * unknown host key on prod, and hostile values that must never reach a shell.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { ServerTarget } from '../../server/src/core/deploy/targets';
import { runDeploy, type DeployEvent, type DeployOutcome } from '../../server/src/core/deploy/pipeline';
import { DeployDriverError } from '../../server/src/core/deploy/driver';
import type { GateLimits } from '../../server/src/core/deploy/gate';
import { loadDeployInputs } from '../../server/src/node/deployInputs';
import { SshDriver } from '../../server/src/node/ssh/sshDriver';
import { scanHostKeys, trustHostKeys } from '../../server/src/node/ssh/ssh';
import { sshdAvailable, startDeploySshd, type DeploySshd } from '../helpers/deploySshd';
import { PATIENCE } from '../helpers/patience';
import { dockerAvailable, requireTool } from '../helpers/realTools';

const suffix = crypto.randomBytes(3).toString('hex');
const PROJECT = `nselfe2e${suffix}`;
const API_PORT = 20000 + crypto.randomInt(20000);
const WORKER_PORT = API_PORT + 1;
const PWNED = `/tmp/nself-pwned-${suffix}`;

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: PATIENCE.build });
  return r.stdout ?? '';
}

function get(port: number, p: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 ? body : undefined));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = PATIENCE.build): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Hash of every file in place under the remote path (not .nself), to compare "as before". */
function treeHash(root: string): string {
  const h = crypto.createHash('sha256');
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.name === '.nself') continue;
      if (e.isDirectory()) visit(p);
      else h.update(path.relative(root, p) + '\0' + fs.readFileSync(p).toString('base64') + '\0');
    }
  };
  if (fs.existsSync(root)) visit(root);
  return h.digest('hex');
}

function containerIds(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of sh('docker', ['ps', '-a', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--format', '{{.Label "com.docker.compose.service"}} {{.ID}} {{.State}}']).split('\n').filter(Boolean)) {
    const [svc, id, state] = line.split(' ');
    out[svc!] = `${id} ${state}`;
  }
  return out;
}

describe('deploy over a real sshd to the real engine', function () {
  this.timeout(PATIENCE.build * 2);
  let sshd: DeploySshd;
  let project: string;
  let remote: string;

  before(async function () {
    requireTool(this, dockerAvailable(), 'a Docker engine (docker info)');
    requireTool(this, sshdAvailable(), 'openssh-server and rsync (apt-get install -y openssh-server rsync)');
    requireTool(this, sh('docker', ['image', 'inspect', '--format', 'ok', 'nself-test/busybox:latest']).trim() === 'ok', 'the offline test image nself-test/busybox:latest');
    sshd = await startDeploySshd();
    fs.writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine + '\n');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-deploy-project-'));
    // A hostile remote path: a space and `; touch …` must stay a path, never a command.
    remote = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nself-deploy-remote-')), `srv dir; touch ${PWNED}`);
    fs.writeFileSync(path.join(project, '.env'), [`PROJECT_NAME=${PROJECT}`, 'BASE_DOMAIN=localhost', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', `CS_1=api:custom:${API_PORT}`, `CS_2=worker:custom:${WORKER_PORT}`, ''].join('\n'));
    for (const [name, port] of [['api', API_PORT], ['worker', WORKER_PORT]] as const) {
      const dir = path.join(project, 'services', name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM nself-test/busybox:latest\nCOPY www /www\nCMD ["httpd", "-f", "-p", "${port}", "-h", "/www"]\n`);
      fs.mkdirSync(path.join(dir, 'www'));
      fs.writeFileSync(path.join(dir, 'www', 'health'), 'ok\n');
      fs.writeFileSync(path.join(dir, 'www', 'index.html'), `${name} v1\n`);
    }
    fs.mkdirSync(path.join(project, '.environments', 'staging'), { recursive: true });
    fs.writeFileSync(path.join(project, '.environments', 'staging', 'server.json'), JSON.stringify({ name: 'staging', type: 'staging', host: '127.0.0.1', port: sshd.port, user: 'root', key: sshd.userKey, deploy_path: remote }, null, 2));
  });

  after(async () => {
    const ids = sh('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`]).split('\n').filter(Boolean);
    if (ids.length) sh('docker', ['rm', '-f', ...ids]);
    sh('docker', ['network', 'rm', `${PROJECT}_network`]);
    const images = sh('docker', ['images', '-q', '--filter', `reference=${PROJECT}*`]).split('\n').filter(Boolean);
    if (images.length) sh('docker', ['rmi', '-f', ...new Set(images)]);
    await sshd?.stop();
    if (project) fs.rmSync(project, { recursive: true, force: true });
    if (remote) fs.rmSync(path.dirname(remote), { recursive: true, force: true });
  });

  /** Logins the sshd accepted so far (its log, LogLevel VERBOSE). */
  function logins(): number {
    return (fs.readFileSync(path.join(sshd.dir, 'sshd.log'), 'utf8').match(/Accepted publickey/g) ?? []).length;
  }

  function driver(target: ServerTarget, over: Partial<ConstructorParameters<typeof SshDriver>[1]> = {}): SshDriver {
    return new SshDriver(target, { strict: true, knownHostsFile: sshd.knownHostsFile, extraOptions: ['IdentityAgent=none'], ...over });
  }

  async function deploy(options: { signal?: AbortSignal; onEvent?: (e: DeployEvent) => void; bwlimit?: number; limits?: GateLimits; logins?: number } = {}): Promise<DeployOutcome> {
    const inputs = loadDeployInputs(project, 'staging', '1.x', {});
    assert.deepEqual(inputs.problems, []);
    const events: string[] = [];
    const d = driver(inputs.target, { bwlimitKiBps: options.bwlimit, shareConnection: true, project: inputs.model.projectName });
    let outcome: DeployOutcome;
    let controlDir: string | undefined;
    const loginsBefore = logins();
    try {
      outcome = await runDeploy(d, { ...inputs, by: 'test', confirm: async () => true, pollMs: 1000, limits: options.limits, onEvent: (e) => (e.type === 'line' ? events.push(e.line) : undefined, options.onEvent?.(e)) }, options.signal ?? new AbortController().signal);
      controlDir = d.sharedConnectionDir;
    } finally {
      await d.close();
    }
    // Every ssh and rsync of the deploy rode one connection, and it is closed.
    assert.equal(logins() - loginsBefore, options.logins ?? 1, 'one ssh login per deploy');
    assert.ok(controlDir && !fs.existsSync(controlDir), `the shared connection's directory ${controlDir} is still there`);
    if (!['ok'].includes(outcome.result)) console.log(`    deploy ${outcome.result}: ${outcome.message}\n      ${events.slice(-15).join('\n      ')}`);
    return outcome;
  }

  it('first deploy: brings the stack up and passes the gate; the path with ; and spaces stayed a path', async () => {
    const o = await deploy();
    assert.equal(o.result, 'ok', o.message);
    assert.deepEqual(o.plan!.services.map((s) => `${s.name}:${s.action}`), ['api:create', 'worker:create']);
    assert.equal(await get(API_PORT, '/index.html'), 'api v1\n');
    assert.equal(fs.statSync(path.join(remote, '.env.runtime')).mode & 0o777, 0o600);
    assert.equal(fs.readlinkSync(path.join(remote, '.nself', 'current')), `releases/${o.releaseId}`);
    assert.ok(!fs.existsSync(PWNED), 'the hostile path ran as a command');
    assert.match(fs.readFileSync(path.join(remote, '.nself', 'deploys.log'), 'utf8'), /"result":"ok"/);
  });

  it('a no-change redeploy plans nothing; one changed service recreates only it and sends only its file', async () => {
    const inputs = loadDeployInputs(project, 'staging', '1.x', {});
    const planned = await runDeploy(driver(inputs.target), { ...inputs, by: 'test', planOnly: true, confirm: async () => true }, new AbortController().signal);
    assert.equal(planned.result, 'planned');
    assert.ok(planned.plan!.files.every((f) => f.change === 'same'), JSON.stringify(planned.plan!.files));
    assert.deepEqual(planned.plan!.services.map((s) => s.action), ['unchanged', 'unchanged']);

    const before = containerIds();
    fs.writeFileSync(path.join(project, 'services', 'api', 'www', 'index.html'), 'api v2\n');
    const o = await deploy();
    assert.equal(o.result, 'ok', o.message);
    assert.deepEqual(o.plan!.files.filter((f) => f.change !== 'same').map((f) => f.path), ['services/api/www/index.html']);
    assert.deepEqual(o.plan!.services.map((s) => `${s.name}:${s.action}`), ['api:recreate', 'worker:unchanged']);
    assert.ok(o.bytesSent! < 4096, `sent ${o.bytesSent} bytes`);
    const after = containerIds();
    assert.equal(after.worker, before.worker, 'worker was recreated');
    assert.notEqual(after.api, before.api, 'api was not recreated');
    assert.equal(await get(API_PORT, '/index.html'), 'api v2\n');
  });

  it('a release whose healthcheck fails is rolled back by itself and the old container answers again', async () => {
    const filesBefore = treeHash(remote);
    const current = fs.readlinkSync(path.join(remote, '.nself', 'current'));
    fs.rmSync(path.join(project, 'services', 'api', 'www', 'health'));
    fs.writeFileSync(path.join(project, 'services', 'api', 'www', 'index.html'), 'api v3 broken\n');
    try {
      // This release can only fail (no /health): a shorter limit than nself's 60 s cannot make
      // it pass, and saves the suite 25 s of waiting.
      const o = await deploy({ limits: { healthyMs: 35_000, runningMs: 30_000, oneShotMs: 60_000 } });
      assert.equal(o.result, 'rolled-back', o.message);
      assert.equal(o.failing?.service, 'api');
      assert.match(o.note!, /migrations .*are not undone/);
      assert.equal(treeHash(remote), filesBefore);
      assert.equal(fs.readlinkSync(path.join(remote, '.nself', 'current')), current);
      assert.equal(await waitFor('the old api to answer', () => get(API_PORT, '/index.html').then((b) => (b === 'api v2\n' ? b : undefined))), 'api v2\n');
      assert.match(fs.readFileSync(path.join(remote, '.nself', 'deploys.log'), 'utf8'), /"result":"rolled-back","failing":"api"/);
    } finally {
      fs.writeFileSync(path.join(project, 'services', 'api', 'www', 'health'), 'ok\n');
      fs.writeFileSync(path.join(project, 'services', 'api', 'www', 'index.html'), 'api v2\n');
    }
  });

  it('cancel halfway through the upload leaves the server as it was, nothing half-written', async () => {
    const filesBefore = treeHash(remote);
    const before = containerIds();
    const releasesBefore = fs.readdirSync(path.join(remote, '.nself', 'releases')).sort();
    const big = path.join(project, 'services', 'api', 'www', 'big.bin');
    fs.writeFileSync(big, crypto.randomBytes(3 * 1024 * 1024));
    try {
      const controller = new AbortController();
      const o = await deploy({ signal: controller.signal, bwlimit: 256, onEvent: (e) => e.type === 'step' && e.step === 'upload' && setTimeout(() => controller.abort(), 1500) });
      assert.equal(o.result, 'cancelled', o.message);
      assert.match(o.message, /Nothing changed on staging/);
      assert.equal(treeHash(remote), filesBefore);
      assert.deepEqual(containerIds(), before);
      assert.deepEqual(fs.readdirSync(path.join(remote, '.nself', 'releases')).sort(), releasesBefore);
    } finally {
      fs.rmSync(big, { force: true });
    }
  });

  it('a connection lost halfway through the upload ends with a clear message; the staged release is removed, the server as it was', async () => {
    const filesBefore = treeHash(remote);
    const before = containerIds();
    const releasesBefore = fs.readdirSync(path.join(remote, '.nself', 'releases')).sort();
    const big = path.join(project, 'services', 'api', 'www', 'big.bin');
    fs.writeFileSync(big, crypto.randomBytes(3 * 1024 * 1024));
    let dropped = 0;
    try {
      // rsync is throttled so the drop lands mid-transfer; the removal of the staged release needs a second login.
      const o = await deploy({ bwlimit: 256, logins: 2, onEvent: (e) => e.type === 'step' && e.step === 'upload' && setTimeout(() => (dropped = sshd.dropConnections()), 1500) });
      assert.ok(dropped > 0, 'no ssh session was open to drop');
      assert.equal(o.result, 'failed', o.message);
      assert.match(o.message, /^Failed: .+\. Nothing changed on staging \(the staged release was removed\)\.$/s);
      assert.equal(treeHash(remote), filesBefore);
      assert.deepEqual(containerIds(), before);
      assert.deepEqual(fs.readdirSync(path.join(remote, '.nself', 'releases')).sort(), releasesBefore, 'a half-written release is left on the server');
    } finally {
      fs.rmSync(big, { force: true });
    }
  });

  it('an unreachable host, a wrong key and an unknown host key on prod each stop with a clear message', async () => {
    const inputs = loadDeployInputs(project, 'staging', '1.x', {});
    const base = inputs.target as ServerTarget;
    const filesBefore = treeHash(remote);
    const attempt = async (target: ServerTarget, knownHostsFile = sshd.knownHostsFile) =>
      runDeploy(driver(target, { knownHostsFile }), { ...inputs, target, by: 'test', confirm: async () => true }, new AbortController().signal);
    const closedPort = (await import('net')).createServer();
    await new Promise<void>((r) => closedPort.listen(0, '127.0.0.1', () => r()));
    const port = (closedPort.address() as { port: number }).port;
    await new Promise((r) => closedPort.close(r));
    const unreachable = await attempt({ ...base, port });
    assert.match(unreachable.message, /could not reach root@127\.0\.0\.1.*Connection refused.*Nothing changed on staging/s);
    const wrongKey = await attempt({ ...base, keyPath: sshd.wrongKey });
    assert.match(wrongKey.message, /key was refused/);
    const emptyKnown = path.join(sshd.dir, 'empty_known_hosts');
    fs.writeFileSync(emptyKnown, '');
    const prod: ServerTarget = { ...base, name: 'prod', env: 'prod', production: true };
    const unknown = await attempt(prod, emptyKnown);
    assert.equal(unknown.result, 'failed');
    assert.match(unknown.message, /host key of root@127\.0\.0\.1.* is not trusted/);
    assert.equal(fs.readFileSync(emptyKnown, 'utf8'), '', 'strict checking wrote a key');
    // The user checks the fingerprint and trusts it: pinned in our file, then it connects.
    const scanned = await scanHostKeys(prod);
    const expected = sh('ssh-keygen', ['-l', '-f', path.join(sshd.dir, 'host_ed25519.pub')]).split(' ')[1];
    assert.ok(scanned.fingerprints.some((f) => f.includes(expected!)), scanned.fingerprints.join('\n'));
    await trustHostKeys(scanned.lines, emptyKnown);
    const facts = await driver(prod, { knownHostsFile: emptyKnown }).facts(new AbortController().signal);
    assert.ok(facts.currentRelease);
    assert.equal(treeHash(remote), filesBefore);
  });

  it('hostile values never reach a shell: a command-substitution service name is refused before ssh runs', async () => {
    const dir = path.join(project, '.environments', 'hostile');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ name: 'hostile', host: '127.0.0.1', port: sshd.port, user: 'root', key: sshd.userKey, deploy_path: remote }, null, 2));
    fs.writeFileSync(path.join(dir, '.env'), `CS_3=$(touch ${PWNED}):custom:8003\n`);
    try {
      const inputs = loadDeployInputs(project, 'hostile', '1.x', {});
      const d = driver(inputs.target);
      let sshRan = false;
      const original = d.facts.bind(d);
      d.facts = (s) => ((sshRan = true), original(s));
      const o = await runDeploy(d, { ...inputs, by: 'test', confirm: async () => true }, new AbortController().signal);
      assert.equal(o.result, 'failed');
      assert.match(o.message, /configuration has \d+ error/);
      assert.ok(o.problems.some((p) => /cs-name/.test(p.message)), JSON.stringify(o.problems));
      assert.equal(sshRan, false);
      assert.ok(!fs.existsSync(PWNED));
      // Values that reach the driver anyway are refused there, not quoted into a command.
      await assert.rejects(() => d.up('p; touch x', { order: ['api'], remove: [], pull: [] }, new AbortController().signal, () => undefined), (e: unknown) => e instanceof DeployDriverError && /not a valid compose project/.test(e.message));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
