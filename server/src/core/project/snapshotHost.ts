import type { ProjectHost } from './types';

/**
 * A host that reads each file and folder once and answers from memory afterwards: for a run that
 * sees the project at one moment (`nself-env check`), where the same cascade file is otherwise
 * read from disk again for every environment and every file that asks for it.
 */
export function snapshotHost(host: ProjectHost): ProjectHost {
  const texts = new Map<string, string | undefined>();
  const dirs = new Map<string, string[] | undefined>();
  const modes = new Map<string, number | undefined>();
  const remember = <T>(map: Map<string, T>, key: string, read: () => T): T => {
    if (map.has(key)) return map.get(key)!;
    const value = read();
    map.set(key, value);
    return value;
  };
  return {
    readText: (file) => remember(texts, file, () => host.readText(file)),
    // A copy each time: callers sort the listing in place.
    listDir: (dir) => remember(dirs, dir, () => host.listDir(dir))?.slice(),
    mode: host.mode ? (file) => remember(modes, file, () => host.mode!(file)) : undefined,
  };
}
