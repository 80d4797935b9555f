import * as fs from 'fs';
import * as path from 'path';
import type { Profile } from '../core/catalog/types';
import { canonicalEnv, findProjectRoot, Project } from '../core/project';
import { detectProfile } from '../node/detectProfile';

/** A problem with how the CLI was called: exit status 2 with the usage text. */
export class UsageError extends Error {}

export interface CliValues {
  env?: string;
  profile?: string;
  format?: string;
  json?: boolean;
  out?: string;
  reveal?: boolean;
}

export async function resolveProfile(value: string | undefined): Promise<Profile> {
  if (value === '1.x' || value === '0.9') return value;
  if (value === undefined || value === 'auto') return (await detectProfile()) ?? '1.x';
  throw new UsageError(`--profile must be auto, 1.x or 0.9, not "${value}"`);
}

/** The project a folder or file belongs to; throws a clear I/O error when there is none. */
export function openProject(target: string): Project {
  const absolute = path.resolve(target);
  if (!fs.existsSync(absolute)) throw new Error(`${target}: no such file or folder`);
  const root = findProjectRoot(absolute);
  if (!root) throw new Error(`${target}: no nself project found here or in the folders above (looked for .env with nself keys, .backend/.env or .environments/)`);
  return new Project(root);
}

/**
 * Refuses an `--env` that is neither an environment name nor a deploy target of `project`: the
 * core would quietly read such a name as dev.
 */
export function checkEnvName(env: string | undefined, project: Project | undefined): void {
  if (env === undefined || canonicalEnv(env) || project?.targets().some((t) => t.name === env)) return;
  throw new UsageError(`--env ${JSON.stringify(env)} is neither an environment (dev, staging, prod or a custom name like qa) nor a deploy target under .environments/`);
}

/** Paths as a person reads them: relative to the current folder when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
