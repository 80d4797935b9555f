// Helpers for Playwright UI tests against code-server in Debian's Chromium (offline).
//
//   import * as ui from '../../scripts/editor/ui.mjs';
//   const s = await ui.session();            // code-server with the packaged .vsix installed
//   const page = await ui.openWorkbench(s);  // fresh browser context on the workspace
//   await ui.runCommand(page, 'nself: Show Services');
//   await ui.quickOpen(page, '.env');
//   await ui.waitForProblems(page, { atLeast: 1 });
//   await ui.screenshot(page, 'services');  // .test-output/screenshots/services.png
//
// scripts/editor/runUiTests.mjs creates the session once for all test files (configureSession);
// a test file run on its own gets a session lazily from the environment.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startCodeServer, repoRoot } from './codeServer.mjs';

export const CHROMIUM = process.env.NSELF_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
export const screenshotDir = process.env.NSELF_SCREENSHOT_DIR || join(repoRoot, '.test-output/screenshots');

/**
 * Launches Chromium headless. Playwright gives every launch a fresh temporary profile and
 * deletes it on close(); it also closes the browser if this process is interrupted.
 */
export async function launchChromium({ headless = !process.env.NSELF_HEADED } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}; run scripts/editor/installCodeServer.sh (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS });
}

// ---- session: one code-server + one browser shared by a test run ----------------------

let current;

/**
 * Sets the session options used by session(). Called by runUiTests.mjs before loading
 * test files. Options are those of startCodeServer (workspace, vsix, ...).
 */
export function configureSession(options) {
  current = { options, promise: undefined };
}

/** The shared { server, browser, workspace, knownHostsFile }, started on first use. */
export function session() {
  current ??= {
    options: {
      workspace: process.env.NSELF_UI_WORKSPACE || join(repoRoot, 'examples/demo'),
      vsix: process.env.NSELF_VSIX || undefined,
    },
  };
  current.promise ??= (async () => {
    // Host keys the deploy UI pins ("Trust and Pin") go to a file of this session, never to the
    // user's ~/.config/nself/deploy_known_hosts; deleted by closeSession().
    const knownHostsDir = mkdtempSync(join(tmpdir(), 'nself-ui-known-hosts-'));
    const knownHostsFile = join(knownHostsDir, 'deploy_known_hosts');
    const env = { NSELF_DEPLOY_KNOWN_HOSTS: knownHostsFile, ...current.options.env };
    let server;
    try {
      server = await startCodeServer({ ...current.options, env, log: (m) => console.log(`    [ui] ${m}`) });
      const browser = await launchChromium();
      return { server, browser, workspace: current.options.workspace && resolve(current.options.workspace), knownHostsFile: env.NSELF_DEPLOY_KNOWN_HOSTS, knownHostsDir };
    } catch (err) {
      await server?.stop();
      rmSync(knownHostsDir, { recursive: true, force: true });
      throw err;
    }
  })();
  return current.promise;
}

/** Closes the shared browser and code-server (runUiTests calls this in a finally). */
export async function closeSession() {
  if (!current?.promise) return;
  const p = current.promise;
  current.promise = undefined;
  const s = await p.catch(() => undefined);
  if (!s) return;
  await s.browser.close().catch(() => {});
  await s.server.stop();
  rmSync(s.knownHostsDir, { recursive: true, force: true });
}

// ---- workbench helpers ------------------------------------------------------------------

/** Opens the workspace in a new browser context and waits for the workbench to be usable. */
export async function openWorkbench(s, { url, viewport = { width: 1400, height: 900 }, timeoutMs = 300_000 } = {}) {
  const context = await s.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`    [browser pageerror] ${e.message}`));
  await page.goto(url ?? s.server.workbenchUrl, { waitUntil: 'domcontentloaded' });
  await waitForWorkbench(page, { timeoutMs });
  return page;
}

/** Waits until the workbench shell and its status bar are rendered. */
export async function waitForWorkbench(page, { timeoutMs = 300_000 } = {}) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  // The explorer (or any sidebar view) appearing means the workspace folder was resolved.
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => {});
}

