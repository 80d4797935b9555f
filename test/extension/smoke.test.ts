import * as assert from 'assert';
import * as vscode from 'vscode';

/** Id of the extension under development: `${publisher}.${name}` from package.json. */
const EXTENSION_ID = process.env.NSELF_EXTENSION_ID || 'nself-org.nself-vscode';

describe('extension host smoke', () => {
  it('runs inside a real VS Code', () => {
    assert.strictEqual(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    console.log(`[smoke] vscode.version = ${vscode.version}`);
  });

  it(`has the extension ${EXTENSION_ID} loaded from source`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not registered in this host`);
    assert.strictEqual(ext.id.toLowerCase(), EXTENSION_ID.toLowerCase());
  });
});
