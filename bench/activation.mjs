// Activation time of the packaged extension in a real editor (code-server 1.100.3), next to
// built-in extensions measured the same way in the same window. A benchmark, not a test:
// it prints figures and exits 0 unless the measurement itself failed.
//
//   node bench/activation.mjs [--vsix FILE] [--runs 5] [--workspace examples/demo]
//        [--peer vscode.git]... [--json FILE]
//
// Without --vsix it runs `npm run package` (production build + vsce) and measures
// dist/nself-vscode.vsix, i.e. what users install.
//
// How: every run starts a fresh code-server (own user-data and extensions dirs, so a cold
// extension host) with the .vsix installed, opens a copy of the workspace in Chromium, waits
// for our status bar item (the extension is active), then runs `Developer: Startup
// Performance` and reads its "Extension Activation Stats" table (copied through the
// clipboard): per extension, Load Code, Call Activate and Finish Activate in ms, as the
// extension host recorded them. "Activation" below is Load Code + Call Activate, the figure
// `Developer: Show Running Extensions` displays; Finish Activate is the extra time until a
// promise returned by activate() settled. The peers are built-ins that activate in the same
// window, measured by the same host at the same moment.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, startCodeServer, ensureCodeServer } from '../scripts/editor/codeServer.mjs';
import * as ui from '../scripts/editor/ui.mjs';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const OURS = `${manifest.publisher}.${manifest.name}`;
const ENV_STATUS_ITEM = `${OURS}.nself.environment`;

const { values: args } = parseArgs({
  options: {
    vsix: { type: 'string' },
    runs: { type: 'string', default: '5' },
    workspace: { type: 'string', default: join(repoRoot, 'examples/demo') },
    peer: { type: 'string', multiple: true },
    json: { type: 'string' },
    // The activation budget in ms, checked against the median and the p95.
    budget: { type: 'string', default: '20' },
  },
});
// Built-ins that activate in this workspace without being asked, for the side-by-side rows.
const PEERS = args.peer ?? ['vscode.git', 'vscode.github', 'vscode.emmet', 'vscode.merge-conflict', 'vscode.git-base'];
const say = (m) => console.log(`[activation] ${m}`);

function packageExtension() {
  say('npm run package (production build + vsce)');
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status})`);
  return join(repoRoot, 'dist/nself-vscode.vsix');
}

/** One cold start: { [extension id]: { load, call, finish, activation, event } } in ms. */
async function measureOnce(vsix, run) {
  const parent = mkdtempSync(join(tmpdir(), 'nself-activation-'));
  const workspace = join(parent, basename(args.workspace));
  cpSync(args.workspace, workspace, { recursive: true });
  const server = await startCodeServer({ workspace, vsix, log: () => {} });
  let browser;
  try {
    browser = await ui.launchChromium();
    const page = await ui.openWorkbench({ server, browser });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await page.locator(`.part.statusbar .statusbar-item[id="${ENV_STATUS_ITEM}"]`).waitFor({ state: 'visible', timeout: 90_000 });
    await ui.runCommand(page, 'Developer: Startup Performance');
    const editor = page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-line').first().waitFor({ state: 'visible', timeout: 30_000 });
    // The report is one long read-only document: copy it whole rather than scroll its lines.
    const deadline = Date.now() + 60_000;
    let rows;
    for (;;) {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+C');
      rows = parseActivationStats(await page.evaluate(() => navigator.clipboard.readText()));
      if (rows[OURS]) break;
      if (Date.now() > deadline) {
        throw new Error(`no activation row for ${OURS} in Developer: Startup Performance (see ${await ui.screenshot(page, 'startup-performance-failed')})`);
      }
      await page.waitForTimeout(1000);
    }
    if (run === 0) await ui.screenshot(page, 'startup-performance');
    return rows;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}

/** The "Extension Activation Stats" markdown table of the startup performance report. */
function parseActivationStats(text) {
  const out = {};
  const start = text.indexOf('Extension Activation Stats');
  if (start < 0) return out;
  for (const line of text.slice(start).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 7 || !/^\d/.test(cells[2])) continue;
    const [id, eager, load, call, finish, event] = cells;
    out[id] = { load: Number(load), call: Number(call), finish: Number(finish), activation: Number(load) + Number(call), eager: eager === 'true', event };
  }
  return out;
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
  const loadAtStart = loadavg()[0].toFixed(2);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = Date.now();
    const result = await measureOnce(vsix, i);
    samples.push(result);
    const o = result[OURS];
    const peerTimes = PEERS.filter((p) => result[p]).map((p) => `${p} ${result[p].activation}`);
    say(`run ${i + 1}/${runs} (${((Date.now() - t0) / 1000).toFixed(0)} s): ${OURS} ${o.activation} ms (load ${o.load} + call ${o.call}, finish +${o.finish}, ${o.event}); ${peerTimes.join(', ')}`);
  }

  // The peers that were active in every run, in preference order.
  const peers = PEERS.filter((p) => samples.every((s) => s[p]));
  const row = (id) => {
    const st = (f) => stats(samples.map((s) => s[id][f]));
    return { id, activation: st('activation'), load: st('load'), call: st('call'), finish: st('finish') };
  };
  const table = [OURS, ...peers].map(row);
  const cell = (s) => `${s.median}/${s.p95}`.padStart(10);
  console.log('');
  console.log(`Activation in ms over ${runs} cold starts of code-server ${'1.100.3'}, as median/p95 (Activation = Load Code + Call Activate)`);
  console.log(`${'extension'.padEnd(26)} ${'Activation'.padStart(10)} ${'Load Code'.padStart(10)} ${'Call'.padStart(10)} ${'Finish'.padStart(10)}`);
  for (const r of table) console.log(`${r.id.padEnd(26)} ${cell(r.activation)} ${cell(r.load)} ${cell(r.call)} ${cell(r.finish)}`);
  const ours = table[0].activation;
  console.log('');
  const budget = Number(args.budget);
  const verdict = ours.p95 < budget ? 'met' : ours.median < budget ? 'median met, p95 not' : 'NOT met';
  console.log(`${OURS}: activation median ${ours.median} ms, p95 ${ours.p95} ms (budget < ${budget} ms: ${verdict}); machine load average ${loadAtStart} at start, ${loadavg()[0].toFixed(2)} at end, on ${cpus().length} cores`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ vsix, runs, samples, table }, null, 2));
}

main().then(
  () => process.exit(0),
  async (err) => {
    console.error(`ERROR: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
