// Extension-host tests in a real VS Code, offline: code-server + Debian Chromium.
//
//   node scripts/editor/runExtensionTests.mjs [--workspace examples/demo] [--dev .]
//        [--tests test/extension] [--timeout 1500] [--grep PATTERN] [--keep]
//
// Builds only the test bundle (test/extension/**/*.test.ts -> .cache/ext-tests/); the
// extension itself must already be built (`npm run build` -> dist/). The workbench is opened
// with extensionDevelopmentPath = the repo and extensionTestsPath = the bundled bootstrap,
// which runs mocha in the extension host and appends JSON lines to a results file that we
// tail here. Prints each result, then exactly `N passed, N failed`; exits non-zero on any
// failure, on timeout, or when no test ran. code-server and Chromium are always stopped.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExtensionTests } from './buildExtensionTests.mjs';
import { startCodeServer, repoRoot, cacheDir } from './codeServer.mjs';
import { launchChromium } from './ui.mjs';

const { values: args } = parseArgs({
  options: {
    workspace: { type: 'string' },
    dev: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: join(repoRoot, 'test/extension') },
    // Caps for a hung run, far above what a healthy run takes even on a busy CI machine.
    timeout: { type: 'string', default: '1500' },
    'start-timeout': { type: 'string', default: '600' },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (m) => console.log(`[ext-tests +${secs()}] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The folder to open: --workspace, else examples/demo, else an empty scratch folder. */
function pickWorkspace() {
  if (args.workspace) {
    const ws = resolve(args.workspace);
    if (!existsSync(ws)) throw new Error(`workspace not found: ${ws}`);
    return ws;
  }
  const demo = join(repoRoot, 'examples/demo');
  if (existsSync(demo)) return demo;
  const scratch = join(cacheDir, 'ext-tests-workspace');
  mkdirSync(scratch, { recursive: true });
  say(`WARNING: ${relative(repoRoot, demo)} does not exist; using empty ${relative(repoRoot, scratch)}`);
  return scratch;
}

/** Warn early when the extension's entry point is missing: activation would fail later. */
function checkExtensionBuilt(devPath) {
  try {
    const pkg = JSON.parse(readFileSync(join(devPath, 'package.json'), 'utf8'));
    if (pkg.main) {
      const main = resolve(devPath, pkg.main);
      if (!existsSync(main) && !existsSync(`${main}.js`)) {
        say(`WARNING: ${pkg.main} is missing in ${devPath}; run \`npm run build\` first (activation will fail)`);
      }
    }
  } catch (err) {
    throw new Error(`${devPath} is not an extension folder: ${err.message}`);
  }
}

/** Reads complete new lines appended to the results file since the last call. */
function makeTail(file) {
  let offset = 0;
  let partial = '';
  return () => {
    if (!existsSync(file)) return [];
    const size = statSync(file).size;
    if (size < offset) offset = 0; // truncated by a fresh run()
    if (size === offset) return [];
    const buf = readFileSync(file).subarray(offset, size);
    offset = size;
    const text = partial + buf.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    return lines.filter(Boolean).map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return { event: 'log', level: 'warn', text: `unparsable result line: ${l}` };
      }
    });
  };
}

async function main() {
  const devPath = resolve(args.dev);
  const workspace = pickWorkspace();
  checkExtensionBuilt(devPath);

  const { indexPath, outDir, suites } = await buildExtensionTests({ srcDir: resolve(args.tests) });
  if (suites.length === 0) throw new Error(`no *.test.ts suites under ${args.tests}`);
  const resultsFile = join(outDir, 'results.jsonl');

  const counts = { passed: 0, failed: 0, pending: 0 };
  let server;
  let browser;
  const browserErrors = [];
  let outcome = 'timeout';
  try {
    server = await startCodeServer({
      workspace,
      extensionDevelopmentPath: devPath,
      extensionTestsPath: indexPath,
      keep: args.keep,
      env: {
        NSELF_EXT_TEST_RESULTS: resultsFile,
        ...(args.grep ? { NSELF_EXT_TEST_GREP: args.grep } : {}),
      },
      log: say,
    });
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') browserErrors.push(m.text());
    });
    page.on('pageerror', (e) => browserErrors.push(e.message));
    say(`opening workbench on ${workspace} (extension: ${devPath})`);
    await page.goto(server.workbenchUrl, { waitUntil: 'domcontentloaded' });

    const tail = makeTail(resultsFile);
    const startDeadline = started + Number(args['start-timeout']) * 1000;
    const deadline = started + Number(args.timeout) * 1000;
    let sawStart = false;
    loop: for (;;) {
      for (const r of tail()) {
        switch (r.event) {
          case 'start':
            sawStart = true;
            say(`running ${r.total} test(s) in VS Code's extension host`);
            break;
          case 'pass':
            counts.passed++;
            console.log(`  ✓ ${r.title} (${r.durationMs}ms)`);
            break;
          case 'fail':
            counts.failed++;
            console.log(`  ✗ ${r.title}`);
            console.log(String(r.error).replace(/^/gm, '      '));
            break;
          case 'pending':
            counts.pending++;
            console.log(`  - ${r.title} (pending)`);
            break;
          case 'log':
            console.log(`    | ${r.text}`);
            break;
          case 'error':
            console.log(String(r.error).replace(/^/gm, '      '));
            outcome = 'load-error';
            break loop;
          case 'end':
            outcome = 'done';
            break loop;
        }
      }
      if (server.process.exitCode !== null) {
        outcome = 'server-exited';
        break;
      }
      if (!sawStart && Date.now() > startDeadline) {
        outcome = 'never-started';
        break;
      }
      if (Date.now() > deadline) break;
      await sleep(250);
    }
  } finally {
    // Always tear down, whatever happened above.
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    if (!args.keep) rmSync(outDir, { recursive: true, force: true });
  }

  if (outcome !== 'done') {
    const why = {
      timeout: `timed out after ${args.timeout}s`,
      'never-started': `the test bootstrap did not start within ${args['start-timeout']}s (extension host failed to load it?)`,
      'server-exited': 'code-server exited during the run',
      'load-error': 'the test suites could not be loaded in the extension host',
    }[outcome];
    console.log(`ERROR: ${why}`);
    if (browserErrors.length && outcome !== 'load-error') {
      console.log('Browser console errors:');
      for (const e of browserErrors.slice(-20)) console.log(`  ${e.slice(0, 500)}`);
    }
    if (server && outcome !== 'load-error') console.log(`code-server output (tail):\n${server.output().slice(-3000)}`);
  }
  const total = counts.passed + counts.failed;
  if (counts.pending) console.log(`(${counts.pending} pending)`);
  say(`finished`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  if (outcome !== 'done') return 1;
  if (total === 0) {
    console.log('ERROR: zero tests ran');
    return 1;
  }
  return counts.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`ERROR: ${err?.stack ?? err}`);
    console.log('0 passed, 0 failed');
    process.exit(1);
  },
);
