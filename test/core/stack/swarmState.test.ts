/**
 * The Services view's swarm rows from real `docker service inspect` / `docker service ps` output
 * (recorded from the private one-node swarm: test/fixtures/swarm/README.md).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseServiceInspect, parseServicePs, type SwarmService, type SwarmTask } from '../../../server/src/core/orchestrators/swarm';
import { ageSeconds, swarmServiceDescription, swarmServiceRows, swarmTaskDescription, type SwarmServiceRow } from '../../../server/src/core/stack/swarmState';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'swarm', name), 'utf8');

function rows(inspectFile: string, psFile: string): Map<string, SwarmServiceRow> {
  const out = swarmServiceRows('rec', parseServiceInspect(fixture(inspectFile)), parseServicePs(fixture(psFile)));
  return new Map(out.map((r) => [r.shortName, r]));
}

describe('core/stack/swarmState: what the Services view shows of a swarm stack', () => {
  it('reads the node, the age and the mode that docker 28 prints', () => {
    const tasks = parseServicePs(fixture('ps.txt'));
    const app1 = tasks.find((t) => t.name === 'rec_app.1')!;
    assert.deepEqual([app1.node, app1.since, app1.state], ['vm', '21 seconds ago', 'running']);
    const modes = parseServiceInspect(fixture('inspect.json')).map((s) => [s.name, s.mode, s.replicas]);
    assert.deepEqual(modes, [
      ['rec_app', 'replicated', 3],
      ['rec_crash', 'replicated', 1],
      ['rec_glob', 'global', undefined],
    ]);
  });

  it('a converged 3-replica service, a global one, and a crash loop', () => {
    const r = rows('inspect.json', 'ps.txt');
    assert.deepEqual([...r.keys()], ['app', 'crash', 'glob']);
    const app = r.get('app')!;
    assert.deepEqual([app.running, app.desired, app.state, app.folded], [3, 3, 'converged', 0]);
    assert.equal(swarmServiceDescription(app), '3/3');
    assert.deepEqual(app.tasks.map((t) => [t.slot, t.node, t.state, t.current]), [
      ['1', 'vm', 'running', true],
      ['2', 'vm', 'running', true],
      ['3', 'vm', 'running', true],
    ]);
    assert.equal(swarmTaskDescription(app.tasks[0]!), 'running 21 seconds ago on vm');

    const glob = r.get('glob')!;
    assert.deepEqual([glob.mode, glob.running, glob.desired, glob.state], ['global', 1, 1, 'converged']);
    assert.equal(glob.tasks[0]!.slot, 'vm', 'a global task is named by its node, not by the node ID');
    assert.equal(swarmServiceDescription(glob), '1/1 (global)');

    const crash = r.get('crash')!;
    assert.deepEqual([crash.running, crash.desired, crash.state], [0, 1, 'failing']);
    assert.equal(crash.lastError, 'task: non-zero exit (2)');
    assert.equal(swarmServiceDescription(crash), '0/1 · failing: task: non-zero exit (2)');
    // The current (starting) task first, then the newest 3 failures; the 4th is folded.
    assert.deepEqual(crash.tasks.map((t) => [t.state, t.since]), [
      ['starting', 'less than a second ago'],
      ['failed', '1 second ago'],
      ['failed', '4 seconds ago'],
      ['failed', '6 seconds ago'],
    ]);
    assert.equal(crash.folded, 1);
    assert.equal(swarmTaskDescription(crash.tasks[1]!), 'failed 1 second ago on vm (desired shutdown): task: non-zero exit (2)');
  });

  it('scaled down: the tasks Swarm is removing do not count and are folded', () => {
    const services = parseServiceInspect(fixture('inspect.json')).map((s) => (s.name === 'rec_app' ? { ...s, replicas: 1 } : s));
    const app = swarmServiceRows('rec', services, parseServicePs(fixture('ps-scaled.txt'))).find((r) => r.shortName === 'app')!;
    assert.deepEqual([app.running, app.desired, app.state, app.tasks.length, app.folded], [1, 1, 'converged', 1, 2]);
    // Against the old spec (3 wanted) the same tasks are short, with no failure: starting.
    const before = rows('inspect.json', 'ps-scaled.txt').get('app')!;
    assert.deepEqual([before.running, before.desired, before.state], [1, 3, 'starting']);
  });

  it('an update to a missing image: rolling back, with the rejection as the reason', () => {
    const app = rows('inspect-upd.json', 'ps-upd.txt').get('app')!;
    assert.equal(app.state, 'rolling back');
    assert.deepEqual([app.running, app.desired], [1, 1]);
    assert.equal(app.lastError, 'No such image: nself-missing:1');
    assert.match(app.updateMessage ?? '', /update rolled back due to failure/);
    assert.equal(swarmServiceDescription(app), '1/1 · rolling back: No such image: nself-missing:1');
    // Newest first: the rejected task is older than the two shut-down ones, which are folded.
    assert.deepEqual(app.tasks.map((t) => [t.state, t.image]), [
      ['running', 'nself-test/busybox:latest'],
      ['rejected', 'nself-missing:1'],
    ]);
    assert.equal(app.folded, 2);
  });

  it('rolled back, updating, paused, and old failures of a converged service', () => {
    const [svc] = parseServiceInspect(fixture('inspect-upd.json')) as [SwarmService];
    const tasks = parseServicePs(fixture('ps-upd.txt'));
    const state = (update: Partial<SwarmService>, t: SwarmTask[] = tasks) => swarmServiceRows('rec', [{ ...svc, ...update }], t)[0]!.state;
    assert.equal(state({ updateState: 'rollback_completed' }), 'rolled back');
    assert.equal(state({ updateState: 'updating' }), 'updating');
    assert.equal(state({ updateState: 'paused' }), 'failing');
    assert.equal(state({ updateState: 'completed' }), 'converged', 'a rejected task in the history does not matter once enough run');
    // Not enough tasks and only an old failure (an hour ago): still starting, not failing.
    const old = tasks.map((t) => (t.state === 'rejected' ? { ...t, since: 'About an hour ago' } : t));
    assert.equal(state({ updateState: 'completed', replicas: 2 }, old), 'starting');
    assert.equal(state({ updateState: 'completed', replicas: 2 }), 'failing');
  });

  it("parses docker's human durations", () => {
    assert.equal(ageSeconds('less than a second ago'), 0);
    assert.equal(ageSeconds('16 seconds ago'), 16);
    assert.equal(ageSeconds('About a minute ago'), 60);
    assert.equal(ageSeconds('About an hour ago'), 3600);
    assert.equal(ageSeconds('2 weeks ago'), 2 * 604800);
    assert.equal(ageSeconds('yesterday'), undefined);
  });
});
