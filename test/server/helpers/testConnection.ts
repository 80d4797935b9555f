/**
 * Talks to the built language server (`dist/server.js --stdio`) over real JSON-RPC, the way an
 * editor does: initialize with a workspace folder, open documents, wait for diagnostics, send
 * requests. Fixtures mark the caret with `{|}` (or a lone `|` when the text has no other `|`).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { PATIENCE } from '../../helpers/patience';

const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER_JS = path.join(REPO, 'dist', 'server.js');

/** Set `NSELF_TEST_PREBUILT=1` to test a `dist/server.js` built beforehand (e.g. by `npm run build`). */
let built: Promise<void> | undefined = process.env.NSELF_TEST_PREBUILT ? Promise.resolve() : undefined;

/** Bundles the server once per process with the options of `scripts/build.mjs`. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: { server: path.join(REPO, 'server', 'src', 'server.ts') },
      outdir: path.join(REPO, 'dist'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: ['vscode', 'cpu-features', 'ssh2'],
      sourcemap: true,
      logLevel: 'silent',
    });
  })();
  return built;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}

/** Writes a project into a fresh temp folder; returns its path. */
export function fixture(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-ls-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (name.endsWith('/')) fs.mkdirSync(file, { recursive: true });
    else fs.writeFileSync(file, text);
  }
  return root;
}

/** Text with the caret marker removed, and the caret's position. */
export function caret(marked: string): { text: string; position: Position; offset: number } {
  let offset = marked.indexOf('{|}');
  let text: string;
  if (offset !== -1) text = marked.slice(0, offset) + marked.slice(offset + 3);
  else {
    offset = marked.indexOf('|');
    if (offset === -1 || marked.indexOf('|', offset + 1) !== -1) throw new Error('fixture needs exactly one caret marker');
    text = marked.slice(0, offset) + marked.slice(offset + 1);
  }
  const before = text.slice(0, offset).split('\n');
  return { text, offset, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

export interface StartOptions {
  /** Workspace folder. */
  root?: string;
  /** `nself.*` settings answered to `workspace/configuration`. */
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Extra client capabilities (merged over a VS Code-like default). */
  capabilities?: Record<string, unknown>;
}

export class TestConnection {
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Requests the server sent to the client (`client/registerCapability`, …), in order. */
  readonly requests: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  private waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private versions = new Map<string, number>();
  settings: Record<string, unknown>;

  private constructor(
    readonly child: ChildProcess,
    readonly rpc: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<TestConnection> {
    await ensureBuilt();
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const connection = new TestConnection(child, rpc, { diagnostics: { debounceMs: 0 }, ...(options.settings ?? {}) });
    child.stderr!.on('data', (chunk) => connection.logs.push(String(chunk)));
    rpc.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => connection.onPublish(params));
    rpc.onNotification('window/logMessage', (params: { message: string }) => connection.logs.push(params.message));
    rpc.onNotification((method: string, params: unknown) => connection.notifications.push({ method, params }));
    let configured: () => void = () => undefined;
    const firstConfiguration = new Promise<void>((resolve) => (configured = resolve));
    rpc.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      configured();
      return params.items.map(() => connection.settings);
    });
    rpc.onRequest('client/registerCapability', (params: unknown) => {
      connection.requests.push({ method: 'client/registerCapability', params });
      return null;
    });
    rpc.onRequest('window/workDoneProgress/create', () => null);
    rpc.listen();
    const root = options.root;
    await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root ? uriOf(root) : null,
      workspaceFolders: root ? [{ uri: uriOf(root), name: path.basename(root) }] : null,
      initializationOptions: options.initializationOptions ?? {},
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        ...(options.capabilities ?? {}),
      },
    });
    await rpc.sendNotification('initialized', {});
    // Settings are pulled after `initialized`; a round trip afterwards means they are in place. Wait
    // for the pull itself (a fixed 2 s was too short on a busy machine: the tests then ran with
    // the default debounce), bounded so that a server that never asks fails clearly.
    const workspace = (options.capabilities?.workspace ?? { configuration: true }) as { configuration?: boolean };
    if (workspace.configuration === true) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the server did not ask for its settings (workspace/configuration)')), PATIENCE.reply)));
      await Promise.race([firstConfiguration, late]).finally(() => clearTimeout(timer));
    }
    await rpc.sendRequest('nself/getStatus');
    return connection;
  }

  private onPublish(params: PublishDiagnosticsParams): void {
    const list = this.published.get(params.uri) ?? [];
    list.push(params);
    this.published.set(params.uri, list);
    const ready = this.waiters.filter((w) => w.uri === params.uri);
    this.waiters = this.waiters.filter((w) => w.uri !== params.uri);
    for (const waiter of ready) waiter.resolve(params);
  }

  /** Resolves with the next diagnostics published for `uri` (register before the action that causes it). */
  nextDiagnostics(uri: string, timeoutMs = PATIENCE.reply): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p.diagnostics);
        },
      });
    });
  }

  /** The last diagnostics published for `uri`, if any. */
  lastDiagnostics(uri: string): Diagnostic[] | undefined {
    const list = this.published.get(uri);
    return list?.[list.length - 1]?.diagnostics;
  }

  async open(file: string, text?: string, languageId = 'nself-env'): Promise<string> {
    const uri = file.includes(':') && !path.isAbsolute(file) ? file : uriOf(file);
    const content = text ?? fs.readFileSync(file, 'utf8');
    this.versions.set(uri, 1);
    await this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: content } });
    return uri;
  }

  /** Opens a file and waits for its first diagnostics. */
  async openAndWait(file: string, text?: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = file.includes(':') && !path.isAbsolute(file) ? file : uriOf(file);
    const next = this.nextDiagnostics(uri);
    await this.open(file, text);
    return { uri, diagnostics: await next };
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    await this.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.rpc.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params?: unknown): Promise<void> {
    return this.rpc.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
      await this.rpc.sendNotification('exit');
    } catch {
      // The server may already be gone; killing it below is enough.
    }
    this.rpc.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}
