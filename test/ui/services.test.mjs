// The Services view as a person sees it: a project whose services run on the real engine (a
// healthy one, an unhealthy one, a stopped one, one never created), the nself activity bar
// entry, the tree, and a log pane open. With NSELF_UPDATE_SCREENSHOTS=1 the screenshot replaces
// media/screenshots/services.png, the README's picture.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ui from '../../scripts/editor/ui.mjs';
import * as h from './helpers.mjs';

const IMAGE = 'nself-test/busybox:latest';
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const project = `n9ui${Math.random().toString(36).slice(2, 7)}`;
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const labels = (service) => ['--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`, '--name', `${project}_${service}`];

describe('services view (UI)', function () {
  let page;
  let dir;

  before(async function () {
    if (spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' }).status !== 0) {
      if (process.env.NSELF_REQUIRE_REAL_TOOLS === '1') throw new Error(`REAL TOOL MISSING: Docker engine with ${IMAGE}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'nself-ui-services-'));
    const ws = join(dir, 'shop');
    mkdirSync(ws);
    writeFileSync(
      join(ws, '.env'),
      [`PROJECT_NAME=${project}`, 'BASE_DOMAIN=localhost', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false',
        'CS_1=api:express-ts:18301', 'CS_2=orders:fastapi:18302', 'CS_3=mailer:bullmq-ts:18303', 'CS_4=search:gin:18304', ''].join('\n'),
    );
    const loop = 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "\x1b[32mGET\x1b[0m /health 200 ${i}ms"; sleep 1; done';
    docker('run', '-d', ...labels('api'), '--restart', 'unless-stopped', '--health-cmd', 'true', '--health-interval', '1s', IMAGE, 'sh', '-c', loop);
    docker('run', '-d', ...labels('orders'), '--restart', 'unless-stopped', '--health-cmd', 'echo "connect ECONNREFUSED postgres:5432"; exit 1', '--health-interval', '1s', '--health-retries', '1', IMAGE, 'sh', '-c', loop);
    docker('run', '-d', ...labels('mailer'), '--restart', 'unless-stopped', IMAGE, 'sh', '-c', 'trap "exit 0" TERM; echo worker up; while true; do sleep 1; done');
    docker('stop', `${project}_mailer`);
    const url = new URL((await ui.session()).server.url);
    url.searchParams.set('folder', ws);
    page = await ui.openWorkbench(await ui.session(), { url: url.toString() });
    await ui.waitForExplorer(page);
  });

  const removeContainers = () => {
    const ids = (spawnSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8' }).stdout ?? '').split('\n').filter(Boolean);
    if (ids.length) spawnSync('docker', ['rm', '-f', ...ids]);
  };
  // Also when the runner exits before the hooks finish (timeout watchdog, a closed session).
  process.once('exit', removeContainers);

  after(async function () {
    removeContainers();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await page?.context().close().catch(() => {});
  });

  it('shows healthy, unhealthy, stopped and not-created services, and a log pane', async function () {
    await page.locator('.activitybar .action-item a[aria-label="nself"], .activitybar .action-item [aria-label^="nself"]').first().click();
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Services/i }) });
    const rows = tree.locator('.monaco-list-row');
    const texts = await h.poll(
      () => rows.allInnerTexts(),
      (t) => ['api', 'orders', 'mailer', 'search'].every((n) => t.some((x) => x.startsWith(n))) && t.some((x) => x.includes('healthy')) && t.some((x) => x.includes('unhealthy')),
      { timeoutMs: h.SERVER_TIMEOUT_MS, what: 'the four services with their states in the Services view' },
    );
    console.log(`      rows: ${texts.map((t) => t.replace(/\s+/g, ' ')).join(' | ')}`);
    assert.ok(texts.some((t) => /mailer[\s\S]*exited 0/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /search[\s\S]*not created/.test(t)), texts.join('\n'));
    await ui.runCommand(page, 'nself: Show Service Logs');
    const pick = page.locator('.quick-input-widget');
    await pick.locator('input').fill('api');
    await pick.locator('.quick-input-list .monaco-list-row').filter({ hasText: /^api/ }).first().click();
    await page.locator('.terminal-tabs-entry, .single-terminal-tab, .terminal-wrapper').first().waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    await page.waitForTimeout(4000);
    await rows.filter({ hasText: /^orders/ }).first().hover();
    await page.waitForTimeout(1500);
    const file = await ui.screenshot(page, 'services');
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.NSELF_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(REPO, 'media', 'screenshots'), { recursive: true });
      copyFileSync(file, join(REPO, 'media', 'screenshots', 'services.png'));
    }
  });
});
