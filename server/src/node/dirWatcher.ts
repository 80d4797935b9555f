import * as fs from 'fs';
import * as path from 'path';

/** How often a folder is polled when the operating system cannot watch it (inotify limits). */
const POLL_MS = 2000;

/** Why a folder is polled instead of watched: which folder, which cause. */
export class DirWatchError extends Error {
  constructor(
    readonly dir: string,
    readonly cause: unknown,
  ) {
    super(`cannot watch ${dir} (${(cause as NodeJS.ErrnoException)?.code ?? String(cause)}); polling it every ${POLL_MS / 1000} s instead`);
  }
}

interface Entry {
  close(): void;
}

/**
 * Watches a set of folders (not recursively) and reports the path of every entry created,
 * changed, renamed or deleted in them. A thin adapter over `fs.watch`: a script that replaces
 * `.env.secrets` by writing a temp file and renaming it is seen like an in-place write. Where
 * `fs.watch` fails (no inotify watches left, a network file system), the folder is polled by
 * `mtime`/size of its entries instead, and `onError` says so once.
 */
export class DirWatcher {
  private readonly watched = new Map<string, Entry>();

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly onError: (error: DirWatchError) => void = () => undefined,
  ) {}

  /** Watches exactly `dirs` from now on: new folders are added, the others closed. */
  set(dirs: Iterable<string>): void {
    const wanted = new Set([...dirs].map((d) => path.resolve(d)));
    for (const [dir, entry] of this.watched) {
      if (wanted.has(dir)) continue;
      entry.close();
      this.watched.delete(dir);
    }
    for (const dir of wanted) if (!this.watched.has(dir)) this.add(dir);
  }

  /** The folders being watched or polled. */
  dirs(): string[] {
    return [...this.watched.keys()];
  }

  dispose(): void {
    for (const entry of this.watched.values()) entry.close();
    this.watched.clear();
  }

  private add(dir: string): void {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir, { throwIfNoEntry: false });
    } catch {
      stat = undefined;
    }
    // A folder that does not exist yet (`.environments` before the first target) is picked up by
    // the next `set`, after its parent reports it.
    if (!stat?.isDirectory()) return;
    try {
      const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        // Linux always names the entry; elsewhere a nameless event means "something in here".
        this.onChange(name ? path.join(dir, name.toString()) : dir);
      });
      const entry: Entry = { close: () => watcher.close() };
      watcher.on('error', () => {
        // The folder went away (or became unreadable): report it, forget it; `set` re-adds it.
        watcher.close();
        if (this.watched.get(dir) === entry) this.watched.delete(dir);
        this.onChange(dir);
      });
      this.watched.set(dir, entry);
    } catch (error) {
      this.onError(new DirWatchError(dir, error));
      this.watched.set(dir, this.poll(dir));
    }
  }

  private poll(dir: string): Entry {
    let before = snapshot(dir);
    const timer = setInterval(() => {
      const after = snapshot(dir);
      for (const [name, stamp] of after) if (before.get(name) !== stamp) this.onChange(path.join(dir, name));
      for (const name of before.keys()) if (!after.has(name)) this.onChange(path.join(dir, name));
      before = after;
    }, POLL_MS);
    timer.unref();
    return { close: () => clearInterval(timer) };
  }
}

/** `name → mtime:size` of a folder's entries. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const stat = fs.statSync(path.join(dir, name));
      out.set(name, `${stat.mtimeMs}:${stat.size}`);
    } catch {
      // Gone between the listing and the stat: the next poll reports it.
    }
  }
  return out;
}
