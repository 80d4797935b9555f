import { createHash } from 'node:crypto';

/**
 * The build manifest: what the last build wrote, by content hash. It is how a build tells "a file
 * we generated and nobody touched" (safe to replace) from "a file the user edited" (never
 * overwritten). Stored as `.nself/vscode-build.json` in the project root.
 */
export interface BuildManifest {
  version: 1;
  /** Written by whom; lets other tools recognise the file. */
  tool: 'nself-vscode';
  /** The environment of the last build. */
  env?: string;
  /** POSIX path relative to the project root → sha256 (hex) of the content we last wrote. */
  files: Record<string, string>;
}

/** Where the manifest lives, relative to the project root. */
export const MANIFEST_PATH = '.nself/vscode-build.json';

/** sha256 of a text as UTF-8, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An empty manifest (first build). */
export function emptyManifest(): BuildManifest {
  return { version: 1, tool: 'nself-vscode', files: {} };
}

/**
 * Reads a manifest. A missing, unreadable or foreign file gives an empty manifest: the build
 * then treats every existing file it did not just write as the user's, which is the safe side.
 */
export function parseManifest(text: string | undefined): BuildManifest {
  if (!text) return emptyManifest();
  try {
    const data = JSON.parse(text) as Partial<BuildManifest>;
    if (data?.version !== 1 || typeof data.files !== 'object' || data.files === null) return emptyManifest();
    const files: Record<string, string> = {};
    for (const [p, h] of Object.entries(data.files)) {
      if (typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)) files[p] = h;
    }
    return { version: 1, tool: 'nself-vscode', env: typeof data.env === 'string' ? data.env : undefined, files };
  } catch {
    return emptyManifest();
  }
}

/** The manifest as stable JSON (sorted paths), newline-terminated. */
export function serializeManifest(m: BuildManifest): string {
  const files = Object.fromEntries(Object.keys(m.files).sort().map((p) => [p, m.files[p]]));
  const out: BuildManifest = { version: 1, tool: 'nself-vscode', ...(m.env ? { env: m.env } : {}), files };
  return JSON.stringify(out, null, 2) + '\n';
}
