/**
 * A minimal LSP client for the benchmarks: starts `dist/server.js --stdio`, answers its requests
 * the way VS Code does (settings with debounce 0, so figures hold no waiting), and waits for
 * `publishDiagnostics` of a file.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface BenchServer {
  rpc: MessageConnection;
  uri(file: string): string;
  open(file: string, text: string): Promise<void>;
  close(file: string): Promise<void>;
  /** Replaces the start of `line` (0-based) with `text`, as one keystroke would. */
  changeLastLine(file: string, line: number, text: string): Promise<void>;
  /** The next diagnostics published for `file` that satisfy `accept` (register before the action). */
  published(file: string, accept?: (diagnostics: unknown[]) => boolean): Promise<unknown[]>;
  stop(): Promise<void>;
}

export function serverPath(): string {
  const candidates = [path.resolve(__dirname, 'server.js'), path.resolve(__dirname, '..', 'dist', 'server.js'), path.resolve(process.cwd(), 'dist', 'server.js')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('dist/server.js not found: run `npm run build` first');
  return found;
}

/** What VS Code declares for completion: snippets and list defaults. */
const VSCODE_COMPLETION = { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } };

export async function startServer(root: string): Promise<BenchServer> {
  const child = spawn(process.execPath, [serverPath(), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: { uri: string; accept: (d: unknown[]) => boolean; resolve: (d: unknown[]) => void }[] = [];
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
    const index = waiting.findIndex((w) => w.uri === p.uri && w.accept(p.diagnostics));
    if (index !== -1) waiting.splice(index, 1)[0]!.resolve(p.diagnostics);
  });
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ diagnostics: { debounceMs: 0 } })));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  const rootUri = pathToFileURL(root).toString();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { completion: VSCODE_COMPLETION } },
  });
  await rpc.sendNotification('initialized', {});
  // A round trip after `initialized`: the settings (debounce 0) are in place.
  await rpc.sendRequest('nself/getStatus');
  const versions = new Map<string, number>();
  const uri = (file: string) => pathToFileURL(file).toString();
  return {
    rpc,
    uri,
    async open(file, text) {
      versions.set(file, 1);
      await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'nself-env', version: 1, text } });
    },
    async close(file) {
      await rpc.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
    },
    async changeLastLine(file, line, text) {
      const version = (versions.get(file) ?? 1) + 1;
      versions.set(file, version);
      const start = { line, character: 0 };
      const end = { line, character: text === '' ? 1 : 0 };
      await rpc.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: [{ range: { start, end }, text }] });
    },
    published(file, accept = () => true) {
      return new Promise((resolve) => waiting.push({ uri: uri(file), accept, resolve }));
    },
    async stop() {
      await Promise.race([rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined);
      await rpc.sendNotification('exit').catch(() => undefined);
      rpc.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}
