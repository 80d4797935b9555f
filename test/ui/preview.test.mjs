// `nself: Preview docker-compose.yml` from the command palette opens the generated compose
// file as YAML next to the env file. Runs on a copy of the workspace.
import assert from 'node:assert/strict';
import * as ui from '../../scripts/editor/ui.mjs';
import * as h from './helpers.mjs';

describe('previews (UI)', function () {
  let project;
  let page;

  before(async function () {
    project = await h.openProjectCopy(await ui.session());
    page = project.page;
  });

  after(async function () {
    await project?.close();
  });

  it('previews docker-compose.yml from the command palette', async function () {
    await h.openFile(page, '.env');
    // The command is offered once the server has found the project (nself:hasProject);
    // before that the palette would run whatever else matches the text.
    await h.waitForProject(page);
    await ui.runCommand(page, 'nself: Preview docker-compose.yml');

    const tab = page.locator('.part.editor .editor-group-container.active .tab.active');
    await tab.filter({ hasText: /docker-compose/ }).waitFor({ state: 'visible', timeout: h.SERVER_TIMEOUT_MS });
    const lines = await h.poll(
      () => h.visibleLines(page),
      (l) => l.some((x) => x.text === 'services:'),
      { timeoutMs: h.SERVER_TIMEOUT_MS, what: 'a `services:` line in the preview' },
    );
    console.log(`      preview tab "${(await tab.innerText()).trim()}"; first lines: ${lines.slice(0, 8).map((l) => l.text).join(' | ')}`);
    // Built-in services of the demo project appear under services:.
    assert.ok(lines.some((x) => /^ {2}postgres:$/.test(x.text)), `no postgres service:\n${lines.map((l) => l.text).join('\n')}`);
    // Generated for the active environment from the cascade it names.
    assert.ok(lines.some((x) => /environment dev\b/.test(x.text)), `no environment in the header:\n${lines.map((l) => l.text).join('\n')}`);
    await page
      .locator('.part.statusbar [id="status.editor.mode"]')
      .filter({ hasText: /^YAML$/ })
      .waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    // The env file stays open beside the preview.
    assert.ok(await page.locator('.part.editor .tab', { has: page.locator('.label-name', { hasText: /^\.env$/ }) }).count());
    await ui.screenshot(page, 'preview-compose');
  });
});
