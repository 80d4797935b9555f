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
 *
 * The file watcher is made only once a first scan has found no project. Most workspaces that
 * activate the extension hold one, so they never pay for a watcher, and activation does not
 * (creating it was the largest cost inside `activate`, a few ms on a busy machine).
 */
export function whenNselfProject(start: () => Promise<void>): vscode.Disposable {
  let started = false;
  let disposed = false;
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
  const scan = async () => {
    for (const uri of await vscode.workspace.findFiles(CANDIDATES, EXCLUDE, 200)) check(uri);
  };
  disposables.push(vscode.workspace.onDidOpenTextDocument((doc) => check(doc.uri)));
  for (const doc of vscode.workspace.textDocuments) check(doc.uri);
  // The scans run after activation returns, so they never slow the editor's start. The second
  // one covers files created between the first and the watcher.
  void scan()
    .catch(() => undefined)
    .then(() => {
      if (started || disposed) return;
      const watcher = vscode.workspace.createFileSystemWatcher('**/.env*');
      disposables.push(watcher, watcher.onDidCreate(check), watcher.onDidChange(check));
      return scan();
    })
    .catch(() => undefined);
  return {
    dispose: () => {
      disposed = true;
      disposables.splice(0).forEach((d) => d.dispose());
    },
  };
}
