// A workspace whose only .env is not nself's: the extension activates but starts no language
// server; once that file gains nself keys on disk (outside the editor), the server starts.
// This is the path where the extension watches files, since its first scan found no project.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ui from '../../scripts/editor/ui.mjs';
import * as h from './helpers.mjs';

describe('a project that appears after activation (UI)', function () {
  let dir;
  let page;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'nself-ui-watch-'));
    writeFileSync(join(dir, '.env'), 'GREETING=hello\n');
    const session = await ui.session();
    const url = new URL(session.server.url);
    url.searchParams.set('folder', dir);
    page = await ui.openWorkbench(session, { url: url.toString() });
    await ui.waitForExplorer(page);
  });

  after(async function () {
    await page?.context().close().catch(() => {});
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts the language server when an unrelated .env becomes an nself one', async function () {
    // An observation window, not a deadline: the server must not start for GREETING=hello.
    // Long enough that activation and its scans are over, so the watcher sees the change; on a
    // slower machine the extension's second scan finds it instead and the test still passes.
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      assert.equal(await h.statusBarItem(page, h.ENV_STATUS_ITEM).isVisible(), false, 'the server started for an unrelated .env');
      await page.waitForTimeout(500);
    }
    writeFileSync(join(dir, '.env'), 'PROJECT_NAME=watched\nBASE_DOMAIN=local.nself.org\n');
    await h.waitForProject(page);
  });
});
