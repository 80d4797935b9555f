/**
 * Small helpers shared by rules. Catalog knowledge does not live here (see `../catalog`); this is
 * only plumbing: walking the files of a cascade, matching names, numbers.
 */
import type { EntryLine } from '../parser/ast';
import type { EnvDocument } from '../parser/parse';
import type { EffectiveConfig } from '../project/types';
import { configIndex } from './entryIndex';
import type { Severity } from './types';

/** Each document of a cascade once, earliest first (computed once per config). */
export function cascadeDocs(config: EffectiveConfig): readonly EnvDocument[] {
  return configIndex(config).docs;
}

/** True when the entry is the definition that wins in the effective config. */
export function isWinner(config: EffectiveConfig, doc: EnvDocument, entry: EntryLine): boolean {
  const binding = config.binding(entry.key);
  return binding !== undefined && binding.doc === doc && binding.entry === entry;
}

/** An integer written with digits only, or undefined. */
export function parseIntStrict(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 9) return undefined;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(trimmed);
}

/** True for a value a rule cannot judge statically because it comes from a `${}` reference. */
export function hasReferences(entry: EntryLine): boolean {
  return entry.value.references.length > 0;
}

/** Environments nself deploys to: the strict secret rules apply there. */
export function isDeployedEnv(env: string): boolean {
  return env === 'staging' || env === 'prod';
}

/** Picks a severity per profile, for rules whose consequence differs between the CLIs. */
export function byProfile(profile: string, legacy: Severity, current: Severity): Severity {
  return profile === '0.9' ? legacy : current;
}

/** Example files hold placeholders, not settings: secret and environment rules leave them alone. */
export function isExampleFile(file: string): boolean {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return /\.(example|sample|template|dist)$/.test(base);
}

/** True when any file of the config is an example file (the runner checks those alone). */
export function isExampleConfig(config: EffectiveConfig): boolean {
  return config.layers.some((layer) => layer.doc !== undefined && isExampleFile(layer.path));
}
