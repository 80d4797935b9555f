/**
 * Deploy commands in the real editor, against a real sshd on 127.0.0.1 (the Docker engine of this
 * machine is the "server"): Plan Deploy opens the plan as a document with secrets masked, and a
 * production deploy whose typed confirmation is cancelled changes nothing on the server.
 */
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DeployOutcome } from '../../server/src/core/deploy/pipeline';
import { startDeploySshd, sshdAvailable, type DeploySshd } from '../helpers/deploySshd';
import { PATIENCE } from '../helpers/patience';
import { activeExtension, waitFor } from './helpers';

describe('nself: deploy commands', function () {
  this.timeout(PATIENCE.build);
  let sshd: DeploySshd | undefined;
  let project: string;
  let remote: string;
  const name = `nselfext${crypto.randomBytes(3).toString('hex')}`;
  const secret = `pw-${crypto.randomBytes(8).toString('hex')}`;

  before(async function () {
    await activeExtension();
    if (!sshdAvailable()) {
      if (process.env.NSELF_REQUIRE_REAL_TOOLS === '1') throw new Error('REAL TOOL MISSING: openssh-server and rsync');
      console.warn('SKIPPED: deploy commands need openssh-server and rsync');
      this.skip();
    }
    sshd = await startDeploySshd();
    fs.writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine + '\n');
    process.env.NSELF_DEPLOY_KNOWN_HOSTS = sshd.knownHostsFile;
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-ext-deploy-'));
    remote = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-ext-remote-'));
    fs.writeFileSync(path.join(project, '.env'), [`PROJECT_NAME=${name}`, 'BASE_DOMAIN=example.com', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', 'CS_1=api:custom:28321', `CS_1_ENV=API_TOKEN=${secret}`, ''].join('\n'));
    for (const target of ['staging', 'prod']) {
      fs.mkdirSync(path.join(project, '.environments', target), { recursive: true });
      fs.writeFileSync(path.join(project, '.environments', target, 'server.json'), JSON.stringify({ name: target, type: target, host: '127.0.0.1', port: sshd.port, user: 'root', key: sshd.userKey, deploy_path: path.join(remote, target) }, null, 2));
    }
  });

  after(async () => {
    delete process.env.NSELF_DEPLOY_KNOWN_HOSTS;
    await sshd?.stop();
    for (const dir of [project, remote]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Plan Deploy opens the plan as a document, secrets masked, and changes nothing', async () => {
    const outcome = await vscode.commands.executeCommand<DeployOutcome | undefined>('nself.planDeploy', { ref: { root: project, name: 'staging' } });
    assert.ok(outcome, 'no outcome (see the nself log)');
    assert.strictEqual(outcome.result, 'planned', outcome.message);
    const doc = await waitFor('the plan document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'nself-deploy-plan' && d.getText().includes(name)));
    const text = doc.getText();
    assert.match(text, /# Deploy plan: .* → staging/);
    assert.match(text, /\*\*created\*\*: `api`/);
    assert.ok(!text.includes(secret), 'a secret is shown in the plan');
    assert.ok(!fs.existsSync(path.join(remote, 'staging', 'docker-compose.yml')));
  });

  it('production asks for the project name; cancelling the question deploys nothing', async () => {
    const running = vscode.commands.executeCommand<DeployOutcome | undefined>('nself.deploy', { ref: { root: project, name: 'prod' } });
    // The typed confirmation is a quick input: wait until the plan is shown, then dismiss it.
    await waitFor('the production plan', () => vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'nself-deploy-plan' && d.uri.path.startsWith('/prod')));
    let outcome: DeployOutcome | undefined;
    void running.then((o) => (outcome = o));
    await waitFor('the deploy to end after the confirmation was cancelled', async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return outcome;
    });
    assert.strictEqual(outcome!.result, 'declined', outcome!.message);
    assert.ok(!fs.existsSync(path.join(remote, 'prod', 'docker-compose.yml')), 'files reached the server');
    assert.ok(!fs.existsSync(path.join(remote, 'prod', '.nself', 'releases')) || fs.readdirSync(path.join(remote, 'prod', '.nself', 'releases')).length === 0);
  });

  it('Plan Deploy on a Kubernetes target runs the same pipeline: kubectl\'s server-side dry run is its pre-flight', async () => {
    // No cluster runs here: the context's API server refuses connections, so the pipeline stops at the pre-flight.
    fs.mkdirSync(path.join(project, '.environments', 'k8s'), { recursive: true });
    fs.writeFileSync(path.join(project, '.environments', 'k8s', 'server.json'), JSON.stringify({ name: 'k8s', host: 'unused.example.com', user: 'deploy', orchestrator: 'kubernetes', kube_context: 'prod-eu', namespace: 'shop-prod' }, null, 2));
    const kubeconfig = path.join(project, 'kubeconfig');
    fs.writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "https://127.0.0.1:1"}\n  name: c\ncontexts:\n- context: {cluster: c, user: u}\n  name: prod-eu\ncurrent-context: prod-eu\nusers:\n- name: u\n  user: {token: x}\n');
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig;
    try {
      const outcome = await vscode.commands.executeCommand<DeployOutcome | undefined>('nself.planDeploy', { ref: { root: project, name: 'k8s' } });
      assert.ok(outcome, 'no outcome (see the nself log)');
      assert.equal(outcome.result, 'failed', outcome.message);
      assert.match(outcome.message, /the API server refused the manifests: .*127\.0\.0\.1:1.*Nothing changed on k8s/);
      assert.ok(!outcome.message.includes(secret));
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
});
