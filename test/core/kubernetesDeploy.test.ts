import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { getCatalog } from '../../server/src/core/catalog';
import { generate, kubernetesObjects, UnsafeValueError } from '../../server/src/core/generate';
import { MANAGED_BY } from '../../server/src/core/generate/kubernetes';
import { planVariables } from '../../server/src/core/generate/secretEnv';
import { deriveServiceModel } from '../../server/src/core/model';
import {
  applyArgv,
  diffArgv,
  dryRunArgv,
  parseDiff,
  parseRolloutStatus,
  podProblems,
  podsArgv,
  rolloutStatusArgv,
  rolloutUndoArgv,
  type KubeTarget,
} from '../../server/src/core/orchestrators/kubernetes';
import { kubernetesBackend } from '../../server/src/core/orchestrators/kubernetesRelease';
import { MIGRATIONS_NOTE, runRelease, type DeployEvent } from '../../server/src/core/deploy/pipeline';
import { planMarkdown } from '../../server/src/core/deploy/report';
import { SecretMasker } from '../../server/src/core/secrets';
import { MODEL, target } from './deploy/fixtures';
import { Project } from '../../server/src/core/project';
import { FakeKubectlForTests, KUBECTL_FIXTURES } from '../helpers/fakeKubectl';
import { hasCommand, requireTool, run, validateK8s } from '../helpers/realTools';
import { DEMO_SECRETS, demoModel } from '../generate/fixtures/demoModel';

const TARGET: KubeTarget = { context: 'prod-eu', namespace: 'demo' };
const MANIFEST = 'k8s/demo.yaml';

function recorded(scenario: string, step: string): { code: number; stdout: string; stderr: string } {
  return JSON.parse(fs.readFileSync(path.join(KUBECTL_FIXTURES, scenario, `${step}.json`), 'utf8'));
}

describe('kubernetes target: manifests of the fixture projects', () => {
  // The fixture projects' staging files hold values the generators refuse on purpose (every rule
  // fires in the fixtures); those environments are checked for the refusal instead.
  const cases: [string, string][] = [['shop', 'dev'], ['shop', 'prod'], ['legacy', 'dev'], ['legacy', 'prod']];
  for (const [name, env] of cases) {
    const root = path.join(__dirname, '..', 'fixtures', 'projects', name);
    {
      it(`${name} ${env}: schema-valid, nself's labels on every object, secrets only in Secrets`, () => {
        const model = deriveServiceModel(new Project(root).effective(env, '1.x'), getCatalog('1.x'));
        const [file] = generate(model, 'k8s');
        const docs = parseAllDocuments(file!.content).map((d) => d.toJS() as Record<string, any>).filter((d) => d !== null);
        assert.ok(docs.some((d) => d.kind === 'Deployment'), 'has Deployments');
        assert.deepEqual(validateK8s(docs), []);
        for (const d of docs) {
          assert.equal(d.metadata.labels['app.kubernetes.io/managed-by'], MANAGED_BY, `${d.kind}/${d.metadata.name}`);
          assert.ok(d.metadata.labels['app.kubernetes.io/part-of'], `${d.kind}/${d.metadata.name} part-of`);
        }
        const secrets = [...planVariables(model).values.values()].filter((v) => v.length >= 8);
        for (const d of docs.filter((x) => x.kind !== 'Secret')) {
          const text = JSON.stringify(d);
          for (const s of secrets) assert.ok(!text.includes(s), `${d.kind}/${d.metadata.name} holds a secret value`);
        }
      });
    }
  }

  it('refuses the fixture staging environments whose routes are not host names (nothing half-written)', () => {
    for (const name of ['shop', 'legacy']) {
      const model = deriveServiceModel(new Project(path.join(__dirname, '..', 'fixtures', 'projects', name)).effective('staging', '1.x'), getCatalog('1.x'));
      assert.throws(() => generate(model, 'k8s'), UnsafeValueError);
    }
  });

  it('keeps secrets out of container args and probes: $(KEY) from the Secret, probes through sh', () => {
    const redis = kubernetesObjects(demoModel('staging')).find((o) => o.kind === 'Deployment' && o.metadata.name === 'redis') as Record<string, any>;
    const c = redis.spec.template.spec.containers[0];
    assert.deepEqual(c.args, ['redis-server', '--appendonly', 'yes', '--requirepass', '$(REDIS_PASSWORD)']);
    assert.deepEqual(c.readinessProbe.exec.command, ['/bin/sh', '-c', 'redis-cli -a "${REDIS_PASSWORD}" ping']);
    assert.deepEqual(c.envFrom, [{ secretRef: { name: 'redis-env' } }]);
  });

  it('puts every object in the target namespace when one is given', () => {
    const objs = kubernetesObjects(demoModel('staging'), { namespace: 'shop-prod' });
    assert.deepEqual([...new Set(objs.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace))], ['shop-prod']);
    assert.equal(objs.find((o) => o.kind === 'Namespace')?.metadata.name, 'shop-prod');
    for (const s of Object.values(DEMO_SECRETS)) {
      assert.ok(!JSON.stringify(objs.filter((o) => o.kind !== 'Secret')).includes(s));
    }
  });
});

