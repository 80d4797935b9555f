/**
 * The language server fed what a hostile or broken client or project sends (issue 8): requests
 * before `initialize`, malformed params, documents far over nself's size limit, thousands of
 * duplicate lines. Answers must be clean JSON-RPC errors, and one bad document must not keep the
 * server from answering about the others.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { ensureBuilt, SERVER_JS, TestConnection, uriOf } from './helpers/testConnection';

interface RpcError {
  code: number;
  message: string;
}

async function failure(promise: Promise<unknown>): Promise<RpcError | undefined> {
  return promise.then(
    () => undefined,
    (error: RpcError) => error,
  );
}

describe('server: hostile clients and documents', function () {
  this.timeout(180_000);

  it('answers ServerNotInitialized (-32002) to requests before initialize', async () => {
    await ensureBuilt();
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    rpc.listen();
    try {
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri: 'file:///x/.env' }, position: { line: 0, character: 0 } }],
        ['nself/getStatus', undefined],
        ['nself/generate', { target: 'compose' }],
      ] as const) {
        const error = await failure(rpc.sendRequest(method, params));
        assert.equal(error?.code, -32002, `${method}: ${JSON.stringify(error)}`);
      }
    } finally {
      rpc.dispose();
      child.kill();
    }
  });

  describe('with a workspace', () => {
    let c: TestConnection;
    let project: ReturnType<typeof demoProject>;
    before(async () => {
      project = demoProject();
      c = await TestConnection.start({ root: project.root });
    });
    after(() => c.stop());

    const malformed: [string, unknown][] = [
      ['nself/generate', { root: 5, target: 'compose' }],
      ['nself/generate', { target: 'docker' }],
      ['nself/generate', null],
      ['nself/serviceModel', { env: ['dev'] }],
      ['nself/serviceModel', 'dev'],
      ['nself/environments', { root: {} }],
      ['nself/setActiveEnvironment', { environment: 7 }],
      ['nself/setActiveEnvironment', {}],
      ['textDocument/hover', { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: {}, position: {} }],
      ['textDocument/completion', { textDocument: { uri: 'file:///x' }, position: { line: 'a', character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///x' }, range: { start: { line: 0, character: 0 } } }],
      ['textDocument/rename', { textDocument: { uri: 'file:///x' }, position: { line: 0, character: 0 }, newName: 3 }],
      ['textDocument/documentSymbol', {}],
      ['completionItem/resolve', { data: 1 }],
      ['textDocument/inlayHint', { textDocument: { uri: 'file:///x' }, range: null }],
    ];
    for (const [method, params] of malformed) {
      it(`answers InvalidParams with the field at fault: ${method} ${JSON.stringify(params)}`, async () => {
        const error = await failure(c.request(method, params));
        assert.equal(error?.code, -32602, JSON.stringify(error));
        assert.match(error!.message, /invalid params for .+: .+/);
        assert.doesNotMatch(error!.message, /TypeError|Cannot read|undefined is not/);
      });
    }

    it('reads a 10 MB document as over the limit: one problem at once, and other files still answer', async () => {
      const huge = Array.from({ length: 400_000 }, (_, i) => `KEY_${i}=${'v'.repeat(18)}`).join('\n') + '\n';
      const started = Date.now();
      const { uri, diagnostics } = await c.openAndWait(project.file('.env.uat'), huge);
      const took = Date.now() - started;
      // Said once, on the first line; the rest of the file is not read (the environment's own
      // findings, e.g. a secret no other file sets, still land here).
      const problems = diagnostics.filter((d: Diagnostic) => d.code === 'file-problem');
      assert.equal(problems.length, 1, JSON.stringify(diagnostics));
      assert.match(problems[0]!.message, /nself refuses files over 1 MB/);
      assert.ok(diagnostics.every((d: Diagnostic) => d.range.start.line === 0), JSON.stringify(diagnostics));
      const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 399_999, character: 3 } });
      assert.equal(hover, null);
      const other = await c.open(project.file('.env'));
      const answer = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: other }, position: { line: 1, character: 2 } });
      assert.ok(answer, 'another file still answers');
      await c.close(other);
      await c.close(uri);
      console.log(`      10 MB document: diagnostics in ${took} ms`);
    });

    it('validates 1 MB of duplicate CS_N lines in bounded time and keeps answering', async () => {
      const lines: string[] = [];
      for (let i = 0, size = 0; size < 1_000_000; i++) {
        const line = `CS_${(i % 10) + 1}=svc${i % 60}:express-ts:${8001 + (i % 900)}:r${i % 9}`;
        lines.push(line);
        size += line.length + 1;
      }
      const started = Date.now();
      const { uri, diagnostics } = await c.openAndWait(project.file('.env.qa'), lines.join('\n') + '\n');
      const took = Date.now() - started;
      assert.ok(diagnostics.length > 0);
      const other = await c.open(project.file('.env'));
      assert.ok(await c.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 1, character: 2 } }));
      await c.close(other);
      await c.close(uri);
      console.log(`      ${lines.length} duplicate CS_N lines: ${diagnostics.length} diagnostics in ${took} ms`);
    });

    it('still accepts well-formed requests after all that', async () => {
      const uri = uriOf(project.file('.env'));
      await c.open(project.file('.env'));
      assert.ok(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } }));
      await c.close(uri);
    });
  });
});
