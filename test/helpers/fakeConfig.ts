import type { Profile } from '../../server/src/core/catalog/types';
import { parseEnv } from '../../server/src/core/parser';
import { buildEffectiveConfig } from '../../server/src/core/project/effective';
import type { EffectiveConfig } from '../../server/src/core/project/types';

export interface FakeConfigOptions {
  env?: string;
  profile?: Profile;
  /** The path the single in-memory file pretends to have. */
  path?: string;
  deploy?: boolean;
}

/** The path fake configs use unless told otherwise. */
export const FAKE_ENV_PATH = '/project/.env';

/**
 * An EffectiveConfig over one in-memory env file holding `values`, written `KEY=value` one per
 * line in insertion order (so key N is on line N, 1-based). Values are written as given: quote
 * them in the record when the test needs quotes.
 */
export function fakeConfig(values: Record<string, string>, options: FakeConfigOptions = {}): EffectiveConfig {
  const path = options.path ?? FAKE_ENV_PATH;
  const text = Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join('');
  const doc = parseEnv(text, path);
  return buildEffectiveConfig([{ path, role: 'base', doc }], options.env ?? 'dev', options.profile ?? '1.x', options.deploy ?? false);
}

/** The 1-based line of `key` in a fake config built from `values`. */
export function lineOf(values: Record<string, string>, key: string): number {
  return Object.keys(values).indexOf(key) + 1;
}
