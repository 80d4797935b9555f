import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A set of file writes inside one folder that happens all together or not at all, as far as a
 * file system allows: every file is first written in full to a temporary file beside its target
 * (same directory, so the rename cannot cross devices), and only `commit` renames them into place.
 * Until then every target is untouched, so a failed or cancelled build leaves the old files whole.
 *
 * Every path must stay inside `root` once symbolic links are resolved: a project can hold a link
 * such as `nginx -> ../elsewhere` or `services -> /etc`, and writing through it would write,
 * overwrite or delete files outside the project. Such a write is refused (`OutsideRootError`).
 * Links that stay inside the folder are fine. Every writer goes through this class: generate
 * --out, Build, scaffolds and deploy staging.
 */
export class StagedWrite {
  private readonly staged: { temp: string; target: string }[] = [];
  private readonly removals: string[] = [];
  private readonly createdDirs: string[] = [];
  private readonly swept = new Set<string>();
  private rootReal: string | undefined;

  /** `root`: the folder every write stays in (created when missing). */
  constructor(readonly root: string) {}

  /** Writes `content` to a temporary file next to `target` (absolute, or relative to the root). */
  async stage(target: string, content: string, mode?: number): Promise<void> {
    const file = await this.inside(target);
    await this.ensureDir(path.dirname(file));
    await this.sweep(path.dirname(file));
    const temp = sideName(file, 'nself-tmp');
    // Keep the mode of a file we replace (unless a mode is asked for, e.g. 0o600 for secrets).
    const existingMode = await fs.promises.lstat(file).then((s) => (s.isFile() ? s.mode & 0o777 : undefined), () => undefined);
    const handle = await fs.promises.open(temp, 'wx', mode ?? existingMode ?? 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await fs.promises.chmod(temp, mode); // not narrowed by the umask
    this.staged.push({ temp, target: file });
  }

  /** Deletes `target` at commit time. */
  async remove(target: string): Promise<void> {
    this.removals.push(await this.inside(target));
  }

  get count(): number {
    return this.staged.length + this.removals.length;
  }

  /**
   * Renames every staged file into place, then deletes the removals. Each file it replaces is
   * first kept as a backup (a hard link, or a copy where links fail), so when a rename fails
   * halfway every file already replaced is put back and every new one removed: the targets end
   * as they were, and the error is thrown. Paths are checked again first: a link made between
   * `stage` and `commit` is refused too.
   */
  async commit(): Promise<void> {
    const done: { target: string; backup?: string }[] = [];
    try {
      for (const { target } of this.staged) await this.inside(target);
      for (const target of this.removals) await this.inside(target);
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

  /**
   * The absolute path of `target` after checking that it stays inside the root: lexically (no
   * `..` out of it) and on disk, where every existing folder on the way, and the file itself, is
   * either a real folder/file or a link that resolves inside the root.
   */
  private async inside(target: string): Promise<string> {
    const file = path.resolve(this.root, target);
    const relative = path.relative(path.resolve(this.root), file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw new OutsideRootError(this.root, target, 'the path leaves it');
    const rootReal = await this.realRoot();
    let at = path.resolve(this.root);
    for (const part of relative.split(path.sep)) {
      at = path.join(at, part);
      const stat = await fs.promises.lstat(at).catch(() => undefined);
      if (!stat) break; // from here on everything is created by us, inside
      if (!stat.isSymbolicLink()) continue;
      const real = await fs.promises.realpath(at).catch(() => undefined);
      const back = real === undefined ? '..' : path.relative(rootReal, real);
      if (real === undefined || back.startsWith('..') || path.isAbsolute(back)) {
        throw new OutsideRootError(this.root, target, `${path.relative(path.resolve(this.root), at)} is a link to ${real ?? 'a missing target'}`);
      }
    }
    return file;
  }

  private async realRoot(): Promise<string> {
    if (!this.rootReal) {
      await fs.promises.mkdir(this.root, { recursive: true });
      this.rootReal = await fs.promises.realpath(this.root);
    }
    return this.rootReal;
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

  /**
   * Removes what earlier writes left in `dir` when they were killed before they could clean up
   * (`kill -9` during a commit): temporary and backup files of processes that are gone.
   */
  private async sweep(dir: string): Promise<void> {
    if (this.swept.has(dir)) return;
    this.swept.add(dir);
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const m = LEFTOVER.exec(name);
      if (!m) continue;
      const pid = m[1] === undefined ? undefined : Number(m[1]);
      if (pid !== undefined && isAlive(pid)) continue;
      await fs.promises.rm(path.join(dir, name), { force: true }).catch(() => undefined);
    }
  }
}

/** A write that would land outside the folder it is meant for. */
export class OutsideRootError extends Error {
  constructor(
    readonly root: string,
    readonly target: string,
    why: string,
  ) {
    super(`refusing to write ${target} outside ${root}: ${why}`);
    this.name = 'OutsideRootError';
  }
}

/** `.<name>.<pid>-<hex>.nself-tmp|bak`, and the older `.<name>.<hex>.nself-tmp|bak` without a pid. */
const LEFTOVER = /^\..+\.(?:(\d+)-)?[0-9a-f]{12}\.nself-(?:tmp|bak)$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A hidden, unique name beside `target` (same folder, so a rename never crosses devices). */
function sideName(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${crypto.randomBytes(6).toString('hex')}.${suffix}`);
}

/** Resolves `relative` inside `root`, refusing paths that climb out of it (`../../x`). */
export function safeJoin(root: string, relative: string): string {
  const resolved = path.resolve(root, relative);
  const back = path.relative(root, resolved);
  if (back.startsWith('..') || path.isAbsolute(back)) throw new Error(`refusing to write outside ${root}: ${relative}`);
  return resolved;
}