/** Waits until the explorer lists at least one file of the workspace (it loads lazily). */
export async function waitForExplorer(page, { timeoutMs = 120_000 } = {}) {
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  // The progress bar over the explorer disappears once the tree is resolved.
  await page
    .locator('.part.sidebar .monaco-progress-container.active')
    .waitFor({ state: 'hidden', timeout: timeoutMs })
    .catch(() => {});
}

async function quickInput(page) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 60_000 });
  return widget;
}

/**
 * Types `text` into a freshly opened quick input (opened by `key`) and waits for a real
 * result row. Right after the workbench appears, extensions and file search may not be ready
 * yet ("No matching commands"), so it closes and retries until `timeoutMs`.
 */
async function pickFromQuickInput(page, key, text, { timeoutMs, exactLabel }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press(key);
    const widget = await quickInput(page);
    const input = widget.locator('input');
    // fill(), not keyboard.type(): every keystroke re-filters the list, which costs ~0.4 s
    // per character in headless Chromium on a small machine.
    await input.fill(text);
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    // Real result rows carry a keybinding/description/icon container; the "No matching ..."
    // placeholder row only has its message.
    const named = rows.filter({ has: page.locator('.label-name') }).filter({ hasNotText: /^No matching/ });
    try {
      await named.first().waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(500, deadline - Date.now())) });
      const exact = exactLabel
        ? named.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(exactLabel)}$`) }) })
        : named;
      if (await exact.count()) {
        await exact.first().click();
      } else {
        await input.press('Enter');
      }
      await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      return;
    } catch (err) {
      if (process.env.NSELF_EDITOR_DEBUG) console.log(`    [ui] retrying quick input "${text}": ${err.message.split('\n')[0]}`);
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`nothing matched "${text}" in the quick input: ${err.message}`);
      await page.waitForTimeout(500);
    }
  }
}

/**
 * Runs a command by its palette label (e.g. 'View: Toggle Terminal', 'nself: Validate').
 * Picks the row whose label matches exactly when there is one, otherwise the first row.
 */
export async function runCommand(page, label, { timeoutMs = 120_000 } = {}) {
  await pickFromQuickInput(page, 'F1', `>${label}`, { timeoutMs, exactLabel: label });
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
export async function quickOpen(page, fileName, { timeoutMs = 120_000 } = {}) {
  await pickFromQuickInput(page, 'Control+P', fileName, { timeoutMs });
  const base = fileName.split('/').pop();
  await page
    .locator('.tabs-container .tab', { hasText: base })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.editor-instance .monaco-editor').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Opens the Problems panel and waits until it lists at least `atLeast` markers (0 = just
 * open it). Returns the visible marker rows' text.
 */
export async function waitForProblems(page, { atLeast = 1, timeoutMs = 120_000 } = {}) {
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)').catch(async () => {
    await page.keyboard.press('Control+Shift+M');
  });
  const panel = page.locator('.markers-panel');
  await panel.first().waitFor({ state: 'visible', timeout: timeoutMs });
  const rows = panel.locator('.monaco-list-row .marker-message-details, .monaco-list-row .marker-message');
  const deadline = Date.now() + timeoutMs;
  while ((await rows.count()) < atLeast) {
    if (Date.now() > deadline) throw new Error(`Problems panel shows fewer than ${atLeast} problem(s)`);
    await page.waitForTimeout(250);
  }
  return rows.allInnerTexts();
}

/** Saves a PNG under .test-output/screenshots/ and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Screenshots every open page of the shared session as `failed-<title>-<n>.png`; the UI
 * runner calls this after each failing test so CI leaves something to look at.
 */
export async function screenshotAllPages(title) {
  const s = await current?.promise?.catch(() => undefined);
  if (!s) return [];
  const pages = s.browser.contexts().flatMap((c) => c.pages());
  const files = [];
  for (const [i, page] of pages.entries()) {
    files.push(await screenshot(page, `failed-${title}-${i}`).catch(() => undefined));
  }
  return files.filter(Boolean);
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
