// Activation time of the packaged extension in a real editor (code-server 1.100.3), next to
// built-in extensions measured the same way in the same window. A benchmark, not a test:
// it prints figures and exits 0 unless the measurement itself failed.
//
//   node bench/activation.mjs [--vsix FILE] [--runs 5] [--workspace examples/demo]
//        [--peer 'Git']... [--json FILE]
//
// Without --vsix it runs `npm run package` (production build + vsce) and measures
// dist/nself-vscode.vsix, i.e. what users install.
//
// How: every run starts a fresh code-server (own user-data and extensions dirs, so a cold
// extension host) with the .vsix installed, opens a copy of the workspace in Chromium, waits
// for our status bar item (the extension is active), then opens `Developer: Show Running
// Extensions` and reads each row's "Activation: N ms" / "Startup Activation: N ms". That is
// the number VS Code itself shows: code loading + the synchronous activate() call
// (activationTimes.codeLoadingTime + activateCallTime). Work activate() starts but does not
// await (the language server) is not in it, for us or for the peers.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, startCodeServer, ensureCodeServer } from '../scripts/editor/codeServer.mjs';
import * as ui from '../scripts/editor/ui.mjs';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const OURS_ID = `${manifest.publisher}.${manifest.name}`;
const ENV_STATUS_ITEM = `${OURS_ID}.nself.environment`;
// The Running Extensions editor names an extension by its display name.
const OURS = manifest.displayName;

const { values: args } = parseArgs({
  options: {
    vsix: { type: 'string' },
    runs: { type: 'string', default: '5' },
    workspace: { type: 'string', default: join(repoRoot, 'examples/demo') },
    peer: { type: 'string', multiple: true },
    json: { type: 'string' },
  },
});
// Built-ins (by display name) that activate in this workspace without being asked, for the side-by-side columns.
const PEERS = args.peer ?? ['Git', 'Emmet', 'Merge Conflict', 'GitHub', 'Git Base'];
const say = (m) => console.log(`[activation] ${m}`);

function packageExtension() {
  say('npm run package (production build + vsce)');
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status})`);
  return join(repoRoot, 'dist/nself-vscode.vsix');
}

/** One cold start: returns { [extension id]: { ms, startup } } for every activated extension. */
async function measureOnce(vsix, run) {
  const parent = mkdtempSync(join(tmpdir(), 'nself-activation-'));
  const workspace = join(parent, basename(args.workspace));
  cpSync(args.workspace, workspace, { recursive: true });
  const server = await startCodeServer({ workspace, vsix, log: () => {} });
  let browser;
  try {
    browser = await ui.launchChromium();
    // Tall enough that the running-extensions list (70 px rows, virtualized) renders every row.
    const page = await ui.openWorkbench({ server, browser }, { viewport: { width: 1400, height: 3000 } });
    await page.locator(`.part.statusbar .statusbar-item[id="${ENV_STATUS_ITEM}"]`).waitFor({ state: 'visible', timeout: 90_000 });
    await ui.runCommand(page, 'Developer: Show Running Extensions');
    const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
    const ours = rows.filter({ has: page.locator('.name', { hasText: new RegExp(`^${OURS}$`) }) });
    try {
      await ours.locator('.activation-time', { hasText: /\d+\s*ms/ }).waitFor({ state: 'visible', timeout: 30_000 });
    } catch (err) {
      say(`no activation time for ${OURS}; see ${await ui.screenshot(page, 'running-extensions-failed')}`);
      throw err;
    }
    const found = await rows.evaluateAll((els) =>
      els.map((el) => ({ name: el.querySelector('.name')?.textContent ?? '', time: el.querySelector('.activation-time')?.textContent ?? '' })),
    );
    if (run === 0) await ui.screenshot(page, 'running-extensions');
    const out = {};
    for (const { name, time } of found) {
      const m = /(Startup )?Activation:\s*(\d+(?:\.\d+)?)\s*ms/.exec(time);
      if (m) out[name.trim()] = { ms: Number(m[2]), startup: Boolean(m[1]) };
    }
    return out;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
  return { n: v.length, min: v[0], median: v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2, p95: q(0.95), max: v[v.length - 1] };
}

async function main() {
  ensureCodeServer();
  const vsix = args.vsix ? resolve(args.vsix) : packageExtension();
  if (!existsSync(vsix)) throw new Error(`no .vsix at ${vsix}`);
  const runs = Number(args.runs);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = Date.now();
    const result = await measureOnce(vsix, i);
    samples.push(result);
    const peerTimes = PEERS.filter((p) => result[p]).map((p) => `${p} ${result[p].ms} ms`);
    say(`run ${i + 1}/${runs} (${((Date.now() - t0) / 1000).toFixed(0)} s): ${OURS} ${result[OURS]?.ms ?? '?'} ms; ${peerTimes.join(', ')}`);
  }
  if (!samples.every((s) => s[OURS])) throw new Error(`${OURS} (${OURS_ID}) did not show an activation time in every run`);

  // The peers that were active in every run, in preference order.
  const peers = PEERS.filter((p) => samples.every((s) => s[p]));
  const columns = [OURS, ...peers];
  const table = columns.map((id) => ({ id: id === OURS ? `${OURS} (${OURS_ID})` : id, ...stats(samples.map((s) => s[id].ms)) }));
  console.log('');
  console.log(`Activation time (code loading + activate() call, as "Developer: Show Running Extensions" shows it), ${runs} cold starts`);
  console.log(`${'extension'.padEnd(36)} ${'median'.padStart(7)} ${'p95'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}`);
  for (const r of table) {
    console.log(`${r.id.padEnd(36)} ${`${r.median}`.padStart(5)}ms ${`${r.p95}`.padStart(5)}ms ${`${r.min}`.padStart(5)}ms ${`${r.max}`.padStart(5)}ms`);
  }
  const ours = table[0];
  console.log('');
  console.log(`${OURS_ID}: median ${ours.median} ms, p95 ${ours.p95} ms (target < 50 ms: ${ours.p95 < 50 ? 'met' : 'NOT met'})`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ vsix, runs, samples, table }, null, 2));
}

main().then(
  () => process.exit(0),
  async (err) => {
    console.error(`ERROR: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
