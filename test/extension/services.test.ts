/**
 * The Services view in the real editor, against the real engine: a generated stack with a
 * healthy, an unhealthy, a running, an exited (3) and a never-created service; the tree, the
 * status bar and the commands (start, stop, restart, recreate, logs) through the extension.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { runCompose } from '../../server/src/node/docker/composeRunner';
import type { ServiceNode } from '../../client/src/stack/servicesView';
import { IDLE, makeStackFixture, probe, TEST_IMAGE, type StackFixture } from '../helpers/dockerStackFixture';
import { PATIENCE } from '../helpers/patience';
import { dockerAvailable, run } from '../helpers/realTools';
import { activeExtension, nself, openDoc, waitFor, waitForProject } from './helpers';

describe('nself: Services view (real Docker engine)', function () {
  this.timeout(PATIENCE.build);
  let fx: StackFixture | undefined;

  before(async function () {
    if (!dockerAvailable() || !run('docker', ['image', 'inspect', TEST_IMAGE]).ok) {
      if (process.env.NSELF_REQUIRE_REAL_TOOLS === '1') throw new Error(`REAL TOOL MISSING: Docker engine with ${TEST_IMAGE}`);
      console.warn(`!!! SKIPPED: no Docker engine with ${TEST_IMAGE}`);
      this.skip();
    }
    fx = makeStackFixture('n9ex', {
      web: { command: IDLE, healthcheck: probe(['CMD', 'true']) },
      broken: { command: IDLE, healthcheck: probe(['CMD', 'sh', '-c', 'echo db connection refused; exit 1']) },
      plain: { command: IDLE },
      crash: { command: ['sh', '-c', 'echo crash-line; exit 3'], restart: 'no' },
      ghost: { command: IDLE },
    });
    await runCompose({ root: fx.dir, project: fx.project, verb: 'start', services: ['web', 'broken', 'plain', 'crash'] });
    await openDoc(vscode.Uri.file(`${fx.dir}/.env`));
    await waitForProject(fx.dir);
  });

  after(() => fx?.cleanup());

  it('shows every state in the tree and the status bar', async () => {
    const ext = await nself();
    await vscode.commands.executeCommand('nself.services.focus');
    const ctx = await ext.services.ensure();
    assert.strictEqual(ctx?.root, fx!.dir);
    // The other half of activation.test.ts: the view shown, the Docker bundle is loaded.
    assert.ok(require.cache[path.join((await activeExtension()).extensionPath, 'dist', 'docker.js')], 'dist/docker.js not loaded');
    const row = (n: string) => ext.services.snapshot?.rows.find((r) => r.name === n);
    await waitFor('the five states', () => row('web')?.state === 'healthy' && row('broken')?.state === 'unhealthy' && row('crash')?.state === 'exited' && row('plain')?.state === 'running' && row('ghost')?.state === 'not-created');
    const groups = await ext.services.getChildren();
    assert.deepStrictEqual(groups.map((g) => ext.services.getTreeItem(g).label), ['Custom services']);
    const items = (await ext.services.getChildren(groups[0])).map((n: ServiceNode) => ext.services.getTreeItem(n));
    const by = (n: string) => items.find((i) => i.label === n)!;
    assert.strictEqual((by('web').iconPath as vscode.ThemeIcon).id, 'pass-filled');
    assert.strictEqual((by('broken').iconPath as vscode.ThemeIcon).id, 'warning');
    assert.strictEqual((by('ghost').iconPath as vscode.ThemeIcon).id, 'circle-slash');
    assert.match(String(by('crash').description), /^exited 3/);
    assert.match(String(by('plain').contextValue), /^nselfService\.running/);
    assert.match(String(by('crash').contextValue), /^nselfService\.stopped/);
    assert.match(String(by('ghost').contextValue), /^nselfService\.notCreated/);
    assert.match((by('broken').tooltip as vscode.MarkdownString).value, /Last health check[\s\S]*db connection refused/);
    await waitFor('the status bar', () => /nself 2\/5 up/.test(ext.stackStatus.text));
  });

  it('Start, Stop, Restart and Recreate change the engine; Show Logs follows a service', async () => {
    const ext = await nself();
    const row = (n: string) => ext.services.snapshot?.rows.find((r) => r.name === n);
    await vscode.commands.executeCommand('nself.stopService', 'plain');
    assert.strictEqual(fx!.inspect(fx!.containerIds('plain')[0]!).State.Status, 'exited');
    await vscode.commands.executeCommand('nself.startService', 'ghost');
    assert.strictEqual(fx!.inspect(fx!.containerIds('ghost')[0]!).State.Status, 'running');
    const webStarted = fx!.inspect(fx!.containerIds('web')[0]!).State.StartedAt;
    await vscode.commands.executeCommand('nself.restartService', 'web');
    assert.notStrictEqual(fx!.inspect(fx!.containerIds('web')[0]!).State.StartedAt, webStarted);
    const brokenId = fx!.containerIds('broken')[0]!;
    await vscode.commands.executeCommand('nself.recreateService', 'broken');
    assert.notStrictEqual(fx!.containerIds('broken')[0], brokenId);
    await waitFor('the tree to follow', () => row('plain')?.state === 'exited' && row('ghost')?.state === 'running');

    const pane = await ext.stackActions.showLogs('crash');
    await waitFor('the crashed service\'s log line in its pane', () => pane?.lines.some((l) => l.includes('crash-line')));
  });
});

describe('nself: Services view when the engine cannot be reached', function () {
  this.timeout(PATIENCE.build);

  it('names the endpoint and the reason, then recovers when the setting is cleared', async function () {
    if (!dockerAvailable()) this.skip();
    const ext = await nself();
    const config = () => vscode.workspace.getConfiguration('nself');
    // Global = the test profile's user settings (thrown away with the run), never the example project.
    await config().update('docker.host', 'tcp://127.0.0.1:1', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('nself.services.focus');
      const down = await waitFor('the engine error', () => ext.services.snapshot?.error);
      assert.match(down.message, /Cannot reach Docker at tcp:\/\/127\.0\.0\.1:1 \(nself\.docker\.host\): connection refused/);
      await waitFor('the status item to say so', () => /no Docker/.test(ext.stackStatus.text));
      assert.deepStrictEqual(await ext.services.getChildren(), [], 'no items: the welcome content with Retry and Open Settings shows');
    } finally {
      await config().update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the view to recover', () => ext.services.snapshot && !ext.services.snapshot.error);
  });
});
