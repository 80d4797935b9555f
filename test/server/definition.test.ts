import * as assert from 'assert';
import * as fs from 'fs';
import type { Location } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { caret, TestConnection, uriOf } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: definition', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('goes from a key to the definition that wins in the cascade, then the ones it overrides', async () => {
    const { text, position } = caret(fs.readFileSync(project.file('.env'), 'utf8').replace('LOG_LEVEL=info', 'LOG_LE{|}VEL=info'));
    const uri = await c.open(project.file('.env'), text);
    const locations = await c.request<Location[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.strictEqual(locations[0].uri, uriOf(project.file('.env.dev')));
    assert.strictEqual(locations[0].range.start.line, 1);
    assert.strictEqual(locations[1].uri, uri);
    assert.strictEqual(locations[1].range.start.line, 11);
    await c.close(uri);
  });

  it('goes from ${VAR} to its definition', async () => {
    const { text, position } = caret(fs.readFileSync(project.file('.env.dev'), 'utf8').replace('${POSTGRES_PASSWORD}', '${POSTGRES_{|}PASSWORD}'));
    const uri = await c.open(project.file('.env.dev'), text);
    const locations = await c.request<Location[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.strictEqual(locations[0].uri, uri);
    assert.deepStrictEqual(locations[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 17 } });
    await c.close(uri);
  });

  it('answers null on a comment', async () => {
    const uri = await c.open(project.file('.env.staging'), '# nothing\n');
    assert.strictEqual(await c.request('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 3 } }), null);
    await c.close(uri);
  });
});
