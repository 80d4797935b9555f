import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Which files git tracks, read from the repository's index file (`.git/index`) without running
 * git. A repository we check may be anyone's (a pull request, a template): its `.git/config` can
 * name programs git runs on its own (`core.fsmonitor`, hooks, filters…), so running git in it
 * would run them. Reading the index is enough to know what is tracked, and runs nothing.
 *
 * Index versions 2, 3 and 4 are read, SHA-1 and SHA-256 repositories alike. A split index (its
 * entries live in another file) and anything unreadable give `undefined`: unknown, never a guess.
 */

export interface TrackedFiles {
  /** The work tree the paths are relative to. */
  top: string;
  /** Tracked paths, `/`-separated, relative to `top`; folders of a sparse index end in `/`. */
  paths: ReadonlySet<string>;
}

/** The repository holding `start` (its work tree and git folder), walking up at most 40 levels. */
export function findRepository(start: string): { top: string; gitDir: string } | undefined {
  let dir = path.resolve(start);
  for (let level = 0; level < 40; level++) {
    const dotGit = path.join(dir, '.git');
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dotGit);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) return { top: dir, gitDir: dotGit };
    if (stat?.isFile()) {
      // A linked work tree or a submodule: `gitdir: <path>`.
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readSmall(dotGit) ?? '');
      return m ? { top: dir, gitDir: path.resolve(dir, m[1]!) } : undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The tracked files of the repository holding `root`, or undefined when unknown. */
export function readTrackedFiles(root: string): TrackedFiles | undefined {
  const repo = findRepository(root);
  if (!repo) return undefined;
  let index: Buffer;
  try {
    index = fs.readFileSync(path.join(repo.gitDir, 'index'));
  } catch {
    return undefined;
  }
  const paths = parseIndex(index, objectIdLength(repo.gitDir));
  return paths ? { top: repo.top, paths } : undefined;
}

/**
 * A function telling whether git tracks a file (absolute path), built from one read of the index.
 * Undefined (unknown) when there is no repository or its index cannot be read.
 */
export function gitTrackedFiles(root: string): ((file: string) => boolean | undefined) | undefined {
  const tracked = readTrackedFiles(root);
  if (!tracked) return undefined;
  return (file) => isTracked(tracked, file);
}

/** True when `file` (absolute) is in the index, or under a folder a sparse index holds whole. */
export function isTracked(tracked: TrackedFiles, file: string): boolean {
  const relative = path.relative(tracked.top, file).split(path.sep).join('/');
  if (tracked.paths.has(relative)) return true;
  for (let slash = relative.indexOf('/'); slash !== -1; slash = relative.indexOf('/', slash + 1)) {
    if (tracked.paths.has(relative.slice(0, slash + 1))) return true;
  }
  return false;
}

/** 32 for repositories with `extensions.objectFormat = sha256`, else 20 (SHA-1). */
function objectIdLength(gitDir: string): number {
  const common = readSmall(path.join(gitDir, 'commondir'))?.trim();
  const configDir = common ? path.resolve(gitDir, common) : gitDir;
  const config = readSmall(path.join(configDir, 'config')) ?? '';
  return /^\s*objectformat\s*=\s*sha256\s*$/im.test(config) ? 32 : 20;
}

/** The paths an index file lists, or undefined when it is not one we can read whole. */
export function parseIndex(data: Buffer, idLength = 20): Set<string> | undefined {
  const entries = parseIndexEntries(data, idLength);
  return entries ? new Set(entries.keys()) : undefined;
}

/** What the index records of one path: the blob's object id and the file's size when staged. */
export interface IndexEntry {
  oid: string;
  size: number;
}

/** The entries of an index file by path, or undefined when it is not one we can read whole. */
export function parseIndexEntries(data: Buffer, idLength = 20): Map<string, IndexEntry> | undefined {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = data.readUInt32BE(8);
  const paths = new Map<string, IndexEntry>();
  let at = 12;
  let previous: Buffer = Buffer.alloc(0);
  const fixed = 40 + idLength; // stat fields, then the object id
  for (let i = 0; i < count; i++) {
    const start = at;
    if (at + fixed + 2 > data.length) return undefined;
    const flags = data.readUInt16BE(at + fixed);
    at += fixed + 2;
    if (flags & 0x4000) {
      if (version < 3) return undefined;
      at += 2; // extended flags
    }
    let name: Buffer;
    if (version === 4) {
      // The path is the previous one minus `strip` bytes, plus a NUL-terminated suffix.
      let byte = data[at++]!;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        if (at >= data.length) return undefined;
        byte = data[at++]!;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = data.indexOf(0, at);
      if (end === -1 || strip > previous.length) return undefined;
      name = Buffer.concat([previous.subarray(0, previous.length - strip), data.subarray(at, end)]);
      at = end + 1;
    } else {
      const end = data.indexOf(0, at);
      if (end === -1) return undefined;
      name = data.subarray(at, end);
      // Entries are padded with 1–8 NULs to a multiple of 8 bytes.
      at = start + ((at - start + name.length + 8) & ~7);
    }
    if (at > data.length) return undefined;
    previous = name;
    // Stat fields: ctime, mtime (8 bytes each), dev, ino, mode, uid, gid, size (4 each); then the id.
    paths.set(name.toString('utf8'), { size: data.readUInt32BE(start + 36), oid: data.toString('hex', start + 40, start + 40 + idLength) });
  }
  // Extensions follow; a split index keeps most entries in another file, which we do not read.
  while (at + 8 <= data.length - idLength) {
    const signature = data.toString('latin1', at, at + 4);
    if (signature === 'link') return undefined;
    at += 8 + data.readUInt32BE(at + 4);
  }
  return paths;
}

/**
 * Tracked files among `files` (absolute) whose content differs from what git's index holds:
 * unstaged changes, found by hashing the file as git would (`blob <size>\0<content>`), still
 * without running git. Untracked files are not judged (they may be ignored, as `.env.secrets`
 * usually is), nor are staged changes (that needs the HEAD tree). A file git converts on checkout
 * (autocrlf, filters) can look changed. Undefined when the index cannot be read.
 */
export function changedTrackedFiles(files: readonly string[]): string[] | undefined {
  const first = files[0];
  if (first === undefined) return [];
  const repo = findRepository(path.dirname(first));
  if (!repo) return undefined;
  const idLength = objectIdLength(repo.gitDir);
  let entries: Map<string, IndexEntry> | undefined;
  try {
    entries = parseIndexEntries(fs.readFileSync(path.join(repo.gitDir, 'index')), idLength);
  } catch {
    return undefined;
  }
  if (!entries) return undefined;
  const changed: string[] = [];
  for (const file of files) {
    const entry = entries.get(path.relative(repo.top, file).split(path.sep).join('/'));
    if (!entry) continue;
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch {
      changed.push(file); // tracked, but gone or unreadable
      continue;
    }
    if (content.length !== entry.size) {
      changed.push(file);
      continue;
    }
    const oid = createHash(idLength === 32 ? 'sha256' : 'sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
    if (oid !== entry.oid) changed.push(file);
  }
  return changed;
}

function readSmall(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size < 1024 * 1024 ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
