/**
 * Deploy over a real sshd on 127.0.0.1 to this machine's engine: wall time and bytes sent for a
 * no-change redeploy and a one-service change, ours (plan, only changed files, only changed
 * services, health gate) beside nself 0.9's way (send everything again, then
 * `up -d --force-recreate --build`), in the same run. Needs docker, docker-compose, sshd, rsync
 * and the offline image nself-test/busybox:latest (scripts/ci/docker.sh); skipped without them.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runDeploy, type DeployOutcome } from '../server/src/core/deploy/pipeline';
import { formatBytes } from '../server/src/core/deploy/report';
import type { ServerTarget } from '../server/src/core/deploy/targets';
import { loadDeployInputs } from '../server/src/node/deployInputs';
import { remoteCommand, runProgram, sshOptions } from '../server/src/node/ssh/ssh';
import { SshDriver } from '../server/src/node/ssh/sshDriver';
import { sshdAvailable, startDeploySshd, type DeploySshd } from '../test/helpers/deploySshd';

export interface DeployBenchRow {
  what: string;
  way: 'ours' | 'nself 0.9 way';
  ms: number;
  /** Until `up` returned (ours: before the health gate). */
  msUntilUp: number;
  bytesSent: number;
  /** ssh logins the server saw (sshd's log): connections opened. */
  logins?: number;
}

function makeProject(name: string, port: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nself-bench-${name}-`));
  fs.writeFileSync(path.join(root, '.env'), [`PROJECT_NAME=${name}`, 'BASE_DOMAIN=localhost', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', `CS_1=api:custom:${port}`, `CS_2=worker:custom:${port + 1}`, ''].join('\n'));
  for (const [svc, p] of [['api', port], ['worker', port + 1]] as const) {
    const dir = path.join(root, 'services', svc);
    fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM nself-test/busybox:latest\nCOPY www /www\nCMD ["httpd", "-f", "-p", "${p}", "-h", "/www"]\n`);
    fs.writeFileSync(path.join(dir, 'www', 'health'), 'ok\n');
    fs.writeFileSync(path.join(dir, 'www', 'index.html'), `${svc} v1\n`);
    // Some weight in each build folder, as a real service has (sources, lock files, assets).
    fs.writeFileSync(path.join(dir, 'www', 'assets.bin'), crypto.randomBytes(512 * 1024));
  }
  return root;
}

