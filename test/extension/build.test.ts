import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildOutcome } from '../../client/src/build';
import { activeExtension, tempDemoCopy, waitFor, waitForProject } from './helpers';
import { PATIENCE } from '../helpers/patience';

async function build(root: string, extra: Record<string, unknown> = {}): Promise<BuildOutcome> {
  const outcome = await vscode.commands.executeCommand<BuildOutcome | undefined>('nself.build', { root, ...extra });
  assert.ok(outcome, 'the build returned nothing (failed or cancelled; see the nself log)');
  return outcome;
}

describe('nself: build', function () {
  this.timeout(PATIENCE.build);
  let root: string;

  before(async () => {
    await activeExtension();
    root = tempDemoCopy();
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes compose, nginx, the env file, the manifest and service scaffolds', async () => {
    const first = await build(root);
    console.log(`[build] first: created ${first.created.length}, skipped ${first.skipped.length}`);
    for (const p of ['docker-compose.yml', '.env.runtime', 'nginx/nginx.conf']) {
      assert.ok(first.created.includes(p), `${p} not created: ${first.created.join(', ')}`);
      assert.ok(fs.existsSync(path.join(root, p)), `${p} missing on disk`);
    }
    assert.strictEqual(fs.statSync(path.join(root, '.env.runtime')).mode & 0o777, 0o600);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, '.nself/vscode-build.json'), 'utf8'));
    assert.strictEqual(manifest.version, 1);
    assert.ok(manifest.files['docker-compose.yml']);
    // services/api exists in the example: left alone. ml_worker (fastapi) gets a Python app.
    assert.ok(fs.existsSync(path.join(root, 'services/ml_worker/main.py')), 'no scaffold for ml_worker');
    assert.ok(!first.created.some((p) => p.startsWith('services/api/')), 'touched the existing services/api');
    // No temp file left behind.
    const leftovers = fs.readdirSync(root, { recursive: true }).map(String).filter((p) => p.endsWith('.nself-tmp'));
    assert.deepStrictEqual(leftovers, []);
  });

  it('compares the preview with the built file on disk in a diff editor', async () => {
    if (!fs.existsSync(path.join(root, 'docker-compose.yml'))) await build(root); // when run alone (--grep)
    const envUri = vscode.Uri.file(path.join(root, '.env'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(envUri));
    const t0 = Date.now();
    await waitForProject(root);
    const t1 = Date.now();
    await vscode.commands.executeCommand('nself.previewCompose', envUri);
    await waitFor('the compose preview of the copy', () => vscode.window.activeTextEditor?.document.uri.scheme === 'nself-preview');
    const t2 = Date.now();
    await vscode.commands.executeCommand('nself.compareWithDisk');
    console.log(`[build] project known after ${t1 - t0} ms, preview after ${t2 - t1} ms`);
    const tab = await waitFor('a diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.strictEqual(tab.original.fsPath, path.join(root, 'docker-compose.yml'));
    assert.strictEqual(tab.modified.scheme, 'nself-preview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('leaves a file the user edited untouched on the next build, and reports it', async () => {
    const compose = path.join(root, 'docker-compose.yml');
    const edited = fs.readFileSync(compose, 'utf8') + '# my own change\n';
    fs.writeFileSync(compose, edited);
    const second = await build(root);
    assert.deepStrictEqual(second.skipped, [{ path: 'docker-compose.yml', reason: 'edited' }]);
    assert.strictEqual(fs.readFileSync(compose, 'utf8'), edited);
    assert.ok(second.untouched.includes('.env.runtime'), `untouched: ${second.untouched.join(', ')}`);
    assert.deepStrictEqual(second.created, []);
    assert.deepStrictEqual(second.changed, []);
  });

  it('overwrites the edited file only when asked by path', async () => {
    const third = await build(root, { overwrite: ['docker-compose.yml'] });
    assert.deepStrictEqual(third.changed, ['docker-compose.yml']);
    assert.ok(!fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8').includes('# my own change'));
  });

  it('does not overwrite a file it never wrote', async () => {
    const fresh = tempDemoCopy();
    try {
      fs.writeFileSync(path.join(fresh, 'docker-compose.yml'), 'services: {}\n');
      const outcome = await build(fresh);
      assert.deepStrictEqual(outcome.skipped, [{ path: 'docker-compose.yml', reason: 'foreign' }]);
      assert.strictEqual(fs.readFileSync(path.join(fresh, 'docker-compose.yml'), 'utf8'), 'services: {}\n');
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
