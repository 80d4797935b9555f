/**
 * Activation stays cheap: in the example project the language client starts, but no Docker
 * code is loaded (so nothing talks to an engine) while the Services view has not been shown.
 * Named to run first: a later suite shows the Services view (and loads Docker there); showing
 * it here would pick the Services view's project before that suite opens its own.
 */
import * as assert from 'assert';
import * as path from 'path';
import { activeExtension, demoRoot, nself, waitFor } from './helpers';

/** True once the extension host has loaded the bundle `dist/<name>`. */
function bundleLoaded(extensionPath: string, name: string): boolean {
  return require.cache[path.join(extensionPath, 'dist', name)] !== undefined;
}

describe('nself: activation', () => {
  it('starts the language client for the project without loading Docker code', async () => {
    const ext = await activeExtension();
    await waitFor('a status with the example project', async () => (await nself()).client.status?.projects.find((p) => p.root === demoRoot()));
    // client.js shows the check sees the extension's bundles at all.
    assert.ok(bundleLoaded(ext.extensionPath, 'client.js'), 'the client bundle is loaded once a project is present');
    assert.ok(!bundleLoaded(ext.extensionPath, 'docker.js'), 'dist/docker.js was loaded before the Services view was shown');
  });
});
