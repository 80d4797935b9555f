import { z } from 'zod';
import type { Profile } from './core/catalog/types';
import type { Severity } from './core/rules/types';

/**
 * The `nself.*` settings the language server reads, mirrored from `package.json`. Parsed once at
 * the edge: anything malformed falls back to its default instead of reaching the features.
 */
const severity = z.enum(['error', 'warning', 'information', 'hint', 'off']);

export const settingsSchema = z.object({
  /** Which nself CLI to follow; `auto` uses the version the client detected, else 1.x. */
  profile: z.enum(['auto', '1.x', '0.9']).catch('auto').default('auto'),
  /** The active environment (`dev`, `staging`, `prod`, a custom name or a deploy target). */
  environment: z.string().trim().min(1).catch('dev').default('dev'),
  /** Per-rule severity overrides by rule code; `off` disables a rule. */
  rules: z.record(z.string(), severity.catch('warning')).catch({}).default({}),
  /** Mask secret values in hovers, completions, inlay hints and previews. */
  maskSecrets: z.boolean().catch(true).default(true),
  diagnostics: z
    .object({
      /** Quiet time after the last keystroke before a file is validated again. */
      debounceMs: z.number().int().min(0).max(10_000).catch(150).default(150),
    })
    .catch({ debounceMs: 150 })
    .default({ debounceMs: 150 }),
});

/** Settings as the client sends them (any shape). */
export type RawSettings = z.input<typeof settingsSchema>;

export interface Settings {
  profile: 'auto' | Profile;
  environment: string;
  rules: Record<string, Severity | 'off'>;
  maskSecrets: boolean;
  diagnostics: { debounceMs: number };
}

export const defaultSettings: Settings = normalizeSettings(undefined);

/** Settings from whatever the client sent; never throws. */
export function normalizeSettings(raw: unknown): Settings {
  const parsed = settingsSchema.safeParse(raw && typeof raw === 'object' ? raw : {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

/**
 * The profile rules run with. `auto` follows the nself version the client detected (`nself
 * version` on PATH, passed as `initializationOptions.nselfVersion`): 0.x means the Bash CLI.
 */
export function resolveProfile(setting: Settings['profile'], detectedVersion: string | undefined): Profile {
  if (setting !== 'auto') return setting;
  return detectedVersion && /^v?0\./.test(detectedVersion.trim()) ? '0.9' : '1.x';
}

/** Settings whose change needs a server restart: none; every setting applies live. */
export const restartSettings: readonly string[] = [];
