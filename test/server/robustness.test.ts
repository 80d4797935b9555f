import * as assert from 'assert';
import * as crypto from 'crypto';
import type { ResponseError } from 'vscode-jsonrpc';
import type { Hover } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection, uriOf } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: robustness', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  const position = { line: 0, character: 0 };

  for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/documentLink']) {
    it(`${method} on an unknown document answers InvalidParams`, async () => {
      const error = await c.request(method, { textDocument: { uri: uriOf(project.file('.env.nope')) }, position }).then(
        () => undefined,
        (e: ResponseError<unknown>) => e,
      );
      assert.strictEqual(error?.code, -32602);
      assert.match(error!.message, /unknown document/);
    });
  }

  async function stillAnswers(): Promise<void> {
    const uri = await c.open(project.file('.env'));
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
    assert.ok(hover, 'server stopped answering');
    await c.close(uri);
  }

  it('survives random bytes', async () => {
    for (let i = 0; i < 5; i++) {
      const text = crypto.randomBytes(4000).toString('latin1');
      const { uri } = await c.openAndWait(project.file('.env.staging'), text);
      for (const line of [0, 3, 10]) {
        await c.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 5 } });
        await c.request('textDocument/completion', { textDocument: { uri }, position: { line, character: 5 } });
      }
      await c.request('textDocument/documentSymbol', { textDocument: { uri } });
      await c.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: position, end: { line: 1000, character: 0 } } });
      await c.close(uri);
    }
    await stillAnswers();
  });

  it('survives a NUL byte and a huge file', async () => {
    await c.openAndWait(project.file('.env.staging'), 'A=1\u0000\nB=2\n');
    await c.close(uriOf(project.file('.env.staging')));
    const huge = Array.from({ length: 60_000 }, (_, i) => `KEY_${i}=${'x'.repeat(30)}`).join('\n');
    const { uri } = await c.openAndWait(project.file('.env.staging'), huge);
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 59_999, character: 3 } });
    await c.close(uri);
    await stillAnswers();
  });

  it('survives positions past the end and edits to closed documents', async () => {
    const uri = await c.open(project.file('.env.staging'), 'A=1\n');
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 99, character: 99 } });
    const negative = await c.request('textDocument/completion', { textDocument: { uri }, position: { line: -1, character: -5 } }).then(
      () => undefined,
      (e: ResponseError<unknown>) => e,
    );
    assert.equal(negative?.code, -32602, 'a negative position is invalid params');
    await c.close(uri);
    await c.change(uriOf(project.file('.env.never-opened')), 'X=1');
    await stillAnswers();
  });
});
