import * as vscode from 'vscode';
import { findProjectRoot } from '../../server/src/core/project/discover';

/** Files whose presence can make a folder an nself project root (REFERENCE §2). */
const CANDIDATES = '{**/.env,**/.env.dev,**/.env.local,**/.env.example,**/.backend/.env,**/.environments/*/server.json,**/.environments/*/.env}';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.cache/**}';

/** True when a file lies inside an nself project root. */
export function isInNselfProject(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && findProjectRoot(uri.fsPath) !== undefined;
}

/**
 * Calls `start` once the workspace holds an nself project: at once when one is there already,
 * otherwise when an env file that makes one is opened, created or changed. Workspaces with
 * unrelated `.env` files never start the language server.
 */
export function whenNselfProject(start: () => Promise<void>): vscode.Disposable {
  let started = false;
  const disposables: vscode.Disposable[] = [];
  const startOnce = async () => {
    if (started) return;
    started = true;
    for (const d of disposables.splice(0)) d.dispose();
    await start();
  };
  const check = (uri: vscode.Uri) => {
    if (!started && isInNselfProject(uri)) void startOnce();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.env*');
  disposables.push(
    watcher,
    watcher.onDidCreate(check),
    watcher.onDidChange(check),
    vscode.workspace.onDidOpenTextDocument((doc) => check(doc.uri)),
  );
  for (const doc of vscode.workspace.textDocuments) check(doc.uri);
  // The scan runs after activation returns, so it never slows the editor's start.
  void vscode.workspace.findFiles(CANDIDATES, EXCLUDE, 200).then((uris) => {
    for (const uri of uris) check(uri);
  });
  return { dispose: () => disposables.splice(0).forEach((d) => d.dispose()) };
}
