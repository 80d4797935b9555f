import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticTag } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { fixture, TestConnection, uriOf } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server: diagnostics', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;

  beforeEach(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  afterEach(() => c.stop());

  it('publishes rule findings with code, documentation link, source, related information and tags', async () => {
    const { diagnostics } = await c.openAndWait(project.file('.env.dev'), 'LOG_LEVEL=debug\nLOG_LEVEL=info\n');
    const duplicate = diagnostics.find((d) => d.code === 'duplicate-key');
    assert.ok(duplicate, JSON.stringify(diagnostics));
    assert.strictEqual(duplicate.source, 'nself');
    assert.strictEqual(duplicate.codeDescription?.href, 'https://github.com/nself-org/nself-vscode/blob/main/docs/rules.md#duplicate-key');
    assert.deepStrictEqual(duplicate.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } });
    assert.deepStrictEqual(duplicate.tags, [DiagnosticTag.Unnecessary]);
    assert.strictEqual(duplicate.relatedInformation?.[0].location.range.start.line, 1);
  });

  it('gives files outside an nself root no diagnostics', async () => {
    const outside = fixture({ '.env': 'FOO=1\nFOO=2\n' });
    const uri = await c.open(path.join(outside, '.env'));
    // A file of the project opened next is validated after this one (same zero delay, in order):
    // once its diagnostics arrive, anything the outside file was going to get has been sent.
    await c.openAndWait(project.file('.env.dev'), 'A=1\nA=2\n');
    assert.ok((c.lastDiagnostics(uri) ?? []).length === 0);
  });

  it('clears the diagnostics of a file that leaves its root', async () => {
    const root = fixture({ '.env': 'PROJECT_NAME=demo\n', 'other/.env.dev': '' });
    const dev = path.join(root, '.env.dev');
    const { uri: devUri, diagnostics } = await c.openAndWait(dev, 'FOO=1\nFOO=2\n');
    assert.ok(diagnostics.length > 0);
    const cascaded = c.nextDiagnostics(devUri);
    const { uri: baseUri } = await c.openAndWait(path.join(root, '.env'));
    await cascaded;
    const cleared = c.nextDiagnostics(devUri);
    await c.change(baseUri, 'JUST_A_VALUE=1\n');
    assert.deepStrictEqual(await cleared, []);
  });

  it('validates untitled buffers on their own', async () => {
    const { diagnostics } = await c.openAndWait('untitled:Untitled-1', 'A=1\nA=2\n');
    assert.ok(diagnostics.some((d) => d.code === 'duplicate-key'));
  });

  it('re-publishes the other open files of the project when .env.secrets changes, unsaved buffers included', async () => {
    const dev = await c.openAndWait(project.file('.env.dev'));
    assert.ok(dev.diagnostics.some((d) => d.code === 'required-secret' && d.message.includes('HASURA_GRAPHQL_ADMIN_SECRET')));
    // `.env.secrets` does not exist on disk: the open buffer alone takes part in the cascade.
    const fixed = c.nextDiagnostics(dev.uri);
    const secrets = await c.open(project.file('.env.secrets'), 'HASURA_GRAPHQL_ADMIN_SECRET=Zq8vK2mP9xW4nR7tY1uB6cF3hJ5sL0aE\n');
    assert.ok(!(await fixed).some((d) => d.code === 'required-secret'));
    const broken = c.nextDiagnostics(dev.uri);
    await c.change(secrets, '# emptied\n');
    assert.ok((await broken).some((d) => d.code === 'required-secret'));
  });

  it('honours nself.rules severities and off', async () => {
    const { uri } = await c.openAndWait(project.file('.env.dev'), 'A=1\nA=2\n');
    c.settings = { ...c.settings, rules: { 'duplicate-key': 'error' } };
    let next = c.nextDiagnostics(uri);
    await c.notify('workspace/didChangeConfiguration', { settings: {} });
    assert.strictEqual((await next).find((d) => d.code === 'duplicate-key')?.severity, 1);
    c.settings = { ...c.settings, rules: { 'duplicate-key': 'off' } };
    next = c.nextDiagnostics(uri);
    await c.notify('workspace/didChangeConfiguration', { settings: {} });
    assert.ok(!(await next).some((d) => d.code === 'duplicate-key'));
  });

  it('re-validates after watched files change on disk', async () => {
    const { uri } = await c.openAndWait(project.file('.env.dev'));
    fs.writeFileSync(project.file('.env.secrets'), 'HASURA_GRAPHQL_ADMIN_SECRET=abc\n');
    const next = c.nextDiagnostics(uri);
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(project.file('.env.secrets')), type: 1 }] });
    assert.ok(Array.isArray(await next));
  });

  it('sends nself/status with the project, environment and profile', async () => {
    await c.openAndWait(project.file('.env'));
    type Status = { profile: string; activeEnvironment: string; projects: { root: string; targets: string[] }[] };
    const latest = () => c.notifications.filter((n) => n.method === 'nself/status').pop()?.params as Status | undefined;
    // The status follows the diagnostics (debounced): wait for one that knows the project.
    const deadline = Date.now() + PATIENCE.reply;
    while (!latest()?.projects?.length && Date.now() < deadline) await sleep(50);
    const status = latest();
    assert.ok(status, 'no nself/status');
    assert.strictEqual(status.profile, '1.x');
    assert.strictEqual(status.activeEnvironment, 'dev');
    assert.strictEqual(status.projects[0].root, project.root);
    assert.deepStrictEqual(status.projects[0].targets, ['prod']);
  });
});
