import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A set of file writes that happens all together or not at all, as far as a file system allows:
 * every file is first written in full to a temporary file beside its target (same directory, so
 * the rename cannot cross devices), and only `commit` renames them into place. Until then every
 * target is untouched, so a failed or cancelled build leaves the old files whole.
 */
export class StagedWrite {
  private readonly staged: { temp: string; target: string }[] = [];
  private readonly removals: string[] = [];
  private readonly createdDirs: string[] = [];

  /** Writes `content` to a temporary file next to `target`. */
  async stage(target: string, content: string, mode?: number): Promise<void> {
    await this.ensureDir(path.dirname(target));
    const temp = sideName(target, 'nself-tmp');
    // Keep the mode of a file we replace (unless a mode is asked for, e.g. 0o600 for secrets).
    const existingMode = await fs.promises.stat(target).then((s) => s.mode & 0o777, () => undefined);
    const handle = await fs.promises.open(temp, 'wx', mode ?? existingMode ?? 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await fs.promises.chmod(temp, mode); // not narrowed by the umask
    this.staged.push({ temp, target });
  }

  /** Deletes `target` at commit time. */
  remove(target: string): void {
    this.removals.push(target);
  }

  get count(): number {
    return this.staged.length + this.removals.length;
  }

  /**
   * Renames every staged file into place, then deletes the removals. Each file it replaces is
   * first kept as a backup (a hard link, or a copy where links fail), so when a rename fails
   * halfway every file already replaced is put back and every new one removed: the targets end
   * as they were, and the error is thrown.
   */
  async commit(): Promise<void> {
    const done: { target: string; backup?: string }[] = [];
    try {
      for (const { temp, target } of this.staged) {
        const backup = fs.existsSync(target) ? sideName(target, 'nself-bak') : undefined;
        if (backup) await fs.promises.link(target, backup).catch(() => fs.promises.copyFile(target, backup));
        done.push({ target, backup });
        await fs.promises.rename(temp, target);
      }
    } catch (error) {
      for (const { target, backup } of done.reverse()) {
        if (backup) await fs.promises.rename(backup, target).catch(() => undefined);
        else await fs.promises.rm(target, { force: true });
      }
      await this.rollback();
      throw error;
    }
    this.staged.length = 0;
    await Promise.all(done.map(({ backup }) => (backup ? fs.promises.rm(backup, { force: true }) : undefined)));
    for (const target of this.removals) await fs.promises.rm(target, { force: true });
    this.removals.length = 0;
  }

  /** Throws the staged files away (and the folders staging created), leaving every target as it was. */
  async rollback(): Promise<void> {
    await Promise.all(this.staged.map(({ temp }) => fs.promises.rm(temp, { force: true })));
    this.staged.length = 0;
    this.removals.length = 0;
    // Deepest first; rmdir only removes folders that are still empty.
    for (const dir of [...this.createdDirs].reverse()) await fs.promises.rmdir(dir).catch(() => undefined);
    this.createdDirs.length = 0;
  }

  private async ensureDir(dir: string): Promise<void> {
    const missing: string[] = [];
    for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
      missing.unshift(d);
      if (path.dirname(d) === d) break;
    }
    for (const d of missing) {
      await fs.promises.mkdir(d).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      this.createdDirs.push(d);
    }
  }
}

/** A hidden, unique name beside `target` (same folder, so a rename never crosses devices). */
function sideName(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.${suffix}`);
}

/** Resolves `relative` inside `root`, refusing paths that climb out of it (`../../x`). */
export function safeJoin(root: string, relative: string): string {
  const resolved = path.resolve(root, relative);
  const back = path.relative(root, resolved);
  if (back.startsWith('..') || path.isAbsolute(back)) throw new Error(`refusing to write outside ${root}: ${relative}`);
  return resolved;
}
