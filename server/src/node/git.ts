import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * A function telling whether git tracks a file, built from one `git ls-files` in `root`.
 * Returns undefined (unknown) when git or the repository is not there. No shell is used.
 */
export function gitTrackedFiles(root: string): ((file: string) => boolean | undefined) | undefined {
  let output: string;
  try {
    output = execFileSync('git', ['ls-files', '-z', '--full-name'], { cwd: root, timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  } catch {
    return undefined;
  }
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8').trim();
  } catch {
    return undefined;
  }
  const tracked = new Set(output.split('\0').filter(Boolean).map((name) => path.join(top, name)));
  return (file) => tracked.has(file);
}