describe('kubernetes target: kubectl argument lists', () => {
  it('are exactly these', () => {
    const g = ['kubectl', '--context', 'prod-eu', '--namespace', 'demo'];
    assert.deepEqual(dryRunArgv(TARGET, MANIFEST), [...g, 'apply', '--server-side', '--field-manager=nself', '--dry-run=server', '-f', MANIFEST]);
    assert.deepEqual(diffArgv(TARGET, MANIFEST), [...g, 'diff', '--server-side', '--field-manager=nself', '-f', MANIFEST]);
    assert.deepEqual(applyArgv(TARGET, MANIFEST), [...g, 'apply', '--server-side', '--field-manager=nself', '-f', MANIFEST]);
    assert.deepEqual(rolloutStatusArgv(TARGET, 'api'), [...g, 'rollout', 'status', 'deployment/api', '--watch=true', '--timeout=60s']);
    assert.deepEqual(rolloutUndoArgv(TARGET, 'api'), [...g, 'rollout', 'undo', 'deployment/api']);
    assert.deepEqual(podsArgv(TARGET, 'api', 'demo'), [...g, 'get', 'pods', '-l', 'app.kubernetes.io/name=api,app.kubernetes.io/part-of=demo', '-o', 'json']);
    assert.deepEqual(applyArgv({ namespace: 'demo' }, MANIFEST).slice(0, 3), ['kubectl', '--namespace', 'demo']);
  });

  it('are accepted by the real kubectl (it gets as far as connecting to the cluster)', function () {
    requireTool(this, hasCommand('kubectl'), 'kubectl');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-kubectl-'));
    try {
      // A kubeconfig whose only cluster refuses connections: flags are parsed, then the call fails.
      fs.writeFileSync(
        path.join(dir, 'config'),
        'apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "https://127.0.0.1:1"}\n  name: c\ncontexts:\n- context: {cluster: c, user: u}\n  name: prod-eu\ncurrent-context: prod-eu\nusers:\n- name: u\n  user: {token: x}\n',
      );
      const manifest = path.join(dir, 'demo.yaml');
      fs.writeFileSync(manifest, generate(demoModel('staging'), 'k8s')[0]!.content);
      const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: path.join(dir, 'config') };
      const lists = [dryRunArgv(TARGET, manifest), diffArgv(TARGET, manifest), applyArgv(TARGET, manifest), rolloutStatusArgv(TARGET, 'api'), rolloutUndoArgv(TARGET, 'api'), podsArgv(TARGET, 'api', 'demo')];
      for (const argv of lists) {
        const r = run(argv[0]!, argv.slice(1), { env });
        assert.equal(r.ok, false);
        assert.doesNotMatch(r.stderr, /unknown (flag|command|shorthand)|invalid argument|required flag/i, argv.join(' '));
        assert.match(r.stderr, /127\.0\.0\.1:1|connection refused/, `${argv.join(' ')}: ${r.stderr}`);
      }
      // The check can fail: a wrong flag is reported as such.
      const wrong = run('kubectl', ['--context', 'prod-eu', 'apply', '--server-side=maybe', '-f', manifest], { env });
      assert.match(wrong.stderr, /invalid argument|unknown flag/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kubernetes target: reading kubectl output', () => {
  it('turns a diff into the plan: changed and created objects, Secret values masked by kubectl', () => {
    const plan = parseDiff(recorded('update-ok', 'diff').stdout);
    assert.deepEqual(plan.map(({ diff: _, ...c }) => c), [
      { kind: 'Deployment', name: 'api', namespace: 'demo', action: 'change', added: 2, removed: 2 },
      { kind: 'Secret', name: 'api-env', namespace: 'demo', action: 'change', added: 1, removed: 1 },
      { kind: 'Ingress', name: 'ml-local-nself-org', namespace: 'demo', action: 'create', added: 24, removed: 0 },
    ]);
    assert.match(plan[1]!.diff, /^-  API_TOKEN: '\*\*\* \(before\)'$/m);
    assert.match(plan[0]!.diff, /^\+        image: ghcr\.io\/acme\/api:1\.4\.2$/m);
    assert.deepEqual(parseDiff(recorded('first-deploy', 'diff').stdout).map((c) => [c.kind, c.name, c.namespace, c.action]), [
      ['Deployment', 'api', 'demo', 'create'],
      ['Namespace', 'demo', undefined, 'create'],
    ]);
    assert.deepEqual(parseDiff(''), []);
  });

  it('reads rollout status: rolled out, progress deadline, timeout', () => {
    const ok = recorded('update-ok', 'rollout-status-api');
    assert.deepEqual(parseRolloutStatus('api', ok.code, ok.stdout, ok.stderr), { deployment: 'api', ok: true });
    const dead = recorded('update-fails', 'rollout-status-api');
    assert.deepEqual(parseRolloutStatus('api', dead.code, dead.stdout, dead.stderr), { deployment: 'api', ok: false, reason: 'exceeded its progress deadline' });
    const slow = recorded('first-deploy', 'rollout-status-api');
    assert.match(parseRolloutStatus('api', slow.code, slow.stdout, slow.stderr).reason ?? '', /^not ready within 60s \(Waiting for deployment "api" rollout to finish: 0 of 1/);
    // A success line about another Deployment is not this one's.
    assert.equal(parseRolloutStatus('api', 0, 'deployment "api-v2" successfully rolled out\n', '').ok, false);
  });

  it('says why pods are not ready', () => {
    assert.deepEqual(podProblems(recorded('update-fails', 'get-pods-api').stdout), [
      'pod api-7d9c5b8f6-x2x4q: CrashLoopBackOff: back-off 2m40s restarting failed container=api pod=api-7d9c5b8f6-x2x4q_demo(1b7e…); last exit 1 (Error); 5 restarts',
    ]);
    assert.deepEqual(podProblems('not json'), []);
  });
});

describe('kubernetes target: plan, gate and rollback through the deploy pipeline, against recorded kubectl output (FakeKubectlForTests)', () => {
  const deployments = ['api', 'worker'];
  const model = { ...MODEL, projectName: 'demo' };
  const deploy = async (scenario: string, extra: { planOnly?: boolean; confirm?: () => Promise<boolean> } = {}) => {
    const kubectl = new FakeKubectlForTests(scenario, TARGET);
    const events: DeployEvent[] = [];
    const backend = kubernetesBackend({ run: kubectl.run, kube: TARGET, manifest: MANIFEST, deployments, partOf: 'demo', target: target('k8s'), model, masker: new SecretMasker(['s3cret-token-value']) });
    const o = await runRelease(backend, { target: target('k8s'), model, files: [], masker: new SecretMasker(), problems: [], missingSecrets: [], by: 'test', planOnly: extra.planOnly, confirm: extra.confirm ?? (async () => true), onEvent: (e) => events.push(e), pollMs: 1 }, new AbortController().signal);
    return { o, kubectl, events, verbs: kubectl.calls.map((c) => c.slice(5, 7).join(' ')) };
  };

  it('nothing changed: no apply; the gate still asks every Deployment', async () => {
    const { o, verbs } = await deploy('unchanged');
    assert.equal(o.result, 'ok', o.message);
    assert.match(o.message, /^Nothing changed on k8s/);
    assert.deepEqual(verbs, ['apply --server-side', 'diff --server-side', 'rollout status', 'rollout status']);
  });

  it('plan only, or declined at the confirmation: the plan, nothing applied', async () => {
    const planned = await deploy('update-ok', { planOnly: true });
    assert.equal(planned.o.result, 'planned');
    assert.deepEqual(planned.o.plan!.services.map((s) => [s.name, s.action]), [['api', 'recreate'], ['worker', 'unchanged']]);
    assert.deepEqual(planned.o.plan!.files.map((f) => [f.path, f.change]), [['Deployment/api', 'modify'], ['Secret/api-env', 'modify'], ['Ingress/ml-local-nself-org', 'add']]);
    assert.match(planned.o.plan!.destination ?? '', /^Kubernetes namespace `demo` of context prod-eu/);
    const md = planMarkdown(planned.o.plan!);
    assert.match(md, /### changed: `Secret\/api-env`[\s\S]*API_TOKEN: '\*\*\* \(after\)'/);
    const declined = await deploy('update-ok', { confirm: async () => false });
    assert.equal(declined.o.result, 'declined');
    assert.ok(!declined.kubectl.calls.some((c) => c.includes('apply') && !c.includes('--dry-run=server')));
  });

  it('an update that passes: apply, then rollout status for each Deployment', async () => {
    const { o, kubectl, events } = await deploy('update-ok');
    assert.equal(o.result, 'ok', o.message);
    assert.deepEqual(kubectl.calls.slice(2).map((c) => c.slice(5).join(' ')), [
      `apply --server-side --field-manager=nself -f ${MANIFEST}`,
      'rollout status deployment/api --watch=true --timeout=60s',
      'rollout status deployment/worker --watch=true --timeout=60s',
    ]);
    const lines = events.flatMap((e) => (e.type === 'line' ? [e.line] : []));
    assert.ok(lines.includes('deployment.apps/api serverside-applied'), lines.join('\n'));
    assert.deepEqual(o.plan!.commands.map((c) => c.slice(5, 7).join(' ')), ['apply --server-side', 'rollout status', 'rollout status']);
  });

  it('a failed gate: the pods say why, the changed Deployment is rolled back with rollout undo', async () => {
    const { o, kubectl } = await deploy('update-fails');
    assert.equal(o.result, 'rolled-back', o.message);
    assert.equal(o.restored, true);
    assert.equal(o.failing?.service, 'api');
    assert.match(o.failing?.reason ?? '', /^exceeded its progress deadline: pod api-7d9c5b8f6-x2x4q: CrashLoopBackOff/);
    assert.match(o.message, /api failed the health gate \(exceeded its progress deadline.*\); each changed Deployment's previous ReplicaSet is back/);
    assert.equal(o.note, MIGRATIONS_NOTE);
    assert.deepEqual(kubectl.calls[kubectl.calls.length - 1], ['kubectl', '--context', 'prod-eu', '--namespace', 'demo', 'rollout', 'undo', 'deployment/api']);
  });

  it('a first deploy that fails has nothing to roll back to, and says so', async () => {
    const { o } = await deploy('first-deploy');
    assert.equal(o.result, 'failed');
    assert.equal(o.restored, false);
    assert.match(o.failing?.reason ?? '', /not ready within 60s.*ImagePullBackOff/);
    assert.match(o.message, /and the rollback failed too: api has no previous revision \(first deploy\)/);
  });

  it('manifests the API server refuses: stops at the pre-flight, before the diff', async () => {
    const { o, kubectl } = await deploy('refused');
    assert.equal(o.result, 'failed');
    assert.match(o.message, /the API server refused the manifests: Error from server \(Invalid\)/);
    assert.match(o.message, /Nothing changed on k8s/);
    assert.equal(kubectl.calls.length, 1);
  });

  it('FakeKubectlForTests refuses commands it has no recording for (a changed argv fails the test)', async () => {
    const kubectl = new FakeKubectlForTests('update-ok', TARGET);
    await assert.rejects(kubectl.run(['kubectl', '--context', 'prod-eu', '--namespace', 'demo', 'apply', '-f', MANIFEST]), /no recorded command/);
    await assert.rejects(kubectl.run(['kubectl', '--namespace', 'demo', 'diff']), /unexpected argv/);
  });
});
