// Shared by the extension-host suites (bundled into each; not a suite itself).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NselfExtension } from '../../client/src/context';
import type { NselfApi } from '../../client/src/extension';
import { PATIENCE } from '../helpers/patience';

export const EXTENSION_ID = process.env.NSELF_EXTENSION_ID || 'nself-org.nself-vscode';

/** The extension under test, activated. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

/** The repository root: the extension is loaded from source, so it is the extension's folder. */
export async function repoRoot(): Promise<string> {
  return (await activeExtension()).extensionPath;
}

/** The workspace the harness opens (examples/demo). */
export function demoRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open (the harness should open examples/demo)');
  return folder.uri.fsPath;
}

export function demoFile(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(demoRoot(), ...parts));
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = PATIENCE.start): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(150);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Opens a document in an editor (so it is synced to the language server). */
export async function openDoc(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** nself diagnostics of a document, once at least one is there. */
export function nselfDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nself');
}

/** The 0-based line of the first line starting with `prefix`. */
export function lineOf(doc: vscode.TextDocument, prefix: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(prefix)) return i;
  throw new Error(`no line starts with ${prefix} in ${doc.uri.fsPath}`);
}

/** The extension's context object (what `activate` returns), for reading the server status. */
export async function nself(): Promise<NselfExtension> {
  return ((await activeExtension()).exports as NselfApi).ready();
}

/**
 * A copy of examples/demo in a temp folder. Tests that edit buffers work there: the example
 * project on disk must never change, whatever the editor does with a dirty buffer afterwards.
 */
export function tempDemoCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-demo-'));
  fs.cpSync(demoRoot(), dir, { recursive: true, filter: (src) => !/[\\/](\.nself|nginx|docker-compose\.yml|\.env\.runtime)$/.test(src) });
  return dir;
}

/** Waits until the server lists `root` among its projects (it learns of a project when a file of it opens). */
export async function waitForProject(root: string): Promise<void> {
  await waitFor(`the server to know the project ${root}`, async () => (await nself()).client.status?.projects.some((p) => p.root === root));
}
