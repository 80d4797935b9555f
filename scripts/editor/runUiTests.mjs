// Playwright UI tests against code-server with the packaged extension installed (offline).
//
//   node scripts/editor/runUiTests.mjs [--vsix FILE | --no-vsix] [--workspace examples/demo]
//        [--dev .] [--grep PATTERN] [--timeout 1800]
//
// Without --vsix the extension at --dev (default: the repo) is packaged with vsce into
// .cache/ui/ first, so `npm run build` must have produced dist/. Runs every
// test/ui/**/*.test.mjs with mocha in this process; the files share one code-server and one
// Chromium through scripts/editor/ui.mjs. Screenshots land in .test-output/screenshots/.
// Prints exactly `N passed, N failed` at the end; exits non-zero on failure, timeout or
// when no test ran. code-server and Chromium are always stopped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { register as registerTsxCjs } from 'tsx/cjs/api';
import { register as registerTsx } from 'tsx/esm/api';
import { findFiles } from './buildExtensionTests.mjs';
import { repoRoot, cacheDir, ensureCodeServer } from './codeServer.mjs';
import * as ui from './ui.mjs';

const { values: args } = parseArgs({
  options: {
    vsix: { type: 'string' },
    'no-vsix': { type: 'boolean', default: false },
    workspace: { type: 'string' },
    dev: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: join(repoRoot, 'test/ui') },
    grep: { type: 'string' },
    // A cap for a hung run, far above what a healthy run takes even on a busy CI machine.
    timeout: { type: 'string', default: '1800' },
  },
});

const say = (m) => console.log(`[ui-tests] ${m}`);

/**
 * Used only when the extension has neither a .vscodeignore nor a `files` list: without one,
 * vsce would pack .cache/ (code-server itself) and every source file into the .vsix.
 */
const FALLBACK_VSCODEIGNORE = [
  '.cache/**', '.test-output/**', '.git/**', '.ci/**', '.vscode-test/**', 'node_modules/**',
  'test/**', 'scripts/**', 'bench/**', 'client/**', 'server/**', 'docs/**', 'examples/**',
  '**/*.ts', '**/*.map', 'tsconfig.json', '.mocharc.json', 'package-lock.json',
].join('\n');

/** Packages the extension with vsce (no dependencies: our bundles are self-contained). */
function packageVsix(devPath) {
  const pkg = JSON.parse(readFileSync(join(devPath, 'package.json'), 'utf8'));
  const outDir = join(cacheDir, 'ui');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${pkg.name}-${pkg.version}-${process.pid}.vsix`);
  const vsce = join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  const extra = [];
  if (!existsSync(join(devPath, '.vscodeignore')) && !pkg.files) {
    const ignore = join(outDir, 'fallback.vscodeignore');
    writeFileSync(ignore, FALLBACK_VSCODEIGNORE + '\n');
    say(`WARNING: ${devPath} has no .vscodeignore; packaging with ${relative(repoRoot, ignore)}`);
    extra.push('--ignoreFile', ignore);
  }
  say(`packaging ${devPath} -> ${relative(repoRoot, out)}`);
  const r = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--allow-star-activation', ...extra, '-o', out],
    { cwd: devPath, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: 'true' } },
  );
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status}); see its output above (is dist/ built?)`);
  return out;
}

function pickWorkspace() {
  if (args.workspace) return resolve(args.workspace);
  const demo = join(repoRoot, 'examples/demo');
  if (existsSync(demo)) return demo;
  const scratch = join(cacheDir, 'ui-tests-workspace');
  mkdirSync(scratch, { recursive: true });
  say(`WARNING: examples/demo does not exist; using empty ${relative(repoRoot, scratch)}`);
  return scratch;
}

async function main() {
  const files = findFiles(resolve(args.tests), /\.test\.mjs$/);
  if (!files.length) throw new Error(`no *.test.mjs files under ${args.tests}`);
  ensureCodeServer();
  const vsix = args['no-vsix'] ? undefined : args.vsix ? resolve(args.vsix) : packageVsix(resolve(args.dev));
  const workspace = pickWorkspace();
  ui.configureSession({ workspace, vsix });

  // Watchdog: a wedged browser must not hang CI forever.
  const watchdog = setTimeout(async () => {
    console.log(`ERROR: UI tests timed out after ${args.timeout}s`);
    await ui.closeSession().catch(() => {});
    console.log(`${counts.passed} passed, ${counts.failed} failed`);
    process.exit(1);
  }, Number(args.timeout) * 1000);
  watchdog.unref();

  const counts = { passed: 0, failed: 0 };
  const mocha = new Mocha({
    ui: 'bdd',
    // Each test waits on conditions (see test/ui/helpers.mjs); this only stops a hung one.
    timeout: 600_000,
    reporter: 'spec',
    color: false,
    grep: args.grep,
    rootHooks: {
      async afterEach() {
        if (this.currentTest?.state !== 'failed') return;
        for (const f of await ui.screenshotAllPages(this.currentTest.fullTitle())) {
          console.log(`      screenshot of the failure: ${relative(repoRoot, f)}`);
        }
      },
    },
  });
  // Test files may import the TypeScript helpers of test/helpers/ (e.g. the private sshd of
  // deploySshd.ts), as the mocha suites do.
  registerTsx();
  registerTsxCjs();
  for (const f of files) mocha.addFile(f);
  try {
    await mocha.loadFilesAsync();
    await new Promise((done) => {
      const runner = mocha.run(() => done());
      runner.on('pass', () => counts.passed++);
      runner.on('fail', () => counts.failed++);
    });
  } finally {
    clearTimeout(watchdog);
    await ui.closeSession();
    if (vsix && !args.vsix) rmSync(vsix, { force: true });
  }
  say(`screenshots: ${relative(repoRoot, ui.screenshotDir)}/`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  if (counts.passed + counts.failed === 0) {
    console.log('ERROR: zero tests ran');
    return 1;
  }
  return counts.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`ERROR: ${err?.stack ?? err}`);
    await ui.closeSession().catch(() => {});
    console.log('0 passed, 0 failed');
    process.exit(1);
  },
);
