import * as fs from 'fs';
import * as path from 'path';
import { MAX_FILE_BYTES, tooLargeStandIn } from '../limits';
import type { ProjectHost } from './types';

// Kept free of the parser, zod and the rest of the core: the extension loads this module at
// activation to decide whether a workspace holds an nself project at all.

/** Reads the real file system. Files over nself's 1 MB limit are not read at all (`../limits`). */
export const nodeHost: ProjectHost = {
  readText(file) {
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) return undefined;
      if (stat.size > MAX_FILE_BYTES) return tooLargeStandIn(stat.size);
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  listDir(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  },
  mode(file) {
    try {
      return fs.statSync(file).mode & 0o777;
    } catch {
      return undefined;
    }
  },
};

const NSELF_HINT = /^(?:export\s+)?(?:PROJECT_NAME|BASE_DOMAIN|CS_\d+|[A-Z0-9_]+_ENABLED|HASURA_[A-Z_]+|FRONTEND_APP_\d+_[A-Z_]+|POSTGRES_PASSWORD)\s*=/m;

/**
 * Finds the nself project root containing `start` (a file or folder): the nearest folder,
 * walking up at most 10 levels, with `.backend/.env` (monorepo: the root is `.backend`), an
 * `.env`/`.env.dev` that looks like nself, or an `.environments/` folder.
 */
export function findProjectRoot(start: string, host: ProjectHost = nodeHost): string | undefined {
  let dir = host.listDir(start) ? start : path.dirname(start);
  for (let level = 0; level < 10; level++) {
    const names = host.listDir(dir) ?? [];
    if (names.includes('.backend') && host.readText(path.join(dir, '.backend', '.env')) !== undefined) {
      return path.join(dir, '.backend');
    }
    if (names.includes('.environments') && host.listDir(path.join(dir, '.environments'))) return dir;
    for (const candidate of ['.env', '.env.dev', '.env.local', '.env.example']) {
      if (!names.includes(candidate)) continue;
      const text = host.readText(path.join(dir, candidate));
      if (text !== undefined && NSELF_HINT.test(text.slice(0, 256 * 1024))) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}
