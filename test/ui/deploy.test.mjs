// Plan → confirm → deploy → rollback as a person does it in the real editor (code-server with the
// packaged extension), against a private sshd on 127.0.0.1 (test/helpers/deploySshd.ts) whose
// "server" is this machine with its Docker engine. The typed production confirmation and the
// staging modal cannot be answered through the vscode API (test/extension/deploy.test.ts stops
// there); here they are typed and clicked.
//
// Two targets on the one engine, so they are two stacks: prod (PROJECT_NAME from .env) and
// staging (.env.staging renames the project and moves the port). The custom service is busybox
// httpd built from the offline image; its healthcheck is nself's (GET /health every 30 s), and the
// gate keeps nself's limits, so a release without /health fails after 60 s.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ui from '../../scripts/editor/ui.mjs';
import { sshdAvailable, startDeploySshd } from '../helpers/deploySshd.ts';
import * as h from './helpers.mjs';

const IMAGE = 'nself-test/busybox:latest';
const PATIENCE = Math.max(1, Number(process.env.NSELF_TEST_PATIENCE) || 1);
/** An image build, compose up and a health gate of up to 60 s on a busy 2-core machine. */
const DEPLOY_MS = 600_000 * PATIENCE;
const name = `nselfui${randomBytes(3).toString('hex')}`;
const stagingName = `${name}stg`;
const secret = `pw-${randomBytes(8).toString('hex')}`;
const PROD_PORT = 20000 + randomInt(20000);
const STAGING_PORT = PROD_PORT + 1;

const sh = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 }).stdout ?? '';

function get(port, p) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 ? body : `HTTP ${res.statusCode}`));
    });
    req.on('error', (e) => resolve(`error ${e.code ?? e.message}`));
    req.on('timeout', () => req.destroy());
  });
}

