import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, demoFile, demoRoot, lineOf, openDoc, tempDemoCopy, waitFor, waitForProject } from './helpers';
import { PATIENCE } from '../helpers/patience';

const SCHEME = 'nself-preview';

function previewEditor(pathSuffix: string): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === SCHEME && e.document.uri.path.endsWith(pathSuffix));
}

describe('nself: previews', function () {
  this.timeout(PATIENCE.build);
  before(async () => {
    await activeExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('previews docker-compose.yml as read-only YAML for the active environment', async () => {
    await openDoc(demoFile('.env'));
    await vscode.commands.executeCommand('nself.previewCompose', demoFile('.env'));
    const editor = await waitFor('the compose preview', () => previewEditor('/compose/docker-compose.yml'));
    const doc = editor.document;
    assert.strictEqual(doc.languageId, 'yaml');
    const text = doc.getText();
    assert.match(text, /^services:/m, text.slice(0, 500));
    assert.match(text, /^name: acme$/m);
    assert.match(text, /environment dev/);
    // Secrets never appear in the compose file: the demo's POSTGRES_PASSWORD value is not in it.
    const secret = /^POSTGRES_PASSWORD=(.+)$/m.exec(fs.readFileSync(demoFile('.env.secrets').fsPath, 'utf8'))?.[1]?.trim();
    assert.ok(secret && secret.length > 3);
    assert.ok(!text.includes(secret), 'the preview shows the postgres password');
  });

  it('masks secrets in the Kubernetes preview', async () => {
    await vscode.commands.executeCommand('nself.previewKubernetes', demoFile('.env'));
    const editor = await waitFor('the k8s preview', () => previewEditor('.yaml'));
    assert.strictEqual(editor.document.languageId, 'yaml');
    const text = editor.document.getText();
    assert.match(text, /kind: Deployment/);
    const secrets = fs.readFileSync(demoFile('.env.secrets').fsPath, 'utf8');
    // Secret keys (REFERENCE §5): PASSWORD|SECRET|_KEY$|TOKEN|PRIVATE.
    for (const m of secrets.matchAll(/^([A-Z0-9_]+)=(.{6,})$/gm)) {
      if (!/PASSWORD|SECRET|_KEY$|TOKEN|PRIVATE/.test(m[1]!)) continue;
      assert.ok(!text.includes(m[2]!.trim()), `${m[1]} is shown in clear`);
    }
  });

  it('previews the Swarm stack file: deploy sections, no container names, no secret values', async () => {
    await vscode.commands.executeCommand('nself.previewStack', demoFile('.env'));
    const editor = await waitFor('the stack preview', () => previewEditor('docker-stack.yml'));
    assert.strictEqual(editor.document.languageId, 'yaml');
    const text = editor.document.getText();
    assert.match(text, /^\s+deploy:$/m, text.slice(0, 500));
    assert.match(text, /replicas: \d+/);
    assert.doesNotMatch(text, /container_name:/);
    const secrets = fs.readFileSync(demoFile('.env.secrets').fsPath, 'utf8');
    for (const m of secrets.matchAll(/^([A-Z0-9_]+)=(.{6,})$/gm)) {
      if (!/PASSWORD|SECRET|_KEY$|TOKEN|PRIVATE/.test(m[1]!)) continue; // MINIO_ROOT_USER is no secret
      assert.ok(!text.includes(m[2]!.trim()), `${m[1]} is shown in clear`);
    }
  });

  it('opens a single nginx file by URI with nginx or plain-text highlighting', async () => {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: '/nginx/nginx/nginx.conf', query: new URLSearchParams({ root: demoRoot() }).toString() });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /http\s*\{/);
  });

  it('regenerates an open preview when an env file changes (unsaved edit, in a temp copy)', async () => {
    const root = tempDemoCopy();
    try {
      const envUri = vscode.Uri.file(path.join(root, '.env'));
      const env = await openDoc(envUri);
      await waitForProject(root);
      await vscode.commands.executeCommand('nself.previewCompose', envUri);
      const preview = await waitFor('the compose preview of the copy', () =>
        vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === SCHEME && e.document.uri.query.includes(encodeURIComponent(root))),
      );
      assert.match(preview.document.getText(), /^name: acme$/m);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(env.uri, env.lineAt(lineOf(env, 'PROJECT_NAME=')).range, 'PROJECT_NAME=acmepreview');
      const t0 = Date.now();
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('the preview to follow the edit', () => /^name: acmepreview$/m.test(preview.document.getText()));
      console.log(`[previews] refreshed ${Date.now() - t0} ms after the edit`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('registers the compare command for previews', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('nself.compareWithDisk'));
  });
});
