/**
 * The services view's state against the real engine: a generated stack whose services are healthy,
 * unhealthy, running without a healthcheck, exited with a code and never created, plus a container
 * of the same project the model does not know (Other). The stack state, `nself-env status` and
 * the lifecycle actions (start, stop, restart, recreate through compose) all on the real engine.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { main } from '../../../server/src/cli/main';
import type { StackRow } from '../../../server/src/core/stack/rows';
import { runCompose } from '../../../server/src/node/docker/composeRunner';
import { openEngine } from '../../../server/src/node/docker/engine';
import { StackState, type StackSnapshot } from '../../../server/src/node/docker/stackState';
import { IDLE, makeStackFixture, probe, TEST_IMAGE, type StackFixture } from '../../helpers/dockerStackFixture';
import { PATIENCE } from '../../helpers/patience';
import { dockerAvailable, hasCommand, requireTool, run } from '../../helpers/realTools';

function sink(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({ write: (c, _e, cb) => ((text += c.toString()), cb()) }) as Writable & { text: () => string };
  w.text = () => text;
  return w;
}

const row = (s: StackSnapshot, name: string): StackRow | undefined => s.rows.find((r) => r.name === name);

describe('node/docker: stack state, nself-env status and actions on the real engine', function () {
  this.timeout(PATIENCE.build);
  let fx: StackFixture;
  let state: StackState;

  before(async function () {
    requireTool(this, dockerAvailable(), 'a running Docker engine (dockerd)');
    requireTool(this, hasCommand('docker-compose') || run('docker', ['compose', 'version']).ok, 'docker compose v2 or docker-compose v1');
    requireTool(this, run('docker', ['image', 'inspect', TEST_IMAGE]).ok, `the offline test image ${TEST_IMAGE}`);
    fx = makeStackFixture('n9st', {
      web: { command: IDLE, healthcheck: probe(['CMD', 'true']) },
      broken: { command: IDLE, healthcheck: probe(['CMD', 'false']) },
      plain: { command: IDLE },
      crash: { command: ['sh', '-c', 'echo bye; exit 3'], restart: 'no' },
      ghost: { command: IDLE },
    });
    await runCompose({ root: fx.dir, project: fx.project, verb: 'start', services: ['web', 'broken', 'plain', 'crash'] });
    // A container of the project that the model does not know (a plugin, a one-shot): "Other".
    const other = run('docker', ['run', '-d', '--restart', 'unless-stopped', '--name', `${fx.project}_extra`, '--label', `com.docker.compose.project=${fx.project}`, '--label', 'com.docker.compose.service=extra', TEST_IMAGE, ...IDLE]);
    assert.ok(other.ok, other.stderr);
    const engine = openEngine();
    state = new StackState({ docker: engine.docker, endpoint: engine.endpoint, model: fx.model });
    state.start();
  });

  after(() => {
    state?.dispose();
    fx?.cleanup();
  });

  it('healthy, unhealthy, running, exited 3, not created and Other come out right', async () => {
    const s = await state.waitFor((x) => row(x, 'web')?.state === 'healthy' && row(x, 'broken')?.state === 'unhealthy' && row(x, 'crash')?.state === 'exited', PATIENCE.start);
    assert.deepEqual(
      s.rows.map((r) => [r.group, r.name, r.state, r.verdict]),
      [
        ['custom', 'web', 'healthy', 'ok'],
        ['custom', 'broken', 'unhealthy', 'failed'],
        ['custom', 'plain', 'running', 'ok'],
        ['custom', 'crash', 'exited', 'failed'],
        ['custom', 'ghost', 'not-created', 'failed'],
        ['other', 'extra', 'running', 'ok'],
      ],
    );
    assert.equal(row(s, 'crash')!.exitCode, 3);
    assert.match(row(s, 'crash')!.description, /^exited 3/);
    assert.equal(row(s, 'ghost')!.description, 'not created');
    assert.deepEqual(s.summary, { ...s.summary, up: 2, total: 5 });
  });

  it('nself-env status prints the same states from the same code and exits 1', async () => {
    const out = sink();
    const err = sink();
    const code = await main(['status', fx.dir, '--json'], out, err);
    assert.equal(code, 1, err.text());
    const json = JSON.parse(out.text()) as { up: number; total: number; services: { name: string; state: string; exitCode?: number }[] };
    assert.deepEqual(json.services.map((x) => [x.name, x.state]), [['web', 'healthy'], ['broken', 'unhealthy'], ['plain', 'running'], ['crash', 'exited'], ['ghost', 'not-created'], ['extra', 'running']]);
    assert.equal(json.services.find((x) => x.name === 'crash')!.exitCode, 3);
    const text = sink();
    assert.equal(await main(['status', fx.dir], text, sink()), 1);
    assert.match(text.text(), /Custom services\s+broken\s+✗ unhealthy/);
    assert.match(text.text(), /Other\s+extra\s+✓ running/);
  });

  it('start (never created), stop, restart and recreate change the engine, and the state follows by events', async () => {
    await runCompose({ root: fx.dir, project: fx.project, verb: 'start', services: ['ghost'] });
    assert.equal(fx.inspect(fx.containerIds('ghost')[0]!).State.Status, 'running');
    await state.waitFor((x) => row(x, 'ghost')?.state === 'running', PATIENCE.reply);

    await runCompose({ root: fx.dir, project: fx.project, verb: 'stop', services: ['plain'] });
    assert.equal(fx.inspect(fx.containerIds('plain')[0]!).State.Status, 'exited');
    await state.waitFor((x) => row(x, 'plain')?.state === 'exited', PATIENCE.reply);

    const webId = fx.containerIds('web')[0]!;
    const startedBefore = fx.inspect(webId).State.StartedAt;
    await runCompose({ root: fx.dir, project: fx.project, verb: 'restart', services: ['web'] });
    assert.notEqual(fx.inspect(webId).State.StartedAt, startedBefore);
    await state.waitFor((x) => row(x, 'web')?.state === 'healthy' && row(x, 'web')!.containers[0]!.startedAt !== startedBefore, PATIENCE.reply);

    const brokenId = fx.containerIds('broken')[0]!;
    await runCompose({ root: fx.dir, project: fx.project, verb: 'recreate', services: ['broken'] });
    const [newId] = fx.containerIds('broken');
    assert.ok(newId && !brokenId.startsWith(newId) && !newId.startsWith(brokenId.slice(0, 12)), 'recreate made a new container');
    await state.waitFor((x) => row(x, 'broken')?.containers[0]?.id.startsWith(newId) === true, PATIENCE.reply);
  });

  it('hostile names in the env files reach compose and docker as single arguments, never a shell', async () => {
    const marker = `/tmp/nself-hostile-${process.pid}`;
    fs.rmSync(marker, { force: true });
    const hostile = makeStackFixture('n9ho', { ok: { command: IDLE } }, `CS_2=$(touch ${marker}):custom:8001\nCS_3="quoted'name":custom:8002\nCS_4=ünï:custom:8003\n`);
    try {
      const names = hostile.model.services.map((s) => s.composeKey).filter((n): n is string => !!n);
      // The model keeps only names nself accepts (cs-name reports the others)…
      assert.deepEqual(names, ['ok']);
      // …and even a hostile string given straight to the runner is one argument compose rejects.
      const raw = [`$(touch ${marker})`, `x;touch ${marker}`, `"quoted'name`, 'ünï', `\`touch ${marker}\``];
      await runCompose({ root: hostile.dir, project: hostile.project, verb: 'start', services: names });
      // One compose run per verb, every hostile name an argument of it (compose refuses unknown services).
      for (const verb of ['start', 'recreate'] as const) {
        const failed = await runCompose({ root: hostile.dir, project: hostile.project, verb, services: raw }).then(() => false, () => true);
        assert.ok(failed, `compose ${verb} accepted services it does not have`);
      }
      await main(['status', hostile.dir, '--json'], sink(), sink());
      assert.equal(fs.existsSync(marker), false, 'a name from the env file was run by a shell');
    } finally {
      hostile.cleanup();
      fs.rmSync(marker, { force: true });
    }
  });
});
