/**
 * The Services view's reading of a swarm target, for real (node/swarm/swarmStatus.ts on the
 * private one-node swarm of test/helpers/privateSwarm.ts): a 3-replica service at 3/3 with its
 * tasks, scaled down, broken into a crash loop, logs across the tasks with the secret masked, and
 * the errors of an engine that is no manager or not there.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SecretMasker } from '../../server/src/core/secrets';
import type { SwarmServiceRow } from '../../server/src/core/stack/swarmState';
import { SwarmError } from '../../server/src/node/swarm/swarmClient';
import { followSwarmServiceLogs, readSwarmStack } from '../../server/src/node/swarm/swarmStatus';
import { PATIENCE } from '../helpers/patience';
import { privateSwarmUnavailable, startPrivateSwarm, type PrivateSwarm } from '../helpers/privateSwarm';
import { dockerAvailable, requireTool } from '../helpers/realTools';
import { VIEW_TOKEN, viewStackFile } from '../helpers/swarmFixture';

const TOKEN = VIEW_TOKEN;

describe('node/swarm/swarmStatus: what the Services view reads from a swarm', function () {
  this.timeout(PATIENCE.build * 2);
  let swarm: PrivateSwarm | undefined;
  const stack = 'viewst';
  const masker = new SecretMasker([TOKEN]);

  before(async function () {
    const missing = privateSwarmUnavailable();
    requireTool(this, missing === undefined, missing ?? '');
    swarm = await startPrivateSwarm();
    const file = path.join(swarm.dir, 'view-stack.yml');
    fs.writeFileSync(file, viewStackFile());
    const r = swarm.docker(['stack', 'deploy', '--detach=false', '-c', file, stack]);
    assert.ok(r.ok, r.stderr);
  });

  after(async () => {
    await swarm?.stop();
  });

  const read = () => readSwarmStack({ host: swarm!.host }, stack, { masker });
  async function until(what: string, ok: (rows: SwarmServiceRow[]) => boolean): Promise<SwarmServiceRow[]> {
    const deadline = Date.now() + PATIENCE.build;
    let last: SwarmServiceRow[] = [];
    for (;;) {
      last = await read();
      if (ok(last)) return last;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(last.map((r) => [r.name, r.running, r.desired, r.state]))}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const app = (rows: SwarmServiceRow[]) => rows.find((r) => r.shortName === 'app');

  it('lists the 3-replica service at 3/3 with its three running tasks, and the other service', async () => {
    const rows = await until('app 3/3', (r) => app(r)?.running === 3);
    assert.deepEqual(rows.map((r) => [r.name, r.desired, r.mode]), [
      [`${stack}_app`, 3, 'replicated'],
      [`${stack}_side`, 1, 'replicated'],
    ]);
    const a = app(rows)!;
    assert.equal(a.state, 'converged');
    assert.deepEqual(a.tasks.map((t) => [t.slot, t.state, t.desiredState]), [
      ['1', 'running', 'running'],
      ['2', 'running', 'running'],
      ['3', 'running', 'running'],
    ]);
    assert.ok(a.tasks.every((t) => t.node !== '' && /ago$/.test(t.since)), JSON.stringify(a.tasks));
  });

  it('follows the logs of all three tasks, with the secret masked', async () => {
    const lines: string[] = [];
    const logs = followSwarmServiceLogs({ host: swarm!.host }, `${stack}_app`, { masker, tail: 50, onLine: (l) => lines.push(l) });
    try {
      const deadline = Date.now() + PATIENCE.start;
      const hosts = () => new Set(lines.map((l) => /hello-from-(\S+)/.exec(l)?.[1]).filter(Boolean));
      while (hosts().size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
      assert.equal(hosts().size, 3, lines.join('\n'));
      // `--timestamps --no-trunc`: each line names its task and starts with the time.
      assert.match(lines.find((l) => l.includes('hello-from'))!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z ${stack}_app\\.\\d\\.\\w+@\\S+\\s+\\| hello-from-`));
      assert.ok(!lines.join('\n').includes(TOKEN), 'the token is masked');
      assert.ok(lines.some((l) => l.includes('token=')), 'the line with the token is there, masked');
      assert.equal(logs.child.exitCode, null, 'still following');
    } finally {
      logs.stop();
    }
  });

  it('sees a scale-down, then a crash loop as failing with the task error', async () => {
    assert.ok(swarm!.docker(['service', 'scale', '--detach', `${stack}_app=1`]).ok);
    const scaled = await until('app 1/1', (r) => app(r)?.desired === 1 && app(r)?.running === 1 && app(r)!.tasks.filter((t) => t.current).length === 1);
    assert.equal(app(scaled)!.state, 'converged');
    assert.ok(app(scaled)!.folded >= 2, 'the two removed tasks are folded');

    const broke = swarm!.docker(['service', 'update', '--detach', '--replicas', '2', '--update-failure-action', 'pause', '--args', 'sh -c "echo going-down; exit 3"', `${stack}_app`]);
    assert.ok(broke.ok, broke.stderr);
    const rows = await until('app failing', (r) => app(r)?.state === 'failing' && app(r)!.tasks.some((t) => t.state === 'failed'));
    const a = app(rows)!;
    assert.ok(a.running < 2, `running ${a.running}`);
    assert.match(a.lastError ?? '', /non-zero exit \(3\)/);
    assert.equal(rows.find((r) => r.shortName === 'side')?.state, 'converged');
  });

  it('an engine that is no swarm manager, and one that is not there, are errors with a hint', async function () {
    if (!dockerAvailable()) this.skip();
    // The shared engine other tests use is a plain engine, never a swarm.
    await assert.rejects(readSwarmStack({}, stack), (e: unknown) => e instanceof SwarmError && /not a swarm manager/.test(e.message) && /docker swarm init/.test(e.hint));
    await assert.rejects(readSwarmStack({ host: 'unix:///nonexistent/nself-swarm.sock' }, stack), (e: unknown) => e instanceof SwarmError && e.endpoint === 'unix:///nonexistent/nself-swarm.sock' && /Check that the engine runs/.test(e.hint));
  });
});
