/**
 * Swarm deploys for real, on a private one-node swarm (test/helpers/privateSwarm.ts), through the
 * deploy pipeline with the Swarm backend: the stack file from our generator, the plan from the
 * services' spec labels, `docker stack deploy`, the gate on tasks, Swarm's own rollback.
 * These kernels have no IPVS, so the stack uses dnsrr and no published ports (TESTING.md).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runDeployCommand } from '../../server/src/cli/deploy';
import { MIGRATIONS_NOTE, type DeployOutcome } from '../../server/src/core/deploy/pipeline';
import { planMarkdown } from '../../server/src/core/deploy/report';
import { stackName } from '../../server/src/core/generate';
import type { ServiceModel } from '../../server/src/core/model/types';
import { APP_DOCKERFILE, BAD_DOCKERFILE, releaseToSwarm, swarmModel, TOKEN } from '../helpers/swarmFixture';
import { PATIENCE } from '../helpers/patience';
import { privateSwarmUnavailable, startPrivateSwarm, type PrivateSwarm } from '../helpers/privateSwarm';
import { requireTool } from '../helpers/realTools';

describe('node/swarm: deploys to a private one-node swarm through the deploy pipeline', function () {
  // Swarm waits on the healthchecks and a busy engine.
  this.timeout(PATIENCE.build * 2);
  let swarm: PrivateSwarm | undefined;
  let project: string;
  let stack: string;
  let lines: string[] = [];

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
  });

  after(async () => {
    await swarm?.stop();
  });

  const deploy = (m: ServiceModel, opts: { planOnly?: boolean; confirm?: () => Promise<boolean> } = {}): Promise<DeployOutcome> => {
    lines = [];
    return releaseToSwarm(swarm!.host, m, { dir: swarm!.dir, gateMs: PATIENCE.build, onEvent: (e) => (e.type === 'line' ? lines.push(e.line) : undefined), ...opts });
  };

  it('deploys a 3-replica service; the gate passes; all three replicas answer by name inside the stack network', async () => {
    const model = swarmModel(project, 'nself-swarm-app:1', '1');
    const planned = await deploy(model, { planOnly: true });
    assert.equal(planned.result, 'planned', planned.message);
    assert.deepEqual(planned.plan!.services.map((s) => [s.name, s.action]), [['app', 'create'], ['side', 'create']]);
    assert.match(planMarkdown(planned.plan!), /Docker Swarm stack `nsw\w+` on unix:\/\//);
    assert.ok(!JSON.stringify(planned.plan).includes(TOKEN), 'the plan holds no secret value');
    assert.equal(swarm!.docker(['service', 'ls', '-q']).stdout.trim(), '', 'a plan changes nothing');

    const o = await deploy(model);
    assert.equal(o.result, 'ok', `${o.message}\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => l.startsWith('$ docker -H unix://') && l.includes('stack deploy --with-registry-auth --detach=false -c docker-stack.yml')));
    assert.ok(lines.some((l) => /\bapp=running 3\/3\b/.test(l)), lines.join('\n'));
    assert.ok(!lines.join('\n').includes(TOKEN), 'the token is masked in the streamed output');
    assert.ok(!fs.readFileSync(path.join(swarm!.dir, 'docker-stack.yml'), 'utf8').includes(TOKEN), 'the stack file holds no secret value');
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
    const o = await deploy(swarmModel(project, 'nself-swarm-app:bad', '1'));
    assert.equal(o.result, 'rolled-back', `${o.message}\n${lines.join('\n')}`);
    assert.equal(o.restored, true);
    assert.deepEqual(o.plan!.services.map((s) => [s.name, s.action]), [['app', 'recreate'], ['side', 'unchanged']]);
    assert.equal(o.failing?.service, 'app');
    assert.match(o.failing?.reason ?? '', new RegExp(`${stack}_app: update failed, Swarm rolled back to nself-swarm-app:1: task ${stack}_app\\.\\d \\(nself-swarm-app:bad\\) .*unhealthy`));
    assert.ok(lines.some((l) => l.includes('already rolled back by Swarm')), lines.join('\n'));
    assert.equal(o.note, MIGRATIONS_NOTE);
    const image = swarm!.docker(['service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', `${stack}_app`]).stdout;
    assert.match(image, /^nself-swarm-app:1(@|$)/m, 'Swarm put the previous image back');
  });

  it('a second deploy with one change updates only that service', async () => {
    const running = (name: string) => swarm!.docker(['service', 'ps', '-q', '--no-trunc', '--filter', 'desired-state=running', `${stack}_${name}`]).stdout.split('\n').filter(Boolean).sort();
    const spec = (name: string) => swarm!.docker(['service', 'inspect', '--format', '{{json .Spec}}', `${stack}_${name}`]).stdout;
    const before = { app: running('app'), side: running('side'), appSpec: spec('app') };
    assert.equal(before.app.length, 3);
    const o = await deploy(swarmModel(project, 'nself-swarm-app:1', '2'));
    assert.equal(o.result, 'ok', `${o.message}\n${lines.join('\n')}`);
    assert.deepEqual(o.plan!.services.map((s) => [s.name, s.action]), [['app', 'unchanged'], ['side', 'recreate']]);
    assert.deepEqual(running('app'), before.app, 'app kept its three tasks');
    assert.equal(spec('app'), before.appSpec, 'app spec unchanged');
    assert.notDeepEqual(running('side'), before.side, 'side got a new task');
    assert.match(spec('side'), /SIDE_VERSION=2/);
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
    const planOut = sink();
    assert.equal(await runDeployCommand(['swarm', root], {}, planOut, sink(), { isTTY: false, question: async () => assert.fail('asked') }), 3, 'without --yes and a terminal nothing runs');
    assert.match(planOut.text, new RegExp(`Plan for ${name} → swarm \\(Docker Swarm stack ${name} on unix://`));
    assert.match(planOut.text, /create +app/);
    assert.equal(swarm!.docker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${name}`]).stdout.trim(), '', 'declined: nothing deployed');
    const out = sink();
    const err = sink();
    const code = await runDeployCommand(['swarm', root], { yes: true, json: true }, out, err, { isTTY: false, question: async () => assert.fail('asked') });
    assert.equal(code, 0, err.text);
    const summary = JSON.parse(out.text) as { result: string; plan: { services: { name: string; action: string }[] } };
    assert.equal(summary.result, 'ok');
    assert.deepEqual(summary.plan.services.map((x) => [x.name, x.action]), [['app', 'create']]);
    assert.match(err.text, /app=running 2\/2/);
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
