// Bundles the extension-host test bootstrap (test/extension/index.ts) and every suite
// (test/extension/**/*.test.ts) into one folder the extension host can load. Each suite is
// its own bundle so the bootstrap can find them at run time by file name; `vscode` (given by
// the host) and `mocha` (resolved from the repo's node_modules) stay external.
//
// Kept separate from scripts/build.mjs on purpose: the editor harness must not depend on
// how the product bundles are laid out.
import { readdirSync, rmSync, mkdirSync } from 'node:fs';
import { pruneOldRuns } from './codeServer.mjs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Recursively lists files under `dir` whose name matches `re` (Node 20 has no fs.glob). */
export function findFiles(dir, re) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...findFiles(p, re));
    } else if (re.test(e.name)) {
      out.push(p);
    }
  }
  return out.sort();
}

/**
 * Builds the test bundle. Returns { indexPath, outDir, suites } where indexPath is the
 * file to pass as extensionTestsPath.
 */
export async function buildExtensionTests({
  srcDir = join(repoRoot, 'test/extension'),
  // One folder per run: concurrent runs in the same checkout must not share a results file.
  outDir = join(repoRoot, '.cache/ext-tests', `${Date.now()}-${process.pid}`),
  quiet = false,
} = {}) {
  const esbuild = await import('esbuild');
  const suites = findFiles(srcDir, /\.test\.ts$/);
  const index = join(srcDir, 'index.ts');
  // Fresh output: a deleted suite must not keep running from a stale bundle.
  rmSync(outDir, { recursive: true, force: true });
  pruneOldRuns(dirname(outDir));
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [index, ...suites],
    outbase: srcDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: quiet ? 'error' : 'warning',
  });
  if (!quiet) {
    console.log(`[ext-tests] bundled ${suites.length} suite(s) into ${relative(repoRoot, outDir)}/`);
  }
  return { indexPath: join(outDir, 'index.js'), outDir, suites };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildExtensionTests().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
