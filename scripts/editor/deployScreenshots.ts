/**
 * Screenshots of a deploy for the README (media/screenshots/deploy-plan.png and
 * deploy-progress.png), taken in the real editor (code-server + Chromium) against a real sshd on
 * 127.0.0.1 and this machine's Docker engine. Run by hand: `npx tsx scripts/editor/deployScreenshots.ts`.
 * Needs what the deploy e2e test needs (scripts/ci/docker.sh, openssh-server, rsync) and
 * code-server (scripts/editor/installCodeServer.sh). Cleans up its containers and folders.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startDeploySshd } from '../../test/helpers/deploySshd';

async function main(): Promise<void> {
  const { startCodeServer, repoRoot } = await import('./codeServer.mjs');
  const ui = await import('./ui.mjs');
  const sshd = await startDeploySshd();
  fs.writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine + '\n');
  const name = `shop${crypto.randomBytes(2).toString('hex')}`;
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-shots-'));
  const remote = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-shots-remote-'));
  const port = 22000 + crypto.randomInt(10000);
  fs.writeFileSync(path.join(project, '.env'), [`PROJECT_NAME=${name}`, 'BASE_DOMAIN=localhost', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', `CS_1=api:custom:${port}`, `CS_2=worker:custom:${port + 1}`, 'CS_1_ENV=STRIPE_API_KEY=sk_live_5a4f3e2d1c0b', ''].join('\n'));
  for (const [svc, p] of [['api', port], ['worker', port + 1]] as const) {
    const dir = path.join(project, 'services', svc);
    fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM nself-test/busybox:latest\nCOPY www /www\nCMD ["httpd", "-f", "-p", "${p}", "-h", "/www"]\n`);
    fs.writeFileSync(path.join(dir, 'www', 'health'), 'ok\n');
    fs.writeFileSync(path.join(dir, 'www', 'index.html'), `${svc} v1\n`);
  }
  fs.mkdirSync(path.join(project, '.environments', 'staging'), { recursive: true });
  fs.writeFileSync(path.join(project, '.environments', 'staging', 'server.json'), JSON.stringify({ name: 'staging', type: 'staging', host: '127.0.0.1', port: sshd.port, user: 'root', key: sshd.userKey, deploy_path: path.join(remote, 'shop') }, null, 2) + '\n');
  const server = await startCodeServer({ workspace: project, extensionDevelopmentPath: repoRoot, env: { NSELF_DEPLOY_KNOWN_HOSTS: sshd.knownHostsFile }, log: (m: string) => console.log(`[shots] ${m}`) });
  const browser = await ui.launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(180_000);
    await page.goto(server.workbenchUrl, { waitUntil: 'domcontentloaded', timeout: 300_000 });
    await ui.waitForWorkbench(page);
    await ui.waitForExplorer(page);
    await ui.quickOpen(page, '.env');
    await page.locator('.part.statusbar').getByText(/nself/).first().waitFor({ timeout: 180_000 }).catch(() => undefined);
    await page.waitForTimeout(4000);
    // Plan
    await ui.runCommand(page, 'nself: Plan Deploy…');
    const pick = page.locator('.quick-input-widget input');
    await pick.waitFor({ state: 'visible', timeout: 120_000 });
    await pick.fill('staging');
    await pick.press('Enter');
    await page.locator('.tab', { hasText: 'staging-plan.md' }).first().waitFor({ timeout: 180_000 });
    await page.waitForTimeout(1500);
    fs.copyFileSync(await ui.screenshot(page, 'deploy-plan'), path.join(repoRoot, 'media/screenshots/deploy-plan.png'));
    console.log('[shots] plan done');
    // Deploy in progress: confirm the modal, then catch the progress notification during the gate.
    await ui.runCommand(page, 'nself: Deploy to Staging');
    const deployButton = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Deploy$/ });
    await deployButton.waitFor({ timeout: 180_000 });
    await page.waitForTimeout(800);
    await deployButton.click();
    await page.locator('.notifications-toasts').getByText(/Health gate/).first().waitFor({ timeout: 300_000 });
    await page.waitForTimeout(2500);
    fs.copyFileSync(await ui.screenshot(page, 'deploy-progress'), path.join(repoRoot, 'media/screenshots/deploy-progress.png'));
    console.log('[shots] progress done');
    await page.locator('.notifications-toasts').getByText(/is live on staging|passed the health gate|failed|rolled back/i).first().waitFor({ timeout: 300_000 }).catch(() => undefined);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    const ids = spawnSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${name}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    if (ids.length) spawnSync('docker', ['rm', '-f', ...ids]);
    spawnSync('docker', ['network', 'rm', `${name}_network`], { stdio: 'ignore' });
    const images = spawnSync('docker', ['images', '-q', '--filter', `reference=${name}*`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    if (images.length) spawnSync('docker', ['rmi', '-f', ...new Set(images)], { stdio: 'ignore' });
    await sshd.stop();
    for (const dir of [project, remote]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
