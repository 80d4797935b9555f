/**
 * `nself-env deploy` for swarm and kubernetes targets, without a cluster: the refusals, and each
 * kind's pre-flight as far as the real docker CLI and kubectl get against a manager and an API
 * server that cannot be reached (no cluster runs here). The real Swarm deploys through the CLI,
 * plan and confirmation included, are in test/node/swarm.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runDeployCommand, runRollbackCommand, type Terminal } from '../../server/src/cli/deploy';
import { readTargets } from '../../server/src/core/deploy/targets';
import { nodeHost } from '../../server/src/core/project';
import { hasCommand, requireTool } from '../helpers/realTools';

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _e, done) {
      w.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

const noTty: Terminal = { isTTY: false, question: async () => assert.fail('asked without a terminal') };
const TOKEN = 'tok-4e1b9c7a2d5f8e3b';

describe('nself-env deploy: swarm and kubernetes targets', function () {
  this.timeout(120_000);
  let root: string;
  let kubeconfig: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-orch-'));
    fs.writeFileSync(
      path.join(root, '.env'),
      ['PROJECT_NAME=orch', 'BASE_DOMAIN=example.com', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', 'CS_1=api:custom:28123', 'CS_1_IMAGE=ghcr.io/acme/api:1.4.2', 'CS_1_REPLICAS=3', `CS_1_ENV=API_TOKEN=${TOKEN}`, ''].join('\n'),
    );
    const target = (name: string, extra: Record<string, string>) => {
      fs.mkdirSync(path.join(root, '.environments', name), { recursive: true });
      fs.writeFileSync(path.join(root, '.environments', name, 'server.json'), JSON.stringify({ name, host: 'manager.example.com', user: 'deploy', ...extra }, null, 2));
    };
    target('swarm', { orchestrator: 'swarm' });
    target('k8s', { orchestrator: 'kubernetes', kube_context: 'prod-eu', namespace: 'orch-prod' });
    target('nomad', { orchestrator: 'nomad' });
    kubeconfig = path.join(root, 'kubeconfig');
    fs.writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "https://127.0.0.1:1"}\n  name: c\ncontexts:\n- context: {cluster: c, user: u}\n  name: prod-eu\ncurrent-context: prod-eu\nusers:\n- name: u\n  user: {token: x}\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the orchestrator of each target; an unknown one is a problem, never a plain server deploy', () => {
    const list = readTargets(nodeHost, root);
    assert.equal(list.targets.find((t) => t.name === 'swarm')?.orchestrator?.kind, 'swarm');
    assert.deepEqual(list.targets.find((t) => t.name === 'k8s')?.orchestrator, { kind: 'kubernetes', kubeContext: 'prod-eu', namespace: 'orch-prod', problems: [], source: 'server.json' });
    assert.ok(list.problems.some((p) => /orchestrator must be one of compose, swarm, kubernetes/.test(p.message) && p.severity === 'error'));
  });

  it('swarm: an unreachable manager stops at the pre-flight with what failed where (exit 4); nothing is asked', async () => {
    const out = sink();
    const err = sink();
    const code = await runDeployCommand(['swarm', root], { plan: true }, out, err, noTty);
    assert.equal(code, 4, err.text);
    assert.match(err.text, /==> Checking swarm \(manager\.example\.com\)/);
    assert.match(err.text, /Failed: docker info on ssh:\/\/deploy@manager\.example\.com failed: .+\. Nothing changed on swarm\./);
    assert.equal(out.text, '');
    assert.ok(!out.text.includes(TOKEN) && !err.text.includes(TOKEN));
  });

  it('an unknown orchestrator stops before anything', async () => {
    const err = sink();
    assert.equal(await runDeployCommand(['nomad', root], { yes: true }, sink(), err, noTty), 4);
    assert.match(err.text, /orchestrator must be one of/);
  });

  it('rollback of an orchestrated target points at the orchestrator\'s own rollback', async () => {
    await assert.rejects(runRollbackCommand(['swarm', root], { yes: true }, sink(), sink(), noTty), /docker service rollback/);
    await assert.rejects(runRollbackCommand(['k8s', root], { yes: true }, sink(), sink(), noTty), /kubectl rollout undo/);
  });

  it('kubernetes: runs the real kubectl with the exact argv; an unreachable cluster stops at the server-side dry run', async function () {
    requireTool(this, hasCommand('kubectl'), 'kubectl');
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
    process.env.KUBECONFIG = kubeconfig;
    process.env.HOME = root;
    try {
      const temps = () => new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('nself-kubernetes-')));
      const before = temps();
      const out = sink();
      const err = sink();
      const code = await runDeployCommand(['k8s', root], { yes: true }, out, err, noTty);
      assert.equal(code, 4, err.text);
      assert.match(err.text, /==> Checking k8s/);
      assert.match(err.text, /Failed: the API server refused the manifests: .*127\.0\.0\.1:1.*\. Nothing changed on k8s\./);
      assert.ok(!err.text.includes(TOKEN) && !out.text.includes(TOKEN), 'the Secret value never reaches the output');
      // The manifests (with the Secret) were written to a private temp folder and removed.
      assert.deepEqual([...temps()].filter((f) => !before.has(f)), []);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
});
