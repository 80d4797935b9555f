import type { Profile } from './types';

/**
 * A catalog value that may differ between the 1.x and 0.9 CLIs. Data files write the difference
 * once, next to the value, and `pick` resolves it when a profile's catalog is built.
 */
export type PerProfile<T> = T | { readonly '1.x': T; readonly '0.9': T };

function isSplit<T>(value: PerProfile<T>): value is { '1.x': T; '0.9': T } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '1.x' in value && '0.9' in value;
}

/** The value for one profile. */
export function pick<T>(value: PerProfile<T>, profile: Profile): T {
  return isSplit(value) ? value[profile] : (value as T);
}

/** Both profiles, for code that validates or iterates over them. */
export const PROFILES: readonly Profile[] = ['1.x', '0.9'];
