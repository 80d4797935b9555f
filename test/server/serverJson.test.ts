/**
 * `.environments/<name>/server.json` diagnostics over real JSON-RPC, through the same feature as
 * control-plane.yaml: published by the file's URI from the disk for every target of the project
 * (no editor needs to open it), from the live buffer when it is open, cleared when fixed, counted
 * in the status health; no env feature answers for the JSON.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { PATIENCE } from '../helpers/patience';
import { fixture, TestConnection, uriOf } from './helpers/testConnection';

const GOOD = ['{', '  "name": "staging",', '  "host": "stage.example.com",', '  "user": "deploy"', '}', ''].join('\n');
/** A trailing comma: strict JSON stops at the closing brace. */
const TRAILING_COMMA = ['{', '  "name": "staging",', '  "host": "stage.example.com",', '}', ''].join('\n');
/** A shell command for a host, a typo'd key, a port out of range. */
const WRONG = ['{', '  "name": "staging",', '  "host": "a;b",', '  "user": "deploy",', '  "deploy-path": "/srv/app",', '  "port": 70000', '}', ''].join('\n');

/** `code line:col-line:col severity`, the shape asserted below. */
function shape(list: Diagnostic[]): string[] {
  return list.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : d.severity}`);
}

describe('server: server.json diagnostics', function () {
  this.timeout(4 * PATIENCE.reply);
  let c: TestConnection | undefined;
  let root: string;
  let file: string;
  let uri: string;

  beforeEach(() => {
    root = fixture({ '.env': 'PROJECT_NAME=demo\nBASE_DOMAIN=localhost\n', '.environments/staging/server.json': TRAILING_COMMA, '.environments/prod/server.json': GOOD.replace('staging', 'prod') });
    file = path.join(root, '.environments', 'staging', 'server.json');
    uri = uriOf(file);
  });
  afterEach(async () => {
    await c?.stop();
    c = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Waits for a publish for `target` that satisfies `ok`. */
  async function until(ok: (list: Diagnostic[]) => boolean, target = uri): Promise<Diagnostic[]> {
    const deadline = Date.now() + PATIENCE.reply;
    for (;;) {
      const last = c!.lastDiagnostics(target);
      if (last && ok(last)) return last;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${target}; last: ${JSON.stringify(last && shape(last))}`);
      await c!.nextDiagnostics(target, left).catch(() => undefined);
    }
  }

  it('publishes a syntax error from disk with nothing open, judges the open buffer, and clears when it is fixed', async () => {
    c = await TestConnection.start({ root });
    const syntax = await until((list) => list.length > 0);
    assert.deepStrictEqual(shape(syntax), ['server-json-syntax 3:0-3:1 error']);
    assert.strictEqual(syntax[0]!.message, 'server.json is not valid JSON: expected a quoted key after ",", found "}"');
    assert.strictEqual(syntax[0]!.source, 'nself');
    assert.strictEqual(syntax[0]!.codeDescription?.href, 'https://github.com/nself-org/nself-vscode/blob/main/docs/rules.md#server-json-syntax');
    // The other target's valid server.json is judged too, and has nothing.
    assert.deepStrictEqual(await until(() => true, uriOf(path.join(root, '.environments', 'prod', 'server.json'))), []);
    assert.strictEqual((await c.request<{ health: string }>('nself/getStatus')).health, 'errors');

    // Opened as JSON: the buffer is judged, not the disk, with the document's version.
    const next = c.nextDiagnostics(uri);
    await c.open(file, WRONG, 'json');
    const wrong = await next;
    assert.deepStrictEqual(shape(wrong), ['server-json-value 2:10-2:15 error', 'server-json-unknown-key 4:2-4:15 warning', 'server-json-value 5:10-5:15 error']);
    assert.deepStrictEqual(
      wrong.map((d) => d.message),
      ['host "a;b" is not a host name or IP address', 'unknown key "deploy-path" in server.json; did you mean "deploy_path"?', 'port 70000 is not a whole number from 1 to 65535'],
    );
    assert.strictEqual(c.published.get(uri)!.slice(-1)[0]!.version, 1);
    // JSON is not an env file: no env feature answers for it.
    assert.strictEqual(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 5 } }), null);
    assert.strictEqual(await c.request('textDocument/documentSymbol', { textDocument: { uri } }), null);

    await c.change(uri, GOOD);
    assert.deepStrictEqual(await until((list) => list.length === 0), []);

    // Closed without saving: the disk (still broken) counts again.
    await c.close(uri);
    assert.deepStrictEqual(shape(await until((list) => list.length > 0)), ['server-json-syntax 3:0-3:1 error']);

    // Fixed on disk, as the editor's file watcher reports it.
    fs.writeFileSync(file, GOOD);
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    assert.deepStrictEqual(await until((list) => list.length === 0), []);
    assert.strictEqual((await c.request<{ health: string }>('nself/getStatus')).health, 'ok');
  });

  it('honours nself.rules severities, and the client is asked to watch the target folders', async () => {
    fs.writeFileSync(file, WRONG);
    c = await TestConnection.start({ root, settings: { rules: { 'server-json-unknown-key': 'off', 'server-json-value': 'warning' } } });
    const list = await until((l) => l.length > 0);
    assert.deepStrictEqual(shape(list), ['server-json-value 2:10-2:15 warning', 'server-json-value 5:10-5:15 warning']);
    assert.strictEqual((await c.request<{ health: string }>('nself/getStatus')).health, 'warnings');
    const registered = JSON.stringify(c.requests.filter((r) => r.method === 'client/registerCapability'));
    assert.ok(registered.includes('**/.environments/**'), registered);
  });

  it('without dynamic watcher registration (Neovim 0.7), sees a new target and its server.json rewritten and removed', async () => {
    c = await TestConnection.start({
      root,
      capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } } },
    });
    await until((l) => l.length === 1);
    // A target folder created after start: the server watches `.environments/` and picks it up.
    const added = path.join(root, '.environments', 'qa', 'server.json');
    fs.mkdirSync(path.dirname(added));
    fs.writeFileSync(added, WRONG);
    assert.strictEqual((await until((l) => l.length === 3, uriOf(added))).length, 3);
    const temp = path.join(path.dirname(added), 'server.json.tmp');
    fs.writeFileSync(temp, GOOD);
    fs.renameSync(temp, added);
    await until((l) => l.length === 0, uriOf(added));
    fs.writeFileSync(file, GOOD);
    await until((l) => l.length === 0);
    fs.writeFileSync(added, TRAILING_COMMA);
    await until((l) => l.length === 1, uriOf(added));
    fs.rmSync(path.dirname(added), { recursive: true });
    await until((l) => l.length === 0, uriOf(added));
  });
});
