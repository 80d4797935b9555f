// The active environment in the status bar: shown, switched through its quick pick, and the
// switch re-validates the open files for the picked environment. Runs on a copy of the
// workspace, so the pick (kept in workspace state) cannot leak into other test files.
import assert from 'node:assert/strict';
import * as ui from '../../scripts/editor/ui.mjs';
import * as h from './helpers.mjs';

const weakRedisPassword = (t) => t.includes('weak-secret') && t.includes('REDIS_PASSWORD');

describe('environment picker (UI)', function () {
  let project;
  let page;

  before(async function () {
    project = await h.openProjectCopy(await ui.session());
    page = project.page;
  });

  after(async function () {
    await project?.close();
  });

  it('switches dev to prod from the status bar and shows prod-only problems', async function () {
    await h.openFile(page, '.env');
    // The first diagnostics mean the language server is up and the project is known.
    await h.waitForProblemRows(page, (r) => r.some((t) => t.includes('cs-template')), { what: 'the first diagnostics of .env' });
    await h.openFile(page, '.env.secrets');

    const item = h.statusBarItem(page, h.ENV_STATUS_ITEM);
    await item.filter({ hasText: /^\s*dev\s*$/ }).waitFor({ state: 'visible', timeout: h.SERVER_TIMEOUT_MS });
    // In dev the short REDIS_PASSWORD in .env.secrets is fine: give the server time to say otherwise.
    await page.waitForTimeout(2000);
    const before = await h.problemRows(page);
    assert.ok(!before.some(weakRedisPassword), `weak-secret already reported in dev:\n${before.join('\n')}`);

    await item.click();
    const picker = page.locator('.quick-input-widget');
    await picker.filter({ hasText: 'nself: Active Environment' }).waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    const rows = picker.locator('.quick-input-list .monaco-list-row');
    const labels = await h.poll(
      () => rows.locator('.label-name').allInnerTexts(),
      (l) => ['dev', 'staging', 'prod'].every((e) => l.includes(e)),
      { timeoutMs: h.UI_TIMEOUT_MS, what: 'dev, staging and prod in the environment picker' },
    );
    console.log(`      picker: ${labels.join(', ')}`);
    await ui.screenshot(page, 'environment-picker');

    // `prod` is both an environment (.env.prod) and a deploy target (.environments/prod): pick the environment.
    await rows
      .filter({ has: page.locator('.label-name', { hasText: /^prod$/ }) })
      .filter({ hasText: '.env.prod' })
      .first()
      .click();
    await item.filter({ hasText: /^\s*prod\s*$/ }).waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });

    const after = await h.waitForProblemRows(page, (r) => r.some(weakRedisPassword), {
      what: 'weak-secret for REDIS_PASSWORD (staging/prod only) after picking prod',
    });
    console.log(`      prod problems: ${after.filter((t) => /\(([a-z-]+)\)|nself/.test(t)).length} rows`);

    // The production overrides carry the wildcard CORS error.
    await h.openFile(page, '.env.prod');
    await h.waitForSquiggles(page, (s) => s.some((m) => m.severity === 'error' && m.line?.startsWith('HASURA_GRAPHQL_CORS_DOMAIN=*')), {
      what: 'the wildcard CORS squiggle in .env.prod',
    });
    await h.waitForProblemRows(page, (r) => r.some((t) => t.includes('prod-cors-wildcard')), { what: 'prod-cors-wildcard in the Problems panel' });
    await ui.screenshot(page, 'environment-prod');
  });
});
