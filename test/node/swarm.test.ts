/**
 * Swarm deploys for real, on a private one-node swarm (test/helpers/privateSwarm.ts): the stack
 * file comes from our generator, `docker stack deploy` and the gate from node/swarm/swarmClient.
 * These kernels have no IPVS, so the stack uses dnsrr and no published ports (TESTING.md).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runDeployCommand } from '../../server/src/cli/deploy';
import { generateStack, stackName } from '../../server/src/core/generate';
import { planVariables } from '../../server/src/core/generate/secretEnv';
import type { ServiceModel } from '../../server/src/core/model/types';
import { APP_DOCKERFILE, BAD_DOCKERFILE, swarmModel, TOKEN } from '../helpers/swarmFixture';
import { SecretMasker } from '../../server/src/core/secrets';
import { SwarmClient, type SwarmDeployReport } from '../../server/src/node/swarm/swarmClient';
import { PATIENCE } from '../helpers/patience';
import { privateSwarmUnavailable, startPrivateSwarm, type PrivateSwarm } from '../helpers/privateSwarm';
import { requireTool } from '../helpers/realTools';

describe('node/swarm: deploys to a private one-node swarm', function () {
  // Swarm waits on nself's healthchecks (30 s interval, 60 s start period) and a busy engine.
  this.timeout(PATIENCE.build * 2);
  let swarm: PrivateSwarm | undefined;
  let client: SwarmClient;
  let project: string;
  let stack: string;
  const lines: string[] = [];

  before(async function () {
    const missing = privateSwarmUnavailable();
    requireTool(this, missing === undefined, missing ?? '');
    swarm = await startPrivateSwarm();
    const ctx = path.join(swarm.dir, 'images');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), APP_DOCKERFILE);
    fs.writeFileSync(path.join(ctx, 'Dockerfile.bad'), BAD_DOCKERFILE);
    swarm.build('nself-swarm-app:1', ctx);
    swarm.build('nself-swarm-app:bad', ctx, path.join(ctx, 'Dockerfile.bad'));
    project = `nsw${swarm.id}`;
    stack = stackName(swarmModel(project, 'x', '1'));
    client = new SwarmClient({ host: swarm.host }, { masker: new SecretMasker([TOKEN]) });
  });

  after(async () => {
    await swarm?.stop();
  });

  const deploy = (m: ServiceModel): Promise<SwarmDeployReport> =>
    client.deployStack({
      stack,
      stackFile: generateStack(m),
      variables: Object.fromEntries(planVariables(m).values),
      gateTimeoutMs: PATIENCE.build,
      onLine: (l) => lines.push(l),
    }).then((r) => {
      if (process.env.NSELF_SWARM_DEBUG) console.log(`deploy ${r.deployMs} ms, gate verdict at ${r.totalMs} ms`);
      return r;
    });

  it('deploys a 3-replica service; the gate passes; all three replicas answer by name inside the stack network', async () => {
    const report = await deploy(swarmModel(project, 'nself-swarm-app:1', '1'));
    assert.ok(report.gate.passed, report.failures.join('\n'));
    const app = report.gate.services.find((s) => s.name === `${stack}_app`);
    assert.deepEqual([app?.desired, app?.running], [3, 3]);
    assert.ok(lines.some((l) => l.startsWith('$ docker -H unix://') && l.includes('stack deploy --with-registry-auth --detach=false -c docker-stack.yml')));
    assert.ok(!lines.join('\n').includes(TOKEN), 'the token is masked in the streamed output');
    // The secret reached the service from the env snapshot, not from the file.
    const env = JSON.parse(swarm!.docker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', `${stack}_app`]).stdout) as string[];
    assert.ok(env.includes(`API_TOKEN=${TOKEN}`));

    // dnsrr: the name resolves to every replica; ask until all three answered (at most 60 times:
    // on a loaded machine each request can take seconds, so stop as soon as three hosts replied).
    const script = [
      'seen=""; n=0',
      'for i in $(seq 1 60); do',
      '  h=$(wget -q -O - http://app:8080/)',
      // A failed lookup (the engine's DNS is slow under load): wait a little and ask again.
      '  if [ -z "$h" ]; then sleep 2; continue; fi',
      '  echo "$h"',
      '  case "$seen" in *"[$h]"*) ;; *) seen="$seen[$h]"; n=$((n+1)) ;; esac',
      '  [ "$n" -ge 3 ] && break',
      'done',
    ].join('\n');
    const seen = swarm!.docker(['run', '--rm', '--network', `${stack}_${project}_network`, 'nself-test/busybox:latest', 'sh', '-c', script]);
    const hosts = new Set(seen.stdout.split('\n').filter((l) => l.endsWith(' v1')).map((l) => l.split(' ')[0]));
    assert.equal(hosts.size, 3, `replicas that answered: ${[...hosts].join(', ')} (${seen.stderr.trim()})`);
  });

  it('an update whose image fails its healthcheck is rolled back by Swarm and reported with the task error', async () => {
    const report = await deploy(swarmModel(project, 'nself-swarm-app:bad', '1'));
    assert.equal(report.gate.passed, false);
    assert.equal(report.gate.failed, true);
    const app = report.gate.services.find((s) => s.name === `${stack}_app`)!;
    assert.equal(app.rolledBack, true);
    assert.equal(app.image, 'nself-swarm-app:1', 'Swarm put the previous image back');
    assert.equal(app.taskErrors[0]?.image, 'nself-swarm-app:bad');
    assert.match(app.taskErrors[0]?.error ?? '', /unhealthy/);
    assert.match(report.failures.join('\n'), new RegExp(`${stack}_app: update failed, Swarm rolled back to nself-swarm-app:1: task ${stack}_app\\.\\d \\(nself-swarm-app:bad\\) .*unhealthy`));
    assert.equal(report.gate.services.find((s) => s.name === `${stack}_side`)?.status, 'ok');
  });

  it('a second deploy with one change updates only that service', async () => {
    // `docker stack deploy` sends every service's spec again (Swarm's version grows for each), but
    // only a changed spec replaces tasks: compare the running tasks and the spec itself.
    const running = (name: string) => swarm!.docker(['service', 'ps', '-q', '--no-trunc', '--filter', 'desired-state=running', `${stack}_${name}`]).stdout.split('\n').filter(Boolean).sort();
    const spec = (name: string) => swarm!.docker(['service', 'inspect', '--format', '{{json .Spec}}', `${stack}_${name}`]).stdout;
    const before = { app: running('app'), side: running('side'), appSpec: spec('app') };
    assert.equal(before.app.length, 3);
    const report = await deploy(swarmModel(project, 'nself-swarm-app:1', '2'));
    assert.ok(report.gate.passed, report.failures.join('\n'));
    assert.deepEqual(running('app'), before.app, 'app kept its three tasks');
    assert.equal(spec('app'), before.appSpec, 'app spec unchanged');
    assert.notDeepEqual(running('side'), before.side, 'side got a new task');
    assert.match(spec('side'), /SIDE_VERSION=2/);
    // The earlier rollback of app is not this deploy's failure.
    assert.equal(report.gate.services.find((s) => s.name === `${stack}_app`)?.rolledBack, false);
  });

  it("nself-env deploy to a swarm target: the project's stack file (2 replicas), all healthy, exit 0", async () => {
    const root = fs.mkdtempSync(path.join(swarm!.dir, 'project-'));
    const name = `nswcli${swarm!.id}`;
    fs.writeFileSync(
      path.join(root, '.env'),
      [`PROJECT_NAME=${name}`, 'BASE_DOMAIN=localhost', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', 'CS_1=app:custom:28080', 'CS_1_IMAGE=nself-swarm-app:1', 'CS_1_REPLICAS=2', ''].join('\n'),
    );
    fs.mkdirSync(path.join(root, '.environments', 'swarm'), { recursive: true });
    fs.writeFileSync(path.join(root, '.environments', 'swarm', 'server.json'), JSON.stringify({ name: 'swarm', host: '127.0.0.1', user: 'root', orchestrator: 'swarm', docker_host: swarm!.host }, null, 2));
    const out = sink();
    const err = sink();
    const code = await runDeployCommand(['swarm', root], { yes: true }, out, err, { isTTY: false, question: async () => assert.fail('asked') });
    assert.equal(code, 0, err.text);
    assert.match(out.text, new RegExp(`${name}_app: nself-swarm-app:1 × 2`));
    assert.match(err.text, new RegExp(`Stack ${name} is live on swarm: ${name}_app 2/2`));
  });
});

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _e, done) {
      w.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}
