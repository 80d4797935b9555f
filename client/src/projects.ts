import * as path from 'path';
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

/** The known project that contains `file` (the deepest one), if any. */
export function projectOf(status: StatusParams | undefined, file: string): string | undefined {
  return (status?.projects ?? [])
    .map((p) => p.root)
    .filter((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep))
    .sort((a, b) => b.length - a.length)[0];
}

/** The project of the active editor, else the only or first project; never asks. */
export function currentProject(status: StatusParams | undefined): string | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri;
  const owner = doc?.scheme === 'file' ? projectOf(status, doc.fsPath) : undefined;
  return owner ?? status?.projects[0]?.root;
}

/**
 * The project a command works on: the one holding `resource` (editor title and explorer menus pass
 * it), else the active editor's, else the only one; asks when there are several. Throws when the
 * workspace has no nself project at all.
 */
export async function chooseProject(status: StatusParams | undefined, resource?: vscode.Uri): Promise<string | undefined> {
  const projects = status?.projects ?? [];
  if (resource?.scheme === 'file') {
    const owner = projectOf(status, resource.fsPath);
    if (owner) return owner;
  }
  const doc = vscode.window.activeTextEditor?.document.uri;
  const active = doc?.scheme === 'file' ? projectOf(status, doc.fsPath) : undefined;
  if (active) return active;
  if (projects.length === 0) throw new Error('no nself project in this workspace (a folder with an nself .env, .environments/ or .backend/.env)');
  if (projects.length === 1) return projects[0]?.root;
  const pick = await vscode.window.showQuickPick(
    projects.map((p) => ({ label: path.basename(p.root), description: p.root, root: p.root })),
    { title: 'nself: Choose a Project', placeHolder: 'This workspace holds several nself projects' },
  );
  return pick?.root;
}
