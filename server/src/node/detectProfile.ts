import { execFile } from 'child_process';
import type { Profile } from '../core/catalog/types';

/**
 * Reads `nself version` when an `nself` binary is on PATH, to pick the rule profile.
 * No shell is involved; the call is bounded to two seconds. Undefined when unknown.
 */
export function detectProfile(binary = 'nself'): Promise<Profile | undefined> {
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
