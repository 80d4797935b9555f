/**
 * A client that cannot register file watchers dynamically (Neovim 0.7) sends no
 * didChangeWatchedFiles: the server watches the project's env files itself, so a script that
 * rewrites a closed `.env.secrets` updates the problems of an open `.env.prod`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fixture, TestConnection } from './helpers/testConnection';

const STRONG16 = 'Zq8vN2kLp4Rt7Wx9';
const STRONG32 = 'Zq8vN2kLp4Rt7Wx9Zq8vN2kLp4Rt7Wx9';
/** Generous: the server reacts within milliseconds, but the machine may be busy. */
const WAIT_MS = 60_000;

/** What Neovim 0.7 declares: no dynamic registration of watched files (nor snippets). */
const NO_DYNAMIC_WATCHERS = {
  workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
  textDocument: { completion: { completionItem: { snippetSupport: false } } },
};

const codes = (list: Diagnostic[]) => list.map((d) => d.code).sort();

describe('server: env files changed on disk, client without dynamic watcher registration', function () {
  this.timeout(4 * WAIT_MS);
  let c: TestConnection;
  let root: string;

  beforeEach(async () => {
    root = fixture({
      '.env': `PROJECT_NAME=demo\nBASE_DOMAIN=example.com\nHASURA_GRAPHQL_ADMIN_SECRET=${STRONG32}\n`,
      '.env.prod': 'POSTGRES_PASSWORD=${DB_PASS}\n',
      '.env.secrets': `DB_PASS=${STRONG16}\n`,
    });
    c = await TestConnection.start({ root, capabilities: NO_DYNAMIC_WATCHERS });
  });
  afterEach(async () => {
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Waits for a publish for `uri` that satisfies `ok`. */
  async function until(uri: string, ok: (list: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const last = c.lastDiagnostics(uri);
      if (last && ok(last)) return last;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(last?.map((d) => d.message))}`);
      await c.nextDiagnostics(uri, left).catch(() => undefined);
    }
  }

  it('does not ask the client to watch, and re-validates an open .env.prod when .env.secrets is rewritten in place', async () => {
    const { uri, diagnostics } = await c.openAndWait(path.join(root, '.env.prod'));
    assert.deepStrictEqual(codes(diagnostics), []);
    assert.deepStrictEqual(c.requests.filter((r) => r.method === 'client/registerCapability'), [], 'the client said it cannot');
    fs.writeFileSync(path.join(root, '.env.secrets'), 'DB_PASS=\n');
    const broken = await until(uri, (list) => list.some((d) => d.code === 'required-secret'));
    assert.match(broken.find((d) => d.code === 'required-secret')!.message, /`DB_PASS` is empty \(\.env\.secrets:1\)/);
    fs.writeFileSync(path.join(root, '.env.secrets'), `DB_PASS=${STRONG16}\n`);
    await until(uri, (list) => list.length === 0);
  });

  it('sees a file replaced by rename (how scripts and editors write atomically) and a file deleted', async () => {
    const { uri } = await c.openAndWait(path.join(root, '.env.prod'));
    const temp = path.join(root, '.secrets.tmp');
    fs.writeFileSync(temp, 'DB_PASS=short\n');
    fs.renameSync(temp, path.join(root, '.env.secrets'));
    const weak = await until(uri, (list) => list.some((d) => d.code === 'weak-secret'));
    assert.match(weak.find((d) => d.code === 'weak-secret')!.message, /has 5 characters/);
    fs.rmSync(path.join(root, '.env.secrets'));
    const missing = await until(uri, (list) => list.some((d) => d.code === 'required-secret'));
    assert.match(missing.find((d) => d.code === 'required-secret')!.message, /`DB_PASS` is not set in any file of the prod cascade/);
  });

  it('watches a deploy target folder created after start-up', async () => {
    const target = path.join(root, '.environments', 'eu');
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, 'server.json'), JSON.stringify({ name: 'eu', type: 'production', host: 'eu.example.com' }));
    fs.writeFileSync(path.join(target, '.env.secrets'), 'EU_DOMAIN=eu.example.com\n');
    const { uri, diagnostics } = await c.openAndWait(path.join(target, '.env'), 'BASE_DOMAIN=${EU_DOMAIN}\n');
    assert.ok(!diagnostics.some((d) => d.code === 'undefined-reference'), JSON.stringify(diagnostics));
    fs.writeFileSync(path.join(target, '.env.secrets'), 'OTHER=1\n');
    const found = await until(uri, (list) => list.some((d) => d.code === 'undefined-reference'));
    assert.match(found.find((d) => d.code === 'undefined-reference')!.message, /`EU_DOMAIN` is not set/);
  });
});
