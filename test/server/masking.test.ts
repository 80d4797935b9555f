import * as assert from 'assert';
import type { CompletionList, DocumentSymbol, Hover, InlayHint } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { caret, TestConnection } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

/** Secrets must not reach the editor through any feature while `nself.maskSecrets` is on. */
describe('server: secrets stay masked', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('masks the password of a URL written with credentials, under a key that is not secret', async () => {
    const PW = 'LiteralPw4471';
    const marked = `EXTERNAL_DB=postgres://bob:${PW}@db.example.com/app\nCOPY=\${EXTERNAL_DB}\nX=\${{|}\n`;
    const { text, position } = caret(marked);
    const uri = await c.open(project.file('.env.staging'), text);
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } });
    const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    await c.close(uri);
    const hoverText = (hover?.contents as { value: string }).value;
    assert.match(hoverText, /postgres:\/\/bob:••••@db\.example\.com\/app/);
    for (const [what, shown] of [['hover', hoverText], ['symbols', JSON.stringify(symbols)], ['inlay hints', JSON.stringify(hints)], ['completion', JSON.stringify(list)]]) {
      assert.ok(!shown.includes(PW), `${what} shows the password: ${shown}`);
    }
  });

  it('masks a secret nested in a harmless key (CS_N_ENV) and catalog secrets without a telling name', async () => {
    const KEY = 'sk_live_51HqLyjWDarjtT1zdp7dcX';
    const PW = 'SmtpPw8832771';
    const marked = `CS_1=api:express-ts:8001\nCS_1_ENV=STRIPE_API_KEY=${KEY},MODE=x\nAUTH_SMTP_PASS=${PW}\nREF=\${{|}\n`;
    const { text, position } = caret(marked);
    const uri = await c.open(project.file('.env.staging'), text);
    const hovers = await Promise.all([1, 2].map((line) => c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } })));
    const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const resolved = await Promise.all(list.items.filter((i) => /CS_1_ENV|AUTH_SMTP_PASS/.test(i.label)).map((item) => c.request('completionItem/resolve', item)));
    await c.close(uri);
    assert.match(JSON.stringify(hovers[0]), /STRIPE_API_KEY=••••/);
    for (const [what, shown] of [['hover', JSON.stringify(hovers)], ['symbols', JSON.stringify(symbols)], ['completion', JSON.stringify(list) + JSON.stringify(resolved)]]) {
      assert.ok(!shown.includes(KEY) && !shown.includes(PW), `${what} shows a secret: ${shown}`);
    }
  });

  it('does not quote the start of a JWT secret that is not JSON in the diagnostic', async () => {
    const SECRET = 'myjwtsecretvaluethatisplainandlong';
    const { uri, diagnostics } = await c.openAndWait(project.file('.env.uat'), `HASURA_GRAPHQL_JWT_SECRET=${SECRET}\n`);
    await c.close(uri);
    const found = diagnostics.find((d) => d.code === 'invalid-jwt-secret');
    assert.ok(found, 'invalid-jwt-secret is reported');
    assert.match(found.message, /is not valid JSON/);
    assert.ok(!found.message.includes(SECRET.slice(0, 6)), found.message);
  });

  it('does not quote the text after the closing quote of a secret', async () => {
    const { uri, diagnostics } = await c.openAndWait(project.file('.env.qa'), 'POSTGRES_PASSWORD="Half"OtherHalf4471\n');
    await c.close(uri);
    const found = diagnostics.find((d) => d.code === 'text-after-quote');
    assert.ok(found, 'text-after-quote is reported');
    assert.match(found.message, /follows the closing quote of `POSTGRES_PASSWORD`/);
    assert.ok(!found.message.includes('OtherHalf'), found.message);
  });
});

describe('server: diagnostics never quote a secret value', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  const TOKEN = 'PastedTok99887766';
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject({ '.env.secrets': `API_TOKEN=${TOKEN}\n` });
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('blanks out a secret pasted under a harmless key in a rule message that quotes the value', async () => {
    // CS_1_REPLICAS must be an integer: the rule quotes the value, which is the pasted token.
    const { uri, diagnostics } = await c.openAndWait(project.file('.env.dev'), `CS_1_REPLICAS=${TOKEN}\n`);
    await c.close(uri);
    const found = diagnostics.find((d) => d.code === 'subkey-value');
    assert.ok(found, `subkey-value is reported: ${JSON.stringify(diagnostics)}`);
    assert.ok(!found.message.includes(TOKEN), found.message);
    assert.match(found.message, /••••/);
  });
});

describe('server: nself/serviceModel and nself/generate mask every secret of the environment', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  const TOKEN = 'TokValue55443322';
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject({
      '.env.secrets': `API_TOKEN=${TOKEN}\n`,
      '.env.staging': ['CS_1_ENV=AUTH_HEADER=Bearer ${API_TOKEN},PLAIN=x', 'CS_1_COMMAND=node app.js --token ${API_TOKEN}', ''].join('\n'),
    });
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('hides secrets that custom services take in their environment and command', async () => {
    const model = await c.request('nself/serviceModel', { root: project.root, env: 'staging' });
    assert.ok(!JSON.stringify(model).includes(TOKEN), `service model shows the token: ${JSON.stringify(model)}`);
    assert.match(JSON.stringify(model), /"AUTH_HEADER":"Bearer ••••"/);
    for (const target of ['compose', 'nginx', 'k8s', 'env']) {
      const result = await c.request('nself/generate', { root: project.root, env: 'staging', target });
      assert.ok(!JSON.stringify(result).includes(TOKEN), `${target} preview shows the token`);
    }
  });

  it('reveals only when reveal is true; a reveal that is not a boolean is refused', async () => {
    const refused = await c.request('nself/serviceModel', { root: project.root, env: 'staging', reveal: 'false' }).then(
      (model) => JSON.stringify(model),
      (error: { code: number; message: string }) => error,
    );
    assert.equal(typeof refused === 'string' ? refused : refused.code, -32602, 'InvalidParams');
    const model = await c.request('nself/serviceModel', { root: project.root, env: 'staging' });
    assert.ok(!JSON.stringify(model).includes(TOKEN));
    const revealed = await c.request('nself/serviceModel', { root: project.root, env: 'staging', reveal: true });
    assert.ok(JSON.stringify(revealed).includes(TOKEN));
  });
});
