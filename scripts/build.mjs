// Bundles the three entry points (extension host, language server, CLI) and the benchmarks.
// `--watch` rebuilds on change; `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { existsSync, chmodSync, copyFileSync, mkdirSync } from 'fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'client/src/extension.ts', out: 'extension' },
  // Loaded by extension.js once an nself project appears, so activation stays small.
  { in: 'client/src/context.ts', out: 'client' },
  // Deploy commands and the Environments view: ssh/rsync code, loaded on first use.
  { in: 'client/src/deploy/index.ts', out: 'deploy' },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'bench/index.ts', out: 'bench', dev: true },
].filter((e) => existsSync(e.in) && !(production && e.dev));

const started = Date.now();
const contexts = await Promise.all(
  entries.map((entry) =>
    esbuild.context({
      entryPoints: { [entry.out]: entry.in },
      outdir: 'dist',
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: ['vscode', 'cpu-features', 'ssh2'],
      sourcemap: !production,
      minify: production,
      banner: entry.banner ? { js: entry.banner } : undefined,
      logLevel: 'warning',
    }),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${entries.map((e) => e.in).join(', ')}`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
  // The remote deploy agent is sent to servers as it is (dist/deploy.js and dist/cli.js read it).
  mkdirSync('dist', { recursive: true });
  copyFileSync('server/src/node/ssh/agent.sh', 'dist/deploy-agent.sh');
  console.log(`built ${entries.map((e) => `dist/${e.out}.js`).join(', ')} in ${Date.now() - started} ms`);
}
