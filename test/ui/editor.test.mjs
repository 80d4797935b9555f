// What a person sees with the demo project's `.env` open: colors, squiggles and the Problems
// panel, completion, hovers and the outline. Runs on a copy of the workspace (helpers.mjs).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ui from '../../scripts/editor/ui.mjs';
import * as h from './helpers.mjs';

describe('editing .env (UI)', function () {
  let project;
  let page;

  before(async function () {
    project = await h.openProjectCopy(await ui.session());
    page = project.page;
    await h.openFile(page, '.env');
    // Every test below but the first needs the language server; start them all from a ready one.
    await h.waitForProject(page);
  });

  after(async function () {
    await project?.close();
  });

  afterEach(async function () {
    // Leave no widget (suggest, hover, quick input) open and no edit behind for the next test.
    await page?.keyboard.press('Escape');
    await page?.keyboard.press('Escape');
    if (this.currentTest?.state === 'failed') await restore(page, project).catch((e) => console.log(`      (restoring .env failed: ${e.message})`));
  });

  it('highlights .env as "nself env" with several token colors', async function () {
    const mode = page.locator('.part.statusbar [id="status.editor.mode"]');
    await mode.filter({ hasText: /^nself env$/ }).waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });

    const line = h.editorLine(page, 'CS_1=api:express-ts:8001:rest');
    await line.waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    // Tokenization is asynchronous: poll until the line is split into colored tokens.
    const classes = await h.poll(
      () => line.locator('span[class*="mtk"]').evaluateAll((els) => [...new Set(els.flatMap((el) => [...el.classList].filter((c) => /^mtk\d+$/.test(c))))]),
      (c) => c.length >= 3,
      { timeoutMs: h.UI_TIMEOUT_MS, what: 'at least 3 distinct token colors on the CS_1 line' },
    );
    // A comment line is colored differently from a key.
    const comment = await h.editorLine(page, '# --- Hasura').locator('span[class*="mtk"]').first().getAttribute('class');
    const key = await line.locator('span[class*="mtk"]').first().getAttribute('class');
    assert.notEqual(comment, key, `comment and key share the color class ${key}`);
    console.log(`      CS_1 line token classes: ${classes.join(' ')}`);
    await ui.screenshot(page, 'highlighting');
  });

  it('shows the deliberate mistakes as squiggles and in the Problems panel', async function () {
    const marks = await h.waitForSquiggles(
      page,
      (s) =>
        s.some((m) => m.severity === 'error' && m.line?.startsWith('CS_4=mailer:expres-ts')) &&
        s.some((m) => m.severity === 'warning' && m.line?.startsWith('SEARCH_ENABLED=yes')),
      { what: 'an error squiggle on CS_4 and a warning squiggle on SEARCH_ENABLED' },
    );
    // The port clash is marked on both lines.
    assert.ok(marks.some((m) => m.severity === 'error' && m.line?.startsWith('CS_3=events:go-gin:3001')), JSON.stringify(marks));
    assert.ok(marks.some((m) => m.severity === 'error' && m.line?.startsWith('FRONTEND_APP_2_PORT=3001')), JSON.stringify(marks));
    // Correct lines carry none.
    assert.ok(!marks.some((m) => m.line?.startsWith('CS_1=') || m.line?.startsWith('POSTGRES_DB=')), JSON.stringify(marks));

    const rows = await h.waitForProblemRows(
      page,
      (r) => r.some((t) => t.includes('expres-ts') && t.includes('cs-template')) && r.some((t) => t.includes('SEARCH_ENABLED') && t.includes('flag-value')),
      { what: 'cs-template (expres-ts) and flag-value (SEARCH_ENABLED) in the Problems panel' },
    );
    assert.ok(rows.some((t) => t.includes('Did you mean') && t.includes('express-ts')), rows.join('\n'));
    assert.ok(rows.some((t) => t.includes('port-clash')), rows.join('\n'));
    // The panel covers the lower half of the editor: scroll the squiggled lines into view for the picture.
    await h.activeEditor(page).locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await ui.screenshot(page, 'problems');
  });

  it('completes templates after CS_9=api:', async function () {
    const editor = h.activeEditor(page);
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('CS_9=api:');
    await page.keyboard.press('Control+Space');
    const widget = editor.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: h.SERVER_TIMEOUT_MS });
    // The list is sorted by name; its first rows are all templates, no key names.
    const first = await h.poll(
      () => widget.locator('.monaco-list-row .label-name').allInnerTexts(),
      (l) => l.length >= 5,
      { timeoutMs: h.UI_TIMEOUT_MS, what: 'template suggestions' },
    );
    console.log(`      suggested first: ${first.join(', ')}`);
    assert.ok(first.every((l) => /^[a-z][a-z0-9.-]*$/.test(l)), `not template names: ${first.join(', ')}`);
    await ui.screenshot(page, 'completion');
    // Narrowing the list as a person would: the wanted templates are among the suggestions.
    for (const [typed, wanted] of [['exp', 'express-ts'], ['fasta', 'fastapi']]) {
      await page.keyboard.type(typed);
      await widget
        .locator('.monaco-list-row .label-name', { hasText: new RegExp(`^${wanted}$`) })
        .first()
        .waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
      for (let i = 0; i < typed.length; i++) await page.keyboard.press('Backspace');
    }
    await ui.screenshot(page, 'completion-filtered');
    await page.keyboard.press('Escape');
    await restore(page, project);
  });

  it('hovers a custom service key with its effective value and service', async function () {
    const key = h.editorLine(page, 'CS_2=ml_worker').locator('span[class*="mtk"]').first();
    await key.waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: 'CS_2' });
    await h.poll(
      async () => {
        await key.hover();
        return hover.isVisible();
      },
      Boolean,
      { timeoutMs: h.UI_TIMEOUT_MS, intervalMs: 1000, what: 'the hover over CS_2' },
    );
    const text = h.lineText(await hover.first().innerText());
    console.log(`      hover: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
    // The effective value in the active environment (dev) and where it comes from.
    assert.match(text, /\bdev:\s*ml_worker:fastapi:8002\s+from \.env:29/);
    // What a build makes of it: the compose service, the template and the host port that
    // .env.dev overrides to 8012 (the line itself says 8002).
    assert.match(text, /Compose service\s+ml-worker/);
    assert.match(text, /Template\s+fastapi/);
    assert.match(text, /Host port\s+8012\b/);
    await ui.screenshot(page, 'hover');
  });

  it('lists groups and keys in the outline', async function () {
    await ui.runCommand(page, 'Explorer: Focus on Outline View');
    // Collapse the folder section so the Outline view gets the sidebar's height.
    const folder = page.locator('.part.sidebar .pane-header[aria-expanded="true"]', { hasText: /demo/i });
    if (await folder.count()) await folder.first().click();
    const outline = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /^outline/i }) });
    // Each tree row as [nesting level, label].
    const rows = () =>
      outline
        .locator('.monaco-list-row')
        .evaluateAll((els) => els.map((el) => [Number(el.getAttribute('aria-level')), el.querySelector('.label-name')?.textContent?.trim() ?? '']));
    const tree = await h.poll(
      rows,
      (r) => ['Core', 'Services', 'Custom services', 'Frontend apps'].every((g) => r.some(([level, l]) => level === 1 && l === g)),
      { timeoutMs: h.UI_TIMEOUT_MS, what: 'the groups in the Outline view' },
    );
    console.log(`      outline: ${tree.map(([level, l]) => `${level}:${l}`).join(', ')}`);
    const level = (name) => tree.find(([, l]) => l === name)?.[0];
    // Keys sit under their group, a custom service's sub-keys under its CS_N node.
    assert.equal(level('PROJECT_NAME'), 2, 'PROJECT_NAME under a group');
    assert.equal(level('POSTGRES_DB'), 2, 'POSTGRES_DB under a group');
    assert.equal(level('CS_1'), 2, 'CS_1 under Custom services');
    assert.equal(level('CS_1_REPLICAS'), 3, 'CS_1_REPLICAS under CS_1');
    await ui.screenshot(page, 'outline');

    // Go to Symbol in Editor lists the same symbols, nested ones included.
    await h.activeEditor(page).locator('.view-lines').click();
    await page.keyboard.press('Control+Shift+O');
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    await widget.locator('input').fill('@CS_4');
    // A symbol row's label starts with a codicon, so match on its aria-label ("CS_4 (module), ...").
    await widget.locator('.quick-input-list .monaco-list-row[aria-label^="CS_4 ("]').first().waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    await ui.screenshot(page, 'goto-symbol');
  });
});

/**
 * Undoes the completion test's edit as a person would: undo until the typed line is gone, then
 * save, so the copy's .env is the original again whether or not auto-save (code-server's
 * files.autoSave = afterDelay) wrote the edit in between. Bounded, and checked on disk.
 */
async function restore(page, project) {
  const copy = join(project.workspace, '.env');
  const original = readFileSync(join((await ui.session()).workspace, '.env'), 'utf8');
  await h.activeEditor(page).locator('.view-lines').click();
  for (let i = 0; i < 30 && (await h.editorLine(page, 'CS_9=').count()) > 0; i++) {
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Control+s');
  await h.poll(() => readFileSync(copy, 'utf8'), (text) => text === original, { timeoutMs: h.UI_TIMEOUT_MS, what: 'the original .env back on disk' });
}
