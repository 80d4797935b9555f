// UI smoke test: the workbench loads on the workspace with our packaged extension installed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as ui from '../../scripts/editor/ui.mjs';
import * as h from './helpers.mjs';

describe('workbench (UI smoke)', function () {
  let session;
  let page;

  before(async function () {
    session = await ui.session();
    page = await ui.openWorkbench(session);
  });

  after(async function () {
    await page?.context().close();
  });

  it('renders the workbench with the workspace open', async function () {
    assert.equal(await page.locator('.monaco-workbench').count(), 1);
    // The explorer names the opened folder (upper-cased by CSS, so match case-insensitively).
    const name = basename(session.workspace);
    await page
      .locator('.part.sidebar .pane-header', { hasText: new RegExp(name, 'i') })
      .first()
      .waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    await ui.waitForExplorer(page);
    const file = await ui.screenshot(page, 'workbench');
    assert.ok(existsSync(file), `screenshot not written: ${file}`);
  });
});
