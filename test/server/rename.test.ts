import * as assert from 'assert';
import type { ResponseError } from 'vscode-jsonrpc';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection, uriOf } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: rename', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  let uri: string;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
    uri = await c.open(project.file('.env.dev'));
  });
  after(() => c.stop());

  it('prepareRename accepts keys and ${} names and rejects anything else', async () => {
    const onKey = await c.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: { line: 2, character: 4 } });
    assert.strictEqual(onKey.placeholder, 'POSTGRES_PASSWORD');
    const onRef = await c.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: { line: 3, character: 25 } });
    assert.strictEqual(onRef.placeholder, 'POSTGRES_PASSWORD');
    assert.strictEqual(await c.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 0, character: 3 } }), null);
  });

  it('renames a key and its references in every file of the cascade', async () => {
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 20 }, newName: 'X' });
    assert.strictEqual(edit, null, 'a comment is not renameable, even past its end');
    const renamed = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 0 }, newName: 'X' }).catch(() => null);
    assert.strictEqual(renamed, null);
    const result = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf(project.file('.env')) }, position: { line: 2, character: 2 }, newName: 'DOMAIN' }).catch((e: Error) => e);
    assert.ok(result instanceof Error, 'closed document is unknown');
    const base = await c.open(project.file('.env'));
    const ok = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: base }, position: { line: 2, character: 2 }, newName: 'DOMAIN' });
    const files = Object.keys(ok.changes!).map((u) => u.slice(uriOf(project.root).length + 1)).sort();
    assert.deepStrictEqual(files, ['.env', '.environments/prod/.env']);
    assert.deepStrictEqual(ok.changes![base].map((e) => e.range.start.line), [2, 10]);
    assert.ok(ok.changes![base].every((e) => e.newText === 'DOMAIN'));
  });

  it('refuses invalid key names with InvalidParams', async () => {
    const error = await c.request('textDocument/rename', { textDocument: { uri }, position: { line: 2, character: 4 }, newName: '1-bad' }).catch((e: ResponseError<unknown>) => e);
    assert.strictEqual((error as ResponseError<unknown>).code, -32602);
  });
});
