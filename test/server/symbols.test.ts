import * as assert from 'assert';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: document symbols', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('groups entries into Core, Services, Custom services, Frontend apps, Secrets and Other', async () => {
    const text = 'PROJECT_NAME=demo\nREDIS_ENABLED=true\nCS_1=api:express-js\nCS_1_PORT=8001\nFRONTEND_APP_1_NAME=web\nFRONTEND_APP_1_PORT=3000\nPOSTGRES_PASSWORD=xyz\nMY_THING=1\n';
    const uri = await c.open(project.file('.env.staging'), text);
    const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepStrictEqual(
      symbols.map((s) => s.name),
      ['Core', 'Services', 'Custom services', 'Frontend apps', 'Secrets', 'Other'],
    );
    const custom = symbols.find((s) => s.name === 'Custom services')!;
    assert.strictEqual(custom.children![0].name, 'CS_1');
    assert.deepStrictEqual(custom.children![0].children!.map((s) => s.name), ['CS_1_PORT']);
    const apps = symbols.find((s) => s.name === 'Frontend apps')!;
    assert.deepStrictEqual(apps.children![0].children!.map((s) => s.name), ['FRONTEND_APP_1_NAME', 'FRONTEND_APP_1_PORT']);
    const secrets = symbols.find((s) => s.name === 'Secrets')!;
    assert.strictEqual(secrets.children![0].detail, '••••');
    await c.close(uri);
  });
});
