import type { Profile } from '../catalog/types';
import type { LayerRole } from './types';

/** Custom environment names nself 1.x accepts (`customEnvNameRe`). */
export const CUSTOM_ENV_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const ALIASES: Record<string, string> = {
  dev: 'dev',
  local: 'dev',
  development: 'dev',
  develop: 'dev',
  devel: 'dev',
  staging: 'staging',
  stage: 'staging',
  prod: 'prod',
  production: 'prod',
};

/** Env files that are not environments of their own. */
const NOT_ENVIRONMENTS = new Set(['secrets', 'local', 'example', 'runtime', 'computed', 'ai', 'sample', 'template', 'backup', 'bak', 'orig']);

/** The canonical name of an environment (`production` → `prod`), or undefined when invalid. */
export function canonicalEnv(name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  if (ALIASES[lower]) return ALIASES[lower];
  return CUSTOM_ENV_NAME.test(lower) ? lower : undefined;
}

/** True for `.env.runtime` and `.env.computed`, which nself writes itself. */
export function isGeneratedEnvFile(fileName: string): boolean {
  return fileName === '.env.runtime' || fileName === '.env.computed';
}

/** True for names that look like env files we understand (`.env`, `.env.*`). */
export function isEnvFileName(fileName: string): boolean {
  return fileName === '.env' || (fileName.startsWith('.env.') && fileName.length > 5 && !fileName.endsWith('.swp'));
}

/** The environment an env file name belongs to, if it is an environment file (`.env.prod` → `prod`). */
export function environmentOfFile(fileName: string): string | undefined {
  if (!fileName.startsWith('.env.')) return undefined;
  const suffix = fileName.slice(5);
  if (NOT_ENVIRONMENTS.has(suffix)) return suffix === 'local' ? 'dev' : undefined;
  return canonicalEnv(suffix);
}

/** The file that holds an environment's own settings. */
export function envFileName(env: string): string {
  const canonical = canonicalEnv(env) ?? env;
  return `.env.${canonical}`;
}

/** The cascade of file names for an environment, earliest first (later files win). */
export function cascadeFileNames(env: string, profile: Profile, deploy: boolean): { name: string; role: LayerRole }[] {
  const canonical = canonicalEnv(env) ?? 'dev';
  if (profile === '0.9') {
    // nself 0.9 `get_env_file_cascade`: `.env.dev` first and `.env` last.
    if (canonical === 'dev') {
      return [
        { name: '.env.dev', role: 'env' },
        ...(deploy ? [] : [{ name: '.env.local', role: 'local' as const }]),
        { name: '.env', role: 'base' },
      ];
    }
    if (canonical === 'staging') {
      return [
        { name: '.env.dev', role: 'env' },
        { name: '.env.staging', role: 'env' },
        { name: '.env', role: 'base' },
      ];
    }
    if (canonical === 'prod') {
      return [
        { name: '.env.dev', role: 'env' },
        { name: '.env.staging', role: 'env' },
        { name: '.env.prod', role: 'env' },
        { name: '.env.secrets', role: 'secrets' },
        { name: '.env', role: 'base' },
      ];
    }
    return [
      { name: '.env.dev', role: 'env' },
      { name: envFileName(canonical), role: 'env' },
      { name: '.env', role: 'base' },
    ];
  }
  const layers: { name: string; role: LayerRole }[] = [
    { name: '.env', role: 'base' },
    { name: envFileName(canonical), role: 'env' },
    { name: '.env.secrets', role: 'secrets' },
  ];
  if (!deploy) layers.push({ name: '.env.local', role: 'local' });
  return layers;
}
