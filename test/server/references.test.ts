import * as assert from 'assert';
import type { Location } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection, uriOf } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: references', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject({ '.env.staging': 'BASE_DOMAIN=staging.example.com\nWEB_URL=https://${BASE_DOMAIN}\n' });
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('finds definitions and ${KEY} uses across every env file of the project', async () => {
    const uri = await c.open(project.file('.env'));
    const params = { textDocument: { uri }, position: { line: 2, character: 3 } };
    const all = await c.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: true } });
    const where = all.map((l) => `${l.uri.slice(uriOf(project.root).length + 1)}:${l.range.start.line}`).sort();
    assert.deepStrictEqual(where, ['.env.staging:0', '.env.staging:1', '.env:10', '.env:2', '.environments/prod/.env:1']);
    const uses = await c.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: false } });
    assert.strictEqual(uses.length, 2);
    await c.close(uri);
  });
});
