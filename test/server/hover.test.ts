import * as assert from 'assert';
import * as fs from 'fs';
import type { Hover } from 'vscode-languageserver-protocol';
import { DEV_SECRET, demoProject } from './helpers/project';
import { caret, TestConnection } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: hover', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  async function hover(file: string, marked: string): Promise<string> {
    const { text, position } = caret(marked);
    const uri = await c.open(project.file(file), text);
    const result = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    await c.close(uri);
    return result ? (result.contents as { value: string }).value : '';
  }

  const base = () => fs.readFileSync(project.file('.env'), 'utf8');

  it('describes a key, its default and its effective value with file:line', async () => {
    const text = await hover('.env', base().replace('BASE_DOMAIN=', 'BASE_{|}DOMAIN='));
    assert.match(text, /\*\*BASE_DOMAIN\*\*/);
    assert.match(text, /Default: `localhost`/);
    assert.match(text, /\*\*dev\*\*: `localhost` from \.env:3/);
  });

  it('says which file overrides this definition', async () => {
    const text = await hover('.env', base().replace('LOG_LEVEL=info', 'LOG_{|}LEVEL=info'));
    assert.match(text, /`debug` from \.env\.dev:2/);
    assert.match(text, /Overridden in dev by \.env\.dev:2/);
  });

  it('says which definitions the winner overrides', async () => {
    const dev = fs.readFileSync(project.file('.env.dev'), 'utf8');
    const text = await hover('.env.dev', dev.replace('LOG_LEVEL=debug', 'LOG_LEVEL={|}debug'));
    assert.match(text, /Overrides \.env:12/);
  });

  it('masks secrets', async () => {
    const dev = fs.readFileSync(project.file('.env.dev'), 'utf8');
    const text = await hover('.env.dev', dev.replace('POSTGRES_PASSWORD=', 'POSTGRES_{|}PASSWORD='));
    assert.match(text, /••••/);
    assert.ok(!text.includes(DEV_SECRET));
  });

  it('shows the resolved value of ${VAR} and where it comes from', async () => {
    const text = await hover('.env', base().replace('${BASE_DOMAIN}', '${BASE_{|}DOMAIN}'));
    assert.match(text, /→ `localhost`/);
    assert.match(text, /from \.env:3/);
  });

  it('shows what a build makes of a CS_N line', async () => {
    const text = await hover('.env', base().replace('CS_1=', 'CS_{|}1='));
    assert.match(text, /Compose service \| `api`/);
    assert.match(text, /Container \| `demo_api`/);
    assert.match(text, /DNS name \| `api`/);
    assert.match(text, /Build folder \| `\.\/services\/api`/);
    assert.match(text, /Host port \| `8001`/);
    assert.match(text, /api\.localhost/);
  });

  it('answers null away from keys and values', async () => {
    assert.strictEqual(await hover('.env', '# a {|}comment\nA=1\n'), '');
  });
});
