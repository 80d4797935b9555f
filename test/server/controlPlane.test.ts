/**
 * `.nself/control-plane.yaml` diagnostics over real JSON-RPC: published by the file's URI from the
 * disk (no editor needs to open it, as in Neovim), from the live buffer when it is open, cleared
 * when the file is fixed; and no env feature answers for the YAML.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { PATIENCE } from '../helpers/patience';
import { fixture, TestConnection, uriOf } from './helpers/testConnection';

const GOOD = ['schema_version: 2', 'environments:', '  staging:', '    kind: remote', '    servers:', '      - host: deploy@stage.example.com', ''].join('\n');
/** `servers: [` never closed: the parser stops at the end of the file. */
const UNCLOSED = ['schema_version: 2', 'environments:', '  staging:', '    kind: remote', '    servers: [', ''].join('\n');
/** A list where a mapping is expected, a typo'd key, a port out of range. */
const WRONG = [
  'schema_version: 2',
  'environments:',
  '  prod:',
  '    kind: remote',
  '    tier: [gold]',
  '    servers:',
  '      - host: root@203.0.113.7:70000',
  '        remote-path: /srv/app',
  '',
].join('\n');

/** `code line:col-line:col severity`, the shape asserted below. */
function shape(list: Diagnostic[]): string[] {
  return list.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : d.severity}`);
}

describe('server: control-plane.yaml diagnostics', function () {
  this.timeout(4 * PATIENCE.reply);
  let c: TestConnection | undefined;
  let root: string;
  let file: string;
  let uri: string;

  beforeEach(() => {
    root = fixture({ '.env': 'PROJECT_NAME=demo\nBASE_DOMAIN=localhost\n', '.nself/control-plane.yaml': UNCLOSED });
    file = path.join(root, '.nself', 'control-plane.yaml');
    uri = uriOf(file);
  });
  afterEach(async () => {
    await c?.stop();
    c = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Waits for a publish for `uri` that satisfies `ok`. */
  async function until(ok: (list: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const deadline = Date.now() + PATIENCE.reply;
    for (;;) {
      const last = c!.lastDiagnostics(uri);
      if (last && ok(last)) return last;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(last && shape(last))}`);
      await c!.nextDiagnostics(uri, left).catch(() => undefined);
    }
  }

  it('publishes a syntax error of the file on disk with no document open, then judges the open buffer, and clears when it is fixed', async () => {
    c = await TestConnection.start({ root });
    const syntax = await until((list) => list.length > 0);
    assert.deepStrictEqual(shape(syntax), ['control-plane-syntax 5:0-5:0 error']);
    assert.match(syntax[0]!.message, /control-plane\.yaml is not valid YAML: .*\]/);
    assert.strictEqual(syntax[0]!.source, 'nself');
    assert.strictEqual(syntax[0]!.codeDescription?.href, 'https://github.com/nself-org/nself-vscode/blob/main/docs/rules.md#control-plane-syntax');

    // Opened (under any language id): the buffer is judged, not the disk, with the document's version.
    const next = c.nextDiagnostics(uri);
    await c.open(file, WRONG, 'yaml');
    const wrong = await next;
    assert.deepStrictEqual(shape(wrong), [
      'control-plane-type 4:10-4:16 error',
      'control-plane-value 6:14-6:36 error',
      'control-plane-unknown-key 7:8-7:19 warning',
    ]);
    assert.deepStrictEqual(
      wrong.map((d) => d.message),
      [
        'prod.tier: expected a string, found a list',
        'prod.servers[0].host: port 70000 is outside 1–65535 in "root@203.0.113.7:70000"',
        'unknown key "remote-path" in prod.servers[0]; did you mean "remote_path"?',
      ],
    );
    assert.strictEqual(c.published.get(uri)!.slice(-1)[0]!.version, 1);
    // YAML is not an env file: no env rule, hover or symbol answers for it.
    assert.strictEqual(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 5 } }), null);
    assert.strictEqual(await c.request('textDocument/documentSymbol', { textDocument: { uri } }), null);

    await c.change(uri, GOOD);
    assert.deepStrictEqual(await until((list) => list.length === 0), []);

    // Closed without saving: the disk (still broken) is what counts again.
    await c.close(uri);
    assert.deepStrictEqual(shape(await until((list) => list.length > 0)), ['control-plane-syntax 5:0-5:0 error']);

    // Fixed on disk, as the editor's file watcher reports it.
    fs.writeFileSync(file, GOOD);
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    assert.deepStrictEqual(await until((list) => list.length === 0), []);
    const status = await c.request<{ health: string }>('nself/getStatus');
    assert.strictEqual(status.health, 'ok');
  });

  it('asks the client to watch control-plane.yaml, and honours nself.rules severities', async () => {
    fs.writeFileSync(file, WRONG);
    c = await TestConnection.start({ root, settings: { rules: { 'control-plane-unknown-key': 'off', 'control-plane-type': 'warning' } } });
    const list = await until((l) => l.length > 0);
    assert.deepStrictEqual(shape(list), ['control-plane-type 4:10-4:16 warning', 'control-plane-value 6:14-6:36 error']);
    const registered = JSON.stringify(c.requests.filter((r) => r.method === 'client/registerCapability'));
    assert.ok(registered.includes('**/.nself/control-plane.yaml'), registered);
  });

  it('without dynamic watcher registration (Neovim 0.7), sees the file rewritten and created on disk', async () => {
    fs.rmSync(path.join(root, '.nself'), { recursive: true });
    c = await TestConnection.start({
      root,
      capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } } },
    });
    // The .nself folder does not exist yet: the server watches the root and picks it up.
    fs.mkdirSync(path.join(root, '.nself'));
    fs.writeFileSync(file, WRONG);
    assert.strictEqual((await until((l) => l.length === 3)).length, 3);
    const temp = path.join(root, '.nself', 'cp.tmp');
    fs.writeFileSync(temp, GOOD);
    fs.renameSync(temp, file);
    await until((l) => l.length === 0);
    fs.writeFileSync(file, UNCLOSED);
    assert.deepStrictEqual(shape(await until((l) => l.length > 0)), ['control-plane-syntax 5:0-5:0 error']);
    fs.rmSync(file);
    await until((l) => l.length === 0);
  });
});
