import type { Profile } from '../catalog/types';
import type { EntryLine } from '../parser/ast';
import type { EnvDocument } from '../parser/parse';

/** Reads files for the core. The language server overlays open editor buffers on the disk. */
export interface ProjectHost {
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  readText(path: string): string | undefined;
  /** Entry names of a folder, or undefined when it is not one. */
  listDir(path: string): string[] | undefined;
  /** POSIX permission bits, when known. */
  mode?(path: string): number | undefined;
}

/** What a file contributes to the cascade. */
export type LayerRole = 'base' | 'env' | 'secrets' | 'local' | 'target' | 'target-secrets';

export interface CascadeLayer {
  path: string;
  role: LayerRole;
  /** Undefined when the file does not exist (the layer is then skipped). */
  doc?: EnvDocument;
}

/** One key's value in the effective config of an environment. */
export interface Binding {
  key: string;
  /** The value as written, after quote processing, before `${}` expansion. */
  raw: string;
  /** The value after `${}` expansion across the cascade. */
  value: string;
  doc: EnvDocument;
  entry: EntryLine;
  /** Earlier definitions this one overrides (other files, or duplicates in the same file), latest first. */
  overrides: { doc: EnvDocument; entry: EntryLine }[];
  /** Names referenced that resolve to nothing and have no default. */
  unresolved: string[];
  /** The reference chain when expansion runs into a cycle. */
  cycle?: string[];
}

/** The merged view of one environment: every key with its value and where it came from. */
export interface EffectiveConfig {
  env: string;
  profile: Profile;
  layers: CascadeLayer[];
  /** True when computed for a remote deploy (`.env.local` dropped). */
  deploy: boolean;
  bindings: ReadonlyMap<string, Binding>;
  /** The expanded value, or undefined when the key is not set anywhere. */
  get(key: string): string | undefined;
  binding(key: string): Binding | undefined;
  /** `true` only for the exact string `true`; `fallback` when unset. */
  flag(key: string, fallback: boolean): boolean;
  /** An integer value, or `fallback` when unset or not a number. */
  int(key: string, fallback: number): number;
}
