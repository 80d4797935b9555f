// Extension-host tests in desktop VS Code via @vscode/test-electron (launcher 1).
//
//   node scripts/editor/runExtensionTestsElectron.mjs [--workspace examples/demo]
//        [--vscode-version stable|1.100.3] [--grep PATTERN]
//
// Needs network access to update.code.visualstudio.com (to download VS Code once into
// .cache/vscode-test/) and, on Linux without a display, `xvfb-run -a`. Where there is no
// network (CI here), use the offline launcher scripts/editor/runExtensionTests.mjs, which
// runs the very same suites in code-server.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExtensionTests } from './buildExtensionTests.mjs';
import { repoRoot, cacheDir } from './codeServer.mjs';

const { values: args } = parseArgs({
  options: {
    workspace: { type: 'string' },
    dev: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: join(repoRoot, 'test/extension') },
    'vscode-version': { type: 'string', default: process.env.VSCODE_TEST_VERSION || 'stable' },
    grep: { type: 'string' },
  },
});

function printResults(file) {
  const counts = { passed: 0, failed: 0 };
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    if (r.event === 'pass') {
      counts.passed++;
      console.log(`  ✓ ${r.title} (${r.durationMs}ms)`);
    } else if (r.event === 'error') {
      console.log(String(r.error));
    } else if (r.event === 'fail') {
      counts.failed++;
      console.log(`  ✗ ${r.title}\n${String(r.error).replace(/^/gm, '      ')}`);
    }
  }
  return counts;
}

const NETWORK_ERROR = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|Failed to get JSON|download|update\.code\.visualstudio\.com/i;

async function main() {
  const { runTests } = await import('@vscode/test-electron');
  const devPath = resolve(args.dev);
  const workspace = args.workspace ? resolve(args.workspace) : join(repoRoot, 'examples/demo');
  const { indexPath, outDir } = await buildExtensionTests({ srcDir: resolve(args.tests) });
  const resultsFile = join(outDir, 'results.jsonl');
  const runDir = join(cacheDir, 'electron-run');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.log('NOTE: no DISPLAY set; desktop VS Code needs one. Run this under `xvfb-run -a`.');
  }

  let exitCode;
  try {
    exitCode = await runTests({
      version: args['vscode-version'],
      cachePath: join(cacheDir, 'vscode-test'),
      extensionDevelopmentPath: devPath,
      extensionTestsPath: indexPath,
      extensionTestsEnv: {
        NSELF_EXT_TEST_RESULTS: resultsFile,
        ...(args.grep ? { NSELF_EXT_TEST_GREP: args.grep } : {}),
      },
      launchArgs: [
        ...(existsSync(workspace) ? [workspace] : []),
        '--user-data-dir', join(runDir, 'user-data'),
        '--extensions-dir', join(runDir, 'extensions'),
        '--disable-workspace-trust',
        '--disable-updates',
        '--skip-welcome',
        '--skip-release-notes',
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
    });
  } catch (err) {
    const msg = String(err?.stack ?? err);
    if (NETWORK_ERROR.test(msg) && !existsSync(resultsFile)) {
      console.error(
        'ERROR: could not download VS Code for @vscode/test-electron (no network access to\n' +
          'update.code.visualstudio.com?). This launcher needs network the first time.\n' +
          'Offline, run the same suites in code-server instead:\n' +
          '  bash scripts/editor/installCodeServer.sh && node scripts/editor/runExtensionTests.mjs\n' +
          `Cause: ${msg.split('\n')[0]}`,
      );
    } else {
      console.error(`ERROR: ${msg}`);
    }
    exitCode = 1;
  }

  const counts = printResults(resultsFile);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(runDir, { recursive: true, force: true });
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  if (counts.passed + counts.failed === 0) {
    if (exitCode === 0) console.log('ERROR: zero tests ran');
    return 1;
  }
  return exitCode === 0 && counts.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`ERROR: ${err?.stack ?? err}`);
    console.log('0 passed, 0 failed');
    process.exit(1);
  },
);
