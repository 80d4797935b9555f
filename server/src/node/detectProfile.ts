import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Profile } from '../core/catalog/types';

/**
 * Reads `nself version` when an `nself` binary is on PATH, to pick the rule profile.
 * No shell is involved; the call is bounded to two seconds. Undefined when unknown.
 */
export function detectProfile(binary = 'nself'): Promise<Profile | undefined> {
  // Starting a process costs more than a check needs when nself is not installed (the common
  // case in CI): look on PATH first.
  if (!path.isAbsolute(binary) && !onPath(binary)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(binary, ['version'], { timeout: 2000, windowsHide: true, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) => {
      if (error) return resolve(undefined);
      resolve(profileFromVersion(String(stdout)));
    });
  });
}

/** `0.9.9` → `0.9`; `1.4.2` → `1.x`; anything unreadable → undefined. */
export function profileFromVersion(text: string): Profile | undefined {
  const match = /(\d+)\.(\d+)\.\d+/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) >= 1 ? '1.x' : '0.9';
}

/** True when an executable named `name` is in one of the PATH folders. */
function onPath(name: string): boolean {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      try {
        fs.accessSync(path.join(dir, name + ext), fs.constants.X_OK);
        return true;
      } catch {
        // Not here.
      }
    }
  }
  return false;
}
