// Mocha bootstrap that runs *inside* the VS Code extension host. Both launchers
// (scripts/editor/runExtensionTests.mjs for code-server, runExtensionTestsElectron.mjs for
// @vscode/test-electron) point extensionTestsPath at the bundled form of this file; the host
// calls the exported run() once the extension under development is registered.
//
// Results go to a JSON-lines file rather than stdout because, in code-server, the extension
// host's stdout is not connected to anything the runner can read. One record per line:
//   {"event":"start","total":N}
//   {"event":"pass"|"fail"|"pending","title":...,"durationMs":...,"error"?:...}
//   {"event":"log","level":"log"|"info"|"warn"|"error","text":...}
//   {"event":"end","passed":N,"failed":N,"pending":N}
//   {"event":"error","error":...}          (the suites could not be loaded)
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha = require('mocha');
import { PATIENCE } from '../helpers/patience';

/** Env var naming the results file; falls back to results.jsonl next to this bundle. */
export const RESULTS_ENV = 'NSELF_EXT_TEST_RESULTS';

function resultsFile(): string {
  return process.env[RESULTS_ENV] || path.join(__dirname, 'results.jsonl');
}

function record(file: string, data: Record<string, unknown>): void {
  fs.appendFileSync(file, JSON.stringify(data) + '\n');
}

function findSuites(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findSuites(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function teeConsole(file: string): () => void {
  const methods = ['log', 'info', 'warn', 'error'] as const;
  // VS Code's extension host installs console.* as accessors whose setter ignores plain
  // assignment, so redefine the properties and put the original descriptors back after.
  const saved = methods.map((m) => Object.getOwnPropertyDescriptor(console, m));
  for (const m of methods) {
    const original = console[m];
    Object.defineProperty(console, m, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        original.apply(console, args);
        try {
          record(file, { event: 'log', level: m, text: util.format(...args) });
        } catch {
          // A broken results file must not break the test that happened to log.
        }
      },
    });
  }
  return () =>
    methods.forEach((m, i) => {
      const d = saved[i];
      if (d) Object.defineProperty(console, m, d);
    });
}

export async function run(): Promise<void> {
  const file = resultsFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');

  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    // Real editor, real language server: a bound for hangs, not a speed requirement (see test/helpers/patience.ts).
    timeout: Number(process.env.NSELF_EXT_TEST_TIMEOUT_MS) || PATIENCE.start,
    grep: process.env.NSELF_EXT_TEST_GREP || undefined,
  });
  // Register the tdd globals (suite/test/setup) alongside bdd (describe/it/beforeEach) so
  // authors can use either style.
  Mocha.interfaces.tdd(mocha.suite);
  for (const suite of findSuites(__dirname)) mocha.addFile(suite);
  try {
    await mocha.loadFilesAsync();
  } catch (err) {
    // A suite that throws while loading would otherwise leave the runner waiting for "start".
    record(file, { event: 'error', error: `loading the suites failed: ${(err as Error)?.stack ?? err}` });
    throw err;
  }

  // Echo test output into the results file too: in code-server nobody sees the host's stdout.
  const restoreConsole = teeConsole(file);
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on('start', () => record(file, { event: 'start', total: runner.total }));
    runner.on('pass', (t) => {
      passed++;
      record(file, { event: 'pass', title: t.fullTitle(), durationMs: t.duration ?? 0 });
    });
    runner.on('fail', (t, err: Error) => {
      failed++;
      record(file, {
        event: 'fail',
        title: t.fullTitle(),
        durationMs: t.duration ?? 0,
        error: err?.stack || String(err),
      });
    });
    runner.on('pending', (t) => {
      pending++;
      record(file, { event: 'pending', title: t.fullTitle() });
    });
    runner.on('end', () => record(file, { event: 'end', passed, failed, pending }));
  }).finally(restoreConsole);

  // Rejecting makes VS Code exit non-zero under @vscode/test-electron.
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
  if (mocha.suite.total() === 0) throw new Error('no extension-host tests were found');
}
