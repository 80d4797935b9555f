/**
 * A log pane follows the service, not the container: a service printing a numbered line every
 * 50 ms is restarted and then recreated (compose, real engine) while the follower runs; the
 * numbers received are contiguous, with no gap and no duplicate, and marker lines say what
 * happened. The counter lives in a volume, so it carries on across both.
 */
import * as assert from 'node:assert/strict';
import { runCompose } from '../../../server/src/node/docker/composeRunner';
import { openEngine } from '../../../server/src/node/docker/engine';
import { LogFollower } from '../../../server/src/node/docker/logFollower';
import { StackState } from '../../../server/src/node/docker/stackState';
import { contiguous, COUNTER, makeStackFixture, TEST_IMAGE, until, type StackFixture } from '../../helpers/dockerStackFixture';
import { PATIENCE } from '../../helpers/patience';
import { dockerAvailable, hasCommand, requireTool, run } from '../../helpers/realTools';

describe('node/docker: logs follow a service across restart and recreate', function () {
  this.timeout(PATIENCE.build);
  let fx: StackFixture;
  let state: StackState;
  let follower: LogFollower;

  before(async function () {
    requireTool(this, dockerAvailable(), 'a running Docker engine (dockerd)');
    requireTool(this, hasCommand('docker-compose') || run('docker', ['compose', 'version']).ok, 'docker compose v2 or docker-compose v1');
    requireTool(this, run('docker', ['image', 'inspect', TEST_IMAGE]).ok, `the offline test image ${TEST_IMAGE}`);
    fx = makeStackFixture('n9lg', { counter: { command: COUNTER, volumes: ['counter_data:/data'] } });
    await runCompose({ root: fx.dir, project: fx.project, verb: 'start', services: ['counter'] });
  });

  after(() => {
    follower?.dispose();
    state?.dispose();
    fx?.cleanup();
  });

  it('no gap, no duplicate, and a marker for each restart and recreate', async () => {
    const engine = openEngine();
    state = new StackState({ docker: engine.docker, endpoint: engine.endpoint, model: fx.model });
    state.start();
    await state.waitFor((s) => s.rows.some((r) => r.name === 'counter' && r.state === 'running'), PATIENCE.start);
    const lines: string[] = [];
    follower = new LogFollower({ docker: engine.docker, project: fx.project, service: 'counter', tail: 5, timestamps: false, events: state, write: (l) => lines.push(l) });
    await follower.start();
    const count = () => lines.filter((l) => l.startsWith('n=')).length;
    await until(() => count() >= 20, '20 lines');

    await runCompose({ root: fx.dir, project: fx.project, verb: 'restart', services: ['counter'] });
    await until(() => lines.some((l) => l.includes('container restarted')), 'the restart marker');
    const afterRestart = count();
    await until(() => count() >= afterRestart + 20, '20 lines after the restart');

    const oldId = fx.containerIds('counter')[0]!;
    await runCompose({ root: fx.dir, project: fx.project, verb: 'recreate', services: ['counter'] });
    assert.notEqual(fx.containerIds('counter')[0], oldId, 'a new container');
    await until(() => lines.some((l) => l.includes('container recreated')), 'the recreate marker');
    const afterRecreate = count();
    await until(() => count() >= afterRecreate + 20, '20 lines after the recreate');
    follower.dispose();

    const numbers = contiguous(lines);
    assert.ok(numbers.length >= 60, `${numbers.length} lines`);
    // The first attachment showed the tail, so it starts a few lines back; the rest follows on.
    const markers = lines.filter((l) => l.startsWith('──'));
    assert.deepEqual(markers.map((m) => /container (\w+)/.exec(m)?.[1]), ['restarted', 'recreated'], markers.join('\n'));
  });
});
