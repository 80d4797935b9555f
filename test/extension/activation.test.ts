/**
 * Activation stays cheap: in the example project the language client starts, but no Docker
 * code is loaded (so nothing talks to an engine) until the Services view is shown. Named to
 * run first: a later suite shows the Services view, after which the check would be void.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, demoRoot, nself, waitFor } from './helpers';

/** True once the extension host has loaded the bundle `dist/<name>`. */
function bundleLoaded(extensionPath: string, name: string): boolean {
  return require.cache[path.join(extensionPath, 'dist', name)] !== undefined;
}

describe('nself: activation', () => {
  it('starts the language client for the project and loads Docker only when the Services view shows', async () => {
    const ext = await activeExtension();
    await waitFor('a status with the example project', async () => (await nself()).client.status?.projects.find((p) => p.root === demoRoot()));
    assert.ok(bundleLoaded(ext.extensionPath, 'client.js'), 'the client bundle is loaded once a project is present');
    assert.ok(!bundleLoaded(ext.extensionPath, 'docker.js'), 'dist/docker.js was loaded before the Services view was shown');
    await vscode.commands.executeCommand('nself.services.focus');
    await waitFor('dist/docker.js to load for the visible Services view', () => bundleLoaded(ext.extensionPath, 'docker.js'));
  });
});
