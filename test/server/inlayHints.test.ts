import * as assert from 'assert';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: inlay hints', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  const all = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

  it('shows URL and port after CS_N and the expansion after ${VAR}', async () => {
    const uri = await c.open(project.file('.env'));
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: all });
    const cs1 = hints.find((h) => h.position.line === 6);
    assert.ok(cs1, JSON.stringify(hints));
    assert.match(String(cs1.label), /^→ https?:\/\/api\.localhost :8001$/);
    const api = hints.find((h) => h.position.line === 10);
    assert.strictEqual(api?.label, '= http://api.localhost');
    assert.strictEqual(api?.position.character, 'API_URL=http://api.${BASE_DOMAIN}'.length);
    await c.close(uri);
  });

  it('masks expansions that use a secret', async () => {
    const uri = await c.open(project.file('.env.dev'));
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: all });
    const db = hints.find((h) => h.position.line === 3);
    assert.strictEqual(db?.label, '= ••••');
    await c.close(uri);
  });

  it('keeps to the requested range', async () => {
    const uri = await c.open(project.file('.env'));
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } } });
    assert.deepStrictEqual(hints, []);
    await c.close(uri);
  });
});
