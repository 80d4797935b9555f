import * as path from 'path';
import { isEnvFileName } from '../core/project';
import { DirWatcher, type DirWatchError } from '../node/dirWatcher';
import type { Session } from './session';

/** Quiet time after the last change on disk before open files are validated again. */
const SETTLE_MS = 50;

/** Entries of a project root that matter besides its env files. */
const ROOT_ENTRIES = new Set(['.environments', '.backend', 'services', '.nself']);

/**
 * Watches the env files of the projects in use from the server itself, for clients that cannot
 * register file watchers dynamically (Neovim 0.7's client, some others): without it a script that
 * rewrites `.env.secrets` would change the problems of an open `.env.prod` only at its next edit.
 *
 * Watches each project root, its `.environments/` folder, every deploy target folder,
 * `services/` and `.nself/` (for control-plane.yaml; not recursively), the same files the
 * client-side watchers cover. Open documents
 * are left alone: their buffer, not the disk, is what the user is editing.
 */
export class DiskWatcher {
  private readonly watcher: DirWatcher;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly session: Session,
    /** Called once changes settle: re-validate, refresh status. */
    private readonly onFilesChanged: () => void,
    onError: (error: DirWatchError) => void,
  ) {
    this.watcher = new DirWatcher((file) => this.changed(file), onError);
  }

  /** Watches the folders of every project of the open documents and workspace folders. */
  sync(): void {
    const dirs = new Set<string>();
    for (const project of this.session.workspace.allProjects()) {
      dirs.add(project.root);
      dirs.add(path.join(project.root, '.environments'));
      dirs.add(path.join(project.root, 'services'));
      dirs.add(path.join(project.root, '.nself'));
      for (const target of project.targets()) dirs.add(target.dir);
    }
    this.watcher.set(dirs);
  }

  /** The folders watched now (for tests and the log). */
  dirs(): string[] {
    return this.watcher.dirs();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher.dispose();
  }

  private changed(file: string): void {
    if (!this.matters(file)) return;
    const { workspace } = this.session;
    if (!workspace.host.isOpen(file)) workspace.changed(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A new deploy target folder (or a removed one) changes what to watch.
      this.sync();
      this.onFilesChanged();
    }, SETTLE_MS);
  }

  /** Env files, `server.json`, `control-plane.yaml`, and the folders that hold them; not the rest of a project root. */
  private matters(file: string): boolean {
    const name = path.basename(file);
    const parent = path.basename(path.dirname(file));
    if (isEnvFileName(name) || name === 'server.json' || name === 'control-plane.yaml') return true;
    if (parent === '.environments' || parent === 'services') return true;
    return ROOT_ENTRIES.has(name) || this.watcher.dirs().includes(file);
  }
}