export async function benchDeploy(): Promise<DeployBenchRow[]> {
  console.log('\n## Deploy over ssh (real sshd on 127.0.0.1, real engine)');
  const image = spawnSync('docker', ['image', 'inspect', 'nself-test/busybox:latest'], { stdio: 'ignore' }).status === 0;
  if (!sshdAvailable() || !image || spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0) {
    console.log('SKIPPED: needs sshd, rsync, docker-compose and nself-test/busybox:latest (sudo bash scripts/ci/docker.sh; apt-get install openssh-server rsync)');
    return [];
  }
  const suffix = crypto.randomBytes(3).toString('hex');
  const port = 21000 + crypto.randomInt(15000);
  const ours = `nselfbench${suffix}`;
  const peer = `nselfpeer${suffix}`;
  const oursRoot = makeProject(ours, port);
  const peerRoot = makeProject(peer, port + 10);
  const remote = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-bench-remote-'));
  let sshd: DeploySshd | undefined;
  const rows: DeployBenchRow[] = [];
  try {
    sshd = await startDeploySshd();
    fs.writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine + '\n');
    const target: ServerTarget = { kind: 'server', name: 'staging', env: 'staging', host: '127.0.0.1', port: sshd.port, user: 'root', keyPath: sshd.userKey, path: path.join(remote, 'ours'), production: false, source: { format: 'environment', line: 0 } };
    const sshOpts = { strict: true, knownHostsFile: sshd.knownHostsFile, extraOptions: ['IdentityAgent=none'] };
    const logins = (): number => (fs.readFileSync(path.join(sshd!.dir, 'sshd.log'), 'utf8').match(/Accepted publickey/g) ?? []).length;
    const oursDeploy = async (planOnly = false): Promise<{ outcome: DeployOutcome; ms: number; logins: number }> => {
      const before = logins();
      const inputs = loadDeployInputs(oursRoot, 'staging', '1.x', { NSELF_DEPLOY_HOST_STAGING: 'root@127.0.0.1' });
      const start = Date.now();
      const driver = new SshDriver(target, { ...sshOpts, shareConnection: true, project: inputs.model.projectName });
      const outcome = await runDeploy(driver, { ...inputs, target, by: 'bench', planOnly, confirm: async () => true, pollMs: 500 }, new AbortController().signal).finally(() => driver.close());
      if (outcome.result !== (planOnly ? 'planned' : 'ok')) throw new Error(`bench deploy: ${outcome.message}`);
      return { outcome, ms: Date.now() - start, logins: logins() - before };
    };
    const untilUp = (o: DeployOutcome) => ['preflight', 'plan', 'upload', 'activate', 'up'].reduce((n, k) => n + (o.timings[k as keyof typeof o.timings] ?? 0), 0);
    const peerTarget = { ...target, path: path.join(remote, 'peer') };
    /** nself 0.9's way: everything again into the folder, then up --force-recreate --build. */
    const peerDeploy = async (): Promise<{ ms: number; bytes: number }> => {
      const inputs = loadDeployInputs(peerRoot, 'staging', '1.x', { NSELF_DEPLOY_HOST_STAGING: 'root@127.0.0.1' });
      const local = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-bench-peer-'));
      for (const f of inputs.files) {
        fs.mkdirSync(path.dirname(path.join(local, f.path)), { recursive: true });
        // compose v1 (this machine) rejects the name: line; nself passes no -p, so we do.
        const content = f.path === 'docker-compose.yml' ? Buffer.from(Buffer.from(f.content).toString('utf8').replace(/^name:.*$/m, '')) : f.content;
        fs.writeFileSync(path.join(local, f.path), content, { mode: f.mode });
      }
      const start = Date.now();
      const ssh = ['ssh', ...sshOptions(peerTarget, sshOpts)].map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ');
      const rsync = await runProgram('rsync', ['-r', '--whole-file', '--ignore-times', '--stats', '--protect-args', '-e', ssh, '--', local + '/', `127.0.0.1:${peerTarget.path}/`]);
      if (rsync.code !== 0) throw new Error(`peer rsync: ${rsync.stderr}`);
      const up = await runProgram('ssh', [...sshOptions(peerTarget, sshOpts), '--', '127.0.0.1', remoteCommand(['docker-compose', '-p', peer, '--project-directory', peerTarget.path, '--env-file', `${peerTarget.path}/.env.runtime`, '-f', `${peerTarget.path}/docker-compose.yml`, 'up', '-d', '--force-recreate', '--build'])]);
      if (up.code !== 0) throw new Error(`peer up: ${up.stderr}`);
      fs.rmSync(local, { recursive: true, force: true });
      const bytes = Number(/Total bytes sent: ([\d,.]+)/.exec(rsync.stdout.toString())?.[1]?.replace(/[,.]/g, '') ?? 0);
      return { ms: Date.now() - start, bytes };
    };
    const print = (r: DeployBenchRow) => {
      rows.push(r);
      console.log(`${r.what.padEnd(30)} ${r.way.padEnd(14)} ${String(r.ms).padStart(7)} ms  (until up ${String(r.msUntilUp).padStart(6)} ms)  sent ${formatBytes(r.bytesSent).padStart(10)}${r.logins !== undefined ? `  ssh logins ${r.logins}` : ''}`);
    };

    const first = await oursDeploy();
    print({ what: 'first deploy', way: 'ours', ms: first.ms, msUntilUp: untilUp(first.outcome), bytesSent: first.outcome.bytesSent ?? 0, logins: first.logins });
    const peerFirst = await peerDeploy();
    print({ what: 'first deploy', way: 'nself 0.9 way', ms: peerFirst.ms, msUntilUp: peerFirst.ms, bytesSent: peerFirst.bytes });
    const plan = await oursDeploy(true);
    console.log(`${'plan only, nothing changed'.padEnd(30)} ${'ours'.padEnd(14)} ${String(plan.ms).padStart(7)} ms  ssh logins ${plan.logins}`);
    const same = await oursDeploy();
    print({ what: 'no-change redeploy', way: 'ours', ms: same.ms, msUntilUp: untilUp(same.outcome), bytesSent: same.outcome.bytesSent ?? 0, logins: same.logins });
    const peerSame = await peerDeploy();
    print({ what: 'no-change redeploy', way: 'nself 0.9 way', ms: peerSame.ms, msUntilUp: peerSame.ms, bytesSent: peerSame.bytes });
    for (const root of [oursRoot, peerRoot]) fs.writeFileSync(path.join(root, 'services', 'api', 'www', 'index.html'), 'api v2\n');
    const one = await oursDeploy();
    print({ what: 'one service changed', way: 'ours', ms: one.ms, msUntilUp: untilUp(one.outcome), bytesSent: one.outcome.bytesSent ?? 0, logins: one.logins });
    const peerOne = await peerDeploy();
    print({ what: 'one service changed', way: 'nself 0.9 way', ms: peerOne.ms, msUntilUp: peerOne.ms, bytesSent: peerOne.bytes });
    console.log('ours: includes the health gate (a recreated service is healthy only after its first probe, 30 s in); nself 0.9 checks nothing after up.');
  } finally {
    for (const project of [ours, peer]) {
      const ids = spawnSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
      if (ids.length) spawnSync('docker', ['rm', '-f', ...ids]);
      spawnSync('docker', ['network', 'rm', `${project}_network`], { stdio: 'ignore' });
      const images = spawnSync('docker', ['images', '-q', '--filter', `reference=${project}*`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
      if (images.length) spawnSync('docker', ['rmi', '-f', ...new Set(images)], { stdio: 'ignore' });
    }
    await sshd?.stop();
    for (const dir of [oursRoot, peerRoot, remote]) fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
