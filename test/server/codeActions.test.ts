import * as assert from 'assert';
import { execFileSync } from 'child_process';
import type { CodeAction, Diagnostic, TextDocumentEdit, CreateFile } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection, uriOf } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: code actions', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });

  async function actions(uri: string, line: number, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    return (await c.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: range(line), context: { diagnostics, only } })) ?? [];
  }

  it('turns each core fix into a quick fix bound to its diagnostic', async () => {
    const { uri, diagnostics } = await c.openAndWait(project.file('.env.staging'), 'A=1\nA=2\n');
    const duplicate = diagnostics.filter((d) => d.code === 'duplicate-key');
    const list = await actions(uri, 0, duplicate);
    const fix = list.find((a) => a.title.startsWith('Remove the ignored definition'));
    assert.ok(fix, JSON.stringify(list));
    assert.strictEqual(fix.kind, 'quickfix');
    assert.deepStrictEqual(fix.diagnostics, duplicate);
    const edit = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.strictEqual(edit.textDocument.uri, uri);
    assert.strictEqual(edit.textDocument.version, 1);
    assert.deepStrictEqual(edit.edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: '' }]);
    await c.close(uri);
  });

  it('offers "fix all" for a code with several findings, and source.fixAll', async () => {
    const { uri } = await c.openAndWait(project.file('.env.staging'), 'A=1\nA=2\nB=1\nB=2\n');
    const list = await actions(uri, 0);
    const all = list.find((a) => a.title.startsWith('Fix all duplicate-key'));
    assert.ok(all, list.map((a) => a.title).join());
    assert.strictEqual((all.edit!.documentChanges![0] as TextDocumentEdit).edits.length, 2);
    assert.ok(!list.some((a) => a.kind?.startsWith('source')), 'no source actions in the light bulb');
    await c.close(uri);
    // source.fixAll applies the preferred fixes only (flag values here; duplicate keys need a choice).
    const flags = await c.openAndWait(project.file('.env.staging'), 'REDIS_ENABLED=yes\nMINIO_ENABLED=TRUE\nA=1\nA=2\n');
    for (const only of [['source.fixAll'], ['source']]) {
      const source = await actions(flags.uri, 0, [], only);
      assert.deepStrictEqual(source.map((a) => a.kind), ['source.fixAll.nself']);
      const edits = (source[0].edit!.documentChanges![0] as TextDocumentEdit).edits;
      assert.deepStrictEqual(edits.map((e) => e.newText), ['true', 'true']);
    }
    await c.close(flags.uri);
  });

  it("moves a deploy target's secret to its own .env.secrets, creating the file", async () => {
    const file = project.file('.environments/prod/.env');
    const uri = await c.open(file, 'BASE_DOMAIN=example.com\nSTRIPE_SECRET=sk_live_123\n');
    const list = await actions(uri, 1);
    const move = list.find((a) => a.title === 'Move STRIPE_SECRET to .env.secrets');
    assert.ok(move, list.map((a) => a.title).join());
    const changes = move.edit!.documentChanges!;
    const create = changes.find((d) => (d as CreateFile).kind === 'create') as CreateFile;
    assert.strictEqual(create.uri, uriOf(project.file('.environments/prod/.env.secrets')));
    const fill = changes.find((d) => (d as TextDocumentEdit).textDocument?.uri === create.uri) as TextDocumentEdit;
    assert.strictEqual(fill.edits[0].newText, 'STRIPE_SECRET=sk_live_123\n');
    const remove = changes.find((d) => (d as TextDocumentEdit).textDocument?.uri === uri) as TextDocumentEdit;
    assert.deepStrictEqual(remove.edits[0].range, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
    await c.close(uri);
  });

  it('does not offer the move where .env.secrets would change other environments', async () => {
    const staging = await c.open(project.file('.env.staging'), 'STRIPE_SECRET=sk_live_123\n');
    assert.ok(!(await actions(staging, 0)).some((a) => a.title.startsWith('Move ')));
    await c.close(staging);
    const base = await c.open(project.file('.env'), 'PROJECT_NAME=demo\nPOSTGRES_PASSWORD=overridden-in-dev\nSTRIPE_SECRET=sk_live_123\n');
    const titles = (await actions(base, 1)).map((a) => a.title).concat((await actions(base, 2)).map((a) => a.title));
    assert.ok(!titles.includes('Move POSTGRES_PASSWORD to .env.secrets'), '.env.dev sets it too');
    assert.ok(titles.includes('Move STRIPE_SECRET to .env.secrets'));
    await c.close(base);
  });

  it('uses the rule\'s own move for a secret in a git-tracked .env', async () => {
    const tracked = demoProject({ '.env': 'PROJECT_NAME=demo\nSTRIPE_SECRET=sk_live_123\n' });
    execFileSync('git', ['init', '-q'], { cwd: tracked.root });
    execFileSync('git', ['add', '.env'], { cwd: tracked.root });
    const t = await TestConnection.start({ root: tracked.root });
    try {
      const uri = await t.open(tracked.file('.env'));
      let diagnostics = await t.nextDiagnostics(uri);
      // git answers asynchronously; the file is validated again when it does.
      if (!diagnostics.some((d) => d.code === 'secret-in-tracked-file')) diagnostics = await t.nextDiagnostics(uri);
      const finding = diagnostics.find((d) => d.code === 'secret-in-tracked-file');
      assert.ok(finding, JSON.stringify(diagnostics.map((d) => d.code)));
      const list = (await t.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } })) ?? [];
      const moves = list.filter((a) => a.title === 'Move STRIPE_SECRET to .env.secrets');
      assert.strictEqual(moves.length, 1, list.map((a) => a.title).join());
      assert.strictEqual(moves[0].isPreferred, true);
    } finally {
      await t.stop();
    }
  });

  it('adds the missing FRONTEND_APP_N_PORT with a free port', async () => {
    const uri = await c.open(project.file('.env.staging'), 'FRONTEND_APP_2_NAME=admin\nOTHER=1\n');
    const list = await actions(uri, 0);
    const add = list.find((a) => a.title.startsWith('Add FRONTEND_APP_2_PORT='));
    assert.ok(add, list.map((a) => a.title).join());
    assert.strictEqual(add.title, 'Add FRONTEND_APP_2_PORT=3001');
    const edit = add.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepStrictEqual(edit.edits[0], { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'FRONTEND_APP_2_PORT=3001\n' });
    await c.close(uri);
  });

  it('uses `changes` when the client has no documentChanges support', async () => {
    const plain = await TestConnection.start({ root: project.root, capabilities: { workspace: { configuration: true } } });
    try {
      const { uri } = await plain.openAndWait(project.file('.env.staging'), 'A=1\nA=2\n');
      const list = (await plain.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: range(0), context: { diagnostics: [] } })) ?? [];
      const fix = list.find((a) => a.title.startsWith('Remove the ignored definition'));
      assert.ok(fix?.edit?.changes?.[uri]);
    } finally {
      await plain.stop();
    }
  });
});
