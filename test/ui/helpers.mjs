// Helpers for the UI tests that read what a person sees in the workbench: editor lines,
// squiggles, the Problems panel, hovers, the suggest widget and status bar items.
//
// Every test file works on its own throw-away copy of the session's workspace
// (examples/demo by default), so typing, saving or picking an environment never touches the
// repository and the files cannot see each other's workspace state.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as ui from '../../scripts/editor/ui.mjs';

// Waits are on conditions; these bounds only end a hang. They are far above a healthy run on a busy
// shared CI machine (test/helpers/patience.ts says the same for mocha); NSELF_TEST_PATIENCE scales them.
const PATIENCE = Math.max(1, Number(process.env.NSELF_TEST_PATIENCE) || 1);
/** Generous but finite: the first diagnostics wait for the language server to start. */
export const SERVER_TIMEOUT_MS = 180_000 * PATIENCE;
/** Everything that only needs the workbench to react. */
export const UI_TIMEOUT_MS = 60_000 * PATIENCE;

/** Normalises the text of a rendered editor line (monaco renders spaces as U+00A0). */
export const lineText = (s) => s.replace(/\u00a0/g, ' ').replace(/\u200b/g, '');

/**
 * Copies the session's workspace to a temporary folder and opens the workbench on the copy.
 * Returns { page, workspace, close } where close() closes the browser context and deletes
 * the copy.
 */
export async function openProjectCopy(session) {
  const parent = mkdtempSync(join(tmpdir(), 'nself-ui-'));
  const workspace = join(parent, basename(session.workspace));
  cpSync(session.workspace, workspace, { recursive: true });
  const url = new URL(session.server.url);
  url.searchParams.set('folder', workspace);
  let page;
  try {
    page = await ui.openWorkbench(session, { url: url.toString() });
    await ui.waitForExplorer(page);
  } catch (err) {
    await page?.context().close().catch(() => {});
    rmSync(parent, { recursive: true, force: true });
    throw err;
  }
  return {
    page,
    workspace,
    async close() {
      await page.context().close().catch(() => {});
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** The editor of the active editor group. */
export function activeEditor(page) {
  return page.locator('.part.editor .editor-group-container.active .editor-instance .monaco-editor').first();
}

/**
 * Opens a workspace file by its exact name through Quick Open (Ctrl+P) — `.env` must not
 * open `.env.dev` — and waits until it is the active tab.
 */
export async function openFile(page, fileName, { timeoutMs = UI_TIMEOUT_MS * 2 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const exact = new RegExp(`^${escapeRe(fileName)}$`);
  for (;;) {
    await page.keyboard.press('Control+P');
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await widget.locator('input').fill(fileName);
    const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) });
    try {
      // File search may not be ready right after the workbench appears: retry until the deadline.
      await row.first().waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(500, deadline - Date.now())) });
      await row.first().click();
      break;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`Quick Open did not offer ${fileName}: ${err.message.split('\n')[0]}`);
    }
  }
  await page
    .locator('.part.editor .editor-group-container.active .tab.active', { has: page.locator('.label-name', { hasText: exact }) })
    .waitFor({ state: 'visible', timeout: timeoutMs });
  await activeEditor(page).locator('.view-line').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The rendered line of the active editor whose text starts with `prefix`. */
export function editorLine(page, prefix) {
  return activeEditor(page)
    .locator('.view-lines .view-line')
    .filter({ hasText: new RegExp(`^${escapeRe(prefix).replace(/ /g, '[ \\u00a0]')}`) })
    .first();
}

/** The rendered lines of the active editor, in document order, as { top, text }. */
export async function visibleLines(page) {
  const lines = await activeEditor(page)
    .locator('.view-lines .view-line')
    .evaluateAll((els) => els.map((el) => ({ top: parseFloat(el.style.top), text: el.textContent ?? '' })));
  return lines.map((l) => ({ ...l, text: lineText(l.text) })).sort((a, b) => a.top - b.top);
}

/**
 * The squiggles of the active editor with the text of the line each sits on (matched by the
 * vertical position monaco gives both the overlay row and the text line).
 */
export async function squiggles(page) {
  const marks = await activeEditor(page)
    .locator('.view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info')
    .evaluateAll((els) =>
      els.map((el) => ({
        severity: /squiggly-(error|warning|info)/.exec(el.className)?.[1],
        top: parseFloat(el.parentElement?.style.top ?? 'NaN'),
      })),
    );
  const lines = await visibleLines(page);
  return marks.map((m) => ({ severity: m.severity, line: lines.find((l) => l.top === m.top)?.text }));
}

/** Waits until `predicate(await squiggles(page))` holds; returns the last squiggles. */
export async function waitForSquiggles(page, predicate, { timeoutMs = SERVER_TIMEOUT_MS, what = 'squiggles' } = {}) {
  return poll(() => squiggles(page), predicate, { timeoutMs, what });
}

/** Shows the Problems panel (Ctrl+Shift+M) and waits until it is visible. */
export async function showProblems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await ui.runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  }
  await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return panel;
}

/**
 * The rows of the Problems panel as text: a file row gives its name, a marker row its
 * message, source and code (the aria-label carries them all, even where the row is cut off).
 */
export async function problemRows(page) {
  const panel = await showProblems(page);
  return panel.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((el) => `${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''}`.replace(/\s+/g, ' ').trim()),
  );
}

/** Waits until `predicate(rows)` holds for the Problems panel rows; returns the rows. */
export async function waitForProblemRows(page, predicate, { timeoutMs = SERVER_TIMEOUT_MS, what = 'problems' } = {}) {
  return poll(() => problemRows(page), predicate, { timeoutMs, what });
}

/** The extension's environment status bar item: `<publisher>.<name>.<id given to createStatusBarItem>`. */
export const ENV_STATUS_ITEM = 'nself-org.nself-vscode.nself.environment';

/**
 * Waits until the language server has reported the project: the environment item appears in
 * the status bar at the same moment the `nself:hasProject` context key turns on, which is
 * what makes the project commands appear in the command palette.
 */
export async function waitForProject(page, { timeoutMs = SERVER_TIMEOUT_MS } = {}) {
  await statusBarItem(page, ENV_STATUS_ITEM).waitFor({ state: 'visible', timeout: timeoutMs });
}

/** A status bar item by its id (`<publisher>.<name>.<item id>` for extension items). */
export function statusBarItem(page, id) {
  return page.locator(`.part.statusbar .statusbar-item[id="${id}"]`);
}

/** Polls `read()` until `predicate(value)` is true or the timeout passes (then throws with the last value). */
export async function poll(read, predicate, { timeoutMs, intervalMs = 500, what = 'condition' }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await read();
    if (predicate(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen:\n${JSON.stringify(last, null, 2)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
