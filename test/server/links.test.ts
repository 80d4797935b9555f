import * as assert from 'assert';
import type { DocumentLink } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection, uriOf } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: document links', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('links a CS_N name to its services/<name>/ folder when it exists', async () => {
    const uri = await c.open(project.file('.env'));
    const links = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    const api = links.find((l) => l.target === uriOf(project.file('services/api')));
    assert.ok(api, JSON.stringify(links));
    assert.deepStrictEqual(api.range, { start: { line: 6, character: 5 }, end: { line: 6, character: 8 } });
    assert.ok(!links.some((l) => l.target?.includes('services/worker')), 'no link to a folder that does not exist');
    await c.close(uri);
  });

  it('links .environments/<name> to its server.json', async () => {
    const uri = await c.open(project.file('.environments/prod/.env'));
    const links = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.ok(links.length >= 1);
    assert.ok(links.every((l) => l.target === uriOf(project.file('.environments/prod/server.json'))));
    await c.close(uri);
  });
});
