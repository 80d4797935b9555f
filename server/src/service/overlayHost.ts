import * as fs from 'fs';
import * as path from 'path';
import { nodeHost, type ProjectHost } from '../core/project';

interface CachedText {
  mtimeMs: number;
  size: number;
  text: string | undefined;
}

/**
 * The core's view of the files: open editor buffers first, the disk otherwise.
 *
 * Disk reads are cached by mtime and size, so a hover that walks the cascade costs a `stat` per
 * file instead of a read, and an unchanged file keeps the same string (the project's parse cache
 * then hits by identity). Watched-file events call `forget` to drop an entry early.
 */
export class OverlayHost implements ProjectHost {
  private readonly open = new Map<string, () => string>();
  private readonly texts = new Map<string, CachedText>();
  private readonly dirs = new Map<string, { mtimeMs: number; names: string[] | undefined }>();

  /** Serve `file` from an editor buffer until `close`. */
  setOpen(file: string, text: () => string): void {
    this.open.set(file, text);
  }

  close(file: string): void {
    this.open.delete(file);
    this.forget(file);
  }

  isOpen(file: string): boolean {
    return this.open.has(file);
  }

  forget(file: string): void {
    this.texts.delete(file);
    this.dirs.delete(file);
    this.dirs.delete(path.dirname(file));
  }

  readText(file: string): string | undefined {
    const buffer = this.open.get(file);
    if (buffer) return buffer();
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file, { throwIfNoEntry: false });
    } catch {
      stat = undefined;
    }
    if (!stat || !stat.isFile()) {
      this.texts.delete(file);
      return undefined;
    }
    const cached = this.texts.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
    const text = nodeHost.readText(file);
    this.texts.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text });
    return text;
  }

  listDir(dir: string): string[] | undefined {
    let mtimeMs = -1;
    try {
      const stat = fs.statSync(dir, { throwIfNoEntry: false });
      if (stat?.isDirectory()) mtimeMs = stat.mtimeMs;
    } catch {
      mtimeMs = -1;
    }
    let names: string[] | undefined;
    if (mtimeMs >= 0) {
      const cached = this.dirs.get(dir);
      if (cached && cached.mtimeMs === mtimeMs) names = cached.names;
      else {
        names = nodeHost.listDir(dir);
        this.dirs.set(dir, { mtimeMs, names });
      }
    }
    // A buffer whose file is not on disk yet (created by a quick fix, not saved) still counts.
    let extra: string[] | undefined;
    for (const file of this.open.keys()) {
      if (path.dirname(file) !== dir) continue;
      const name = path.basename(file);
      if (!names?.includes(name)) (extra ??= []).push(name);
    }
    if (!extra) return names;
    return [...(names ?? []), ...extra];
  }

  mode(file: string): number | undefined {
    return nodeHost.mode?.(file);
  }
}