/** `service state id` of every container of a compose project (`status: true`: docker's status instead of the id). */
function containers(project, { status = false } = {}) {
  const format = `{{.Label "com.docker.compose.service"}} {{.State}} ${status ? '{{.Status}}' : '{{.ID}}'}`;
  return sh('docker', ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', format])
    .split('\n')
    .filter(Boolean);
}

function removeStacks() {
  for (const project of [name, stagingName]) {
    const ids = sh('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]).split('\n').filter(Boolean);
    if (ids.length) sh('docker', ['rm', '-f', ...ids]);
    spawnSync('docker', ['network', 'rm', `${project}_network`], { stdio: 'ignore' });
  }
  const images = sh('docker', ['images', '-q', '--filter', `reference=${name}*`]).split('\n').filter(Boolean);
  if (images.length) sh('docker', ['rmi', '-f', ...new Set(images)]);
}

describe('deploy: plan, confirm, deploy, rollback (UI)', function () {
  this.timeout(2 * DEPLOY_MS);
  let session;
  let sshd;
  let dir;
  let project;
  let remote;
  let page;
  const release = {};

  before(async function () {
    const missing = [
      !sshdAvailable() && 'openssh-server and rsync',
      spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' }).status !== 0 && `a Docker engine with ${IMAGE}`,
    ].filter(Boolean);
    if (missing.length) {
      if (process.env.NSELF_REQUIRE_REAL_TOOLS === '1') throw new Error(`REAL TOOL MISSING: ${missing.join(', ')}`);
      console.warn(`SKIPPED: the deploy UI test needs ${missing.join(', ')}`);
      this.skip();
    }
    session = await ui.session();
    sshd = await startDeploySshd();
    dir = mkdtempSync(join(tmpdir(), 'nself-ui-deploy-'));
    project = join(dir, 'shop');
    remote = join(dir, 'server');
    mkdirSync(join(project, 'services', 'api', 'www'), { recursive: true });
    writeFileSync(
      join(project, '.env'),
      [`PROJECT_NAME=${name}`, 'BASE_DOMAIN=example.com', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', `CS_1=api:custom:${PROD_PORT}`, `CS_1_ENV=API_TOKEN=${secret}`, ''].join('\n'),
    );
    writeFileSync(join(project, '.env.staging'), [`PROJECT_NAME=${stagingName}`, `CS_1=api:custom:${STAGING_PORT}`, ''].join('\n'));
    writeFileSync(join(project, 'services', 'api', 'Dockerfile'), `FROM ${IMAGE}\nCOPY www /www\nCMD ["sh", "-c", "exec httpd -f -p $SERVICE_PORT -h /www"]\n`);
    writeApi('api v1\n', true);
    for (const target of ['staging', 'prod']) {
      mkdirSync(join(project, '.environments', target), { recursive: true });
      writeFileSync(
        join(project, '.environments', target, 'server.json'),
        JSON.stringify({ name: target, type: target, host: '127.0.0.1', port: sshd.port, user: 'root', key: sshd.userKey, deploy_path: join(remote, target) }, null, 2) + '\n',
      );
    }
    const url = new URL(session.server.url);
    url.searchParams.set('folder', project);
    page = await ui.openWorkbench(session, { url: url.toString() });
    await ui.waitForExplorer(page);
    // The project commands enter the palette once the language server has reported the project.
    await h.waitForProject(page);
  });

  // Also when the runner exits before the hooks run (its watchdog).
  process.once('exit', removeStacks);

  after(async function () {
    await page?.context().close().catch(() => {});
    removeStacks();
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function writeApi(index, healthy) {
    const www = join(project, 'services', 'api', 'www');
    writeFileSync(join(www, 'index.html'), index);
    if (healthy) writeFileSync(join(www, 'health'), 'ok\n');
    else rmSync(join(www, 'health'), { force: true });
  }

  const currentRelease = (target) => readlinkSync(join(remote, target, '.nself', 'current')).replace(/^releases\//, '');

  /** A notification toast whose text matches. */
  const toast = (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

  async function clearNotifications() {
    await ui.runCommand(page, 'Notifications: Clear All Notifications');
  }

  /** Picks the row labelled exactly `label` in the open quick pick titled like `title`. */
  async function pickRow(title, label) {
    const widget = page.locator('.quick-input-widget').filter({ hasText: title });
    await widget.waitFor({ state: 'visible', timeout: DEPLOY_MS });
    const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${h.escapeRe(label)}$`) }) });
    await row.first().waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    await row.first().click();
  }

  /** Clicks `button` in the modal dialog whose text matches `text`; returns the dialog's text. */
  async function answerDialog(text, button) {
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: text });
    await dialog.waitFor({ state: 'visible', timeout: DEPLOY_MS });
    const said = (await dialog.innerText()).replace(/\s+/g, ' ');
    await dialog.locator('.monaco-button', { hasText: new RegExp(`^${h.escapeRe(button)}$`) }).click();
    await dialog.waitFor({ state: 'hidden', timeout: h.UI_TIMEOUT_MS });
    return said;
  }

  /**
   * Expands `target` in the Environments view (nself sidebar) and waits until its "last deploy"
   * row matches `expected`; returns that row's text.
   */
  async function lastDeployShown(target, expected) {
    const header = page.locator('.pane-header', { hasText: /Environments/i }).first();
    // The activity bar entry toggles: a click while the nself sidebar shows would hide it.
    if (!(await header.isVisible())) await page.locator('.activitybar .action-item a[aria-label="nself"], .activitybar .action-item [aria-label^="nself"]').first().click();
    await header.waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const pane = page.locator('.pane', { has: header });
    const row = pane.locator('.monaco-list-row[aria-level="1"]').filter({ hasText: new RegExp(`^${target}`) }).first();
    await row.waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    // The details of a target follow its row until the next target's row.
    const details = async () => {
      // A refresh of the view may redraw the row folded: open it again.
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
      const all = await pane.locator('.monaco-list-row').evaluateAll((els) => els.map((el) => ({ level: el.getAttribute('aria-level'), text: el.textContent ?? '' })));
      const at = all.findIndex((r) => r.level === '1' && r.text.startsWith(target));
      const mine = [];
      for (const r of all.slice(at + 1)) {
        if (r.level === '1') break;
        mine.push(r.text);
      }
      return mine;
    };
    const rows = await h.poll(details, (t) => t.some((x) => x.startsWith('last deploy: ') && expected.test(x.slice('last deploy: '.length))), {
      timeoutMs: h.SERVER_TIMEOUT_MS,
      what: `the Environments view to show the last deploy of ${target} matching ${expected}`,
    });
    console.log(`      environments, ${target}: ${rows.join(' | ')}`);
    return rows.find((x) => x.startsWith('last deploy: '));
  }

  it('Plan Deploy…: picks the target, trusts its host key, shows the plan with the secret masked', async function () {
    await ui.runCommand(page, 'nself: Plan Deploy…');
    await pickRow('Choose a Deploy Target', 'prod');
    // The sshd's key is new: the fingerprint is shown and pinned only when the user says so.
    const asked = await answerDialog(/host key of 127\.0\.0\.1/, 'Trust and Pin');
    assert.match(asked, /SHA256:/, asked);
    await page.locator('.tabs-container .tab', { hasText: 'prod-plan.md' }).first().waitFor({ state: 'visible', timeout: DEPLOY_MS });
    const lines = await h.poll(
      () => h.visibleLines(page),
      (l) => l.some((x) => /\*\*created\*\*: `api`/.test(x.text)),
      { timeoutMs: h.UI_TIMEOUT_MS, what: 'the plan document listing api as created' },
    );
    assert.ok(lines.some((l) => new RegExp(`# Deploy plan: .*${name}.* → prod`).test(l.text)), lines.map((l) => l.text).join('\n'));
    assert.ok(readFileSync(session.knownHostsFile, 'utf8').includes(sshd.knownHostsLine.split(' ')[2]), 'the trusted key was not pinned');
    // Search the whole plan as a person would (Ctrl+F): the secret's key is there, its value is not.
    const finds = async (text) => {
      await page.keyboard.press('Control+F');
      const input = page.locator('.find-widget textarea, .find-widget input').first();
      await input.waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
      await input.fill(text);
      const count = page.locator('.find-widget .matchesCount');
      return h.poll(() => count.innerText(), (t) => /No results|\d+ of \d+/.test(t), { timeoutMs: h.UI_TIMEOUT_MS, what: `the find result for ${text}` });
    };
    assert.match(await finds('API_TOKEN'), /\d+ of \d+/);
    assert.equal(await finds(secret), 'No results');
    // Leave no secret in the find widget (it is shared by every editor, so it would be in the screenshots).
    await page.locator('.find-widget textarea, .find-widget input').first().fill('');
    await page.locator('.find-widget.visible .codicon-widget-close').click();
    await page.locator('.find-widget.visible').waitFor({ state: 'hidden', timeout: h.UI_TIMEOUT_MS });
    assert.ok(!existsSync(join(remote, 'prod', 'docker-compose.yml')), 'a plan changed the server');
  });

  it('Deploy to Production: the project name typed into the confirmation deploys; the stack runs and the view says ok', async function () {
    await clearNotifications();
    await ui.runCommand(page, 'nself: Deploy to Production');
    const box = page.locator('.quick-input-widget').filter({ hasText: 'Deploy to PRODUCTION' });
    await box.waitFor({ state: 'visible', timeout: DEPLOY_MS });
    const input = box.locator('input');
    // The plan document opens beside the question and may take the focus: click back into the box.
    await input.click();
    await input.pressSequentially(name.slice(0, 4));
    await box.filter({ hasText: `Type ${name} exactly` }).waitFor({ state: 'visible', timeout: h.UI_TIMEOUT_MS });
    await input.pressSequentially(name.slice(4));
    await box.filter({ hasText: `Type ${name} exactly` }).waitFor({ state: 'hidden', timeout: h.UI_TIMEOUT_MS });
    await ui.screenshot(page, 'deploy-typed-confirmation');
    await input.press('Enter');
    await toast(/is live on prod/).waitFor({ state: 'visible', timeout: DEPLOY_MS });
    release.prod1 = currentRelease('prod');
    const running = containers(name, { status: true });
    assert.equal(running.length, 1, running.join('\n'));
    assert.match(running[0], /^api running Up .*\(healthy\)$/);
    assert.equal(await get(PROD_PORT, '/index.html'), 'api v1\n');

    // The Environments view: prod expanded shows the deploy just made.
    await lastDeployShown('prod', /^ok \d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it('Deploy to Staging: the modal is answered; a release failing its healthcheck is rolled back and the old containers answer', async function () {
    await clearNotifications();
    await ui.runCommand(page, 'nself: Deploy to Staging');
    const asked = await answerDialog(`Deploy ${stagingName} to staging`, 'Deploy');
    console.log(`      modal: ${asked}`);
    await toast(/is live on staging/).waitFor({ state: 'visible', timeout: DEPLOY_MS });
    release.staging1 = currentRelease('staging');
    assert.equal(await get(STAGING_PORT, '/index.html'), 'api v1\n');
    const prodBefore = containers(name);

    // The next release has no /health: its healthcheck can never pass.
    writeApi('api v2 broken\n', false);
    await clearNotifications();
    await ui.runCommand(page, 'nself: Deploy to Staging');
    const failed = toast(/failed the health gate/);
    await failed.waitFor({ state: 'visible', timeout: DEPLOY_MS });
    const text = (await failed.innerText()).replace(/\s+/g, ' ');
    console.log(`      error: ${text}`);
    assert.match(text, /nself: api failed the health gate \(not healthy within 60 s.*\); the previous release \S+ is back\./);
    assert.ok(text.includes(release.staging1), text);
    assert.match(text, /migrations .*not undone/i);
    assert.equal(await failed.locator('.codicon-error').count(), 1, 'not shown as an error');
    assert.equal(currentRelease('staging'), release.staging1);
    assert.equal(
      await h.poll(() => get(STAGING_PORT, '/index.html'), (b) => b === 'api v1\n', { timeoutMs: DEPLOY_MS, what: 'the old staging api to answer again' }),
      'api v1\n',
    );
    assert.match(sh('tail', ['-n', '1', join(remote, 'staging', '.nself', 'deploys.log')]), /"result":"rolled-back","failing":"api"/);
    assert.deepEqual(containers(name), prodBefore, 'the staging deploy touched prod');
  });

  it('Rollback…: a later good release, then back to the first one; its files are on the server again', async function () {
    writeApi('api v3\n', true);
    await clearNotifications();
    await ui.runCommand(page, 'nself: Deploy to Staging');
    await toast(/is live on staging/).waitFor({ state: 'visible', timeout: DEPLOY_MS });
    release.staging3 = currentRelease('staging');
    assert.notEqual(release.staging3, release.staging1);
    assert.equal(await get(STAGING_PORT, '/index.html'), 'api v3\n');

    await clearNotifications();
    await ui.runCommand(page, 'nself: Rollback…');
    await pickRow('Choose a Deploy Target', 'staging');
    await pickRow(`Roll staging back from ${release.staging3}`, release.staging1);
    const asked = await answerDialog(`Roll back staging to ${release.staging1}`, 'Roll Back');
    assert.match(asked, /migrations are not undone/);
    const done = toast(new RegExp(`staging is back on ${release.staging1}`));
    await done.waitFor({ state: 'visible', timeout: DEPLOY_MS });
    // The report in the output pane: what was rolled back, from which release to which.
    // (Its lines wrap: read them as one text.)
    const report = await h.poll(
      async () => (await page.locator('.part.panel .view-line').allInnerTexts()).map(h.lineText).join(' ').replace(/\s+/g, ' '),
      (t) => t.includes(`from ${release.staging3} to ${release.staging1}`) && t.includes(`staging is back on ${release.staging1}`),
      { timeoutMs: h.UI_TIMEOUT_MS, what: 'the rollback report in the output pane' },
    );
    assert.match(report, new RegExp(`Rollback ${stagingName} → staging .* from ${release.staging3} to ${release.staging1}`));
    await ui.screenshot(page, 'deploy-rollback-report');

    const served = join(remote, 'staging', 'services', 'api', 'www');
    assert.equal(currentRelease('staging'), release.staging1);
    assert.equal(readFileSync(join(served, 'index.html'), 'utf8'), 'api v1\n');
    assert.equal(readFileSync(join(served, 'health'), 'utf8'), 'ok\n');
    assert.equal(
      await h.poll(() => get(STAGING_PORT, '/index.html'), (b) => b === 'api v1\n', { timeoutMs: DEPLOY_MS, what: 'the rolled-back staging api to answer' }),
      'api v1\n',
    );
    assert.match(sh('tail', ['-n', '1', join(remote, 'staging', '.nself', 'deploys.log')]), new RegExp(`"id":"${release.staging1}".*"result":"rollback"`));
    await lastDeployShown('staging', /^rollback /);
    // Prod was never part of this.
    assert.equal(currentRelease('prod'), release.prod1);
    assert.equal(await get(PROD_PORT, '/index.html'), 'api v1\n');
  });
});
