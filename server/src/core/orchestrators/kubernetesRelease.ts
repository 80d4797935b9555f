/**
 * A Kubernetes namespace as a deploy backend of the pipeline (core/deploy/backend.ts): pre-flight
 * is a server-side dry run of the apply (the API server validates, nothing changes), the plan is
 * `kubectl diff --server-side`, `release` is the server-side apply, the gate is
 * `kubectl rollout status` per Deployment, and a rollback is `kubectl rollout undo` of every
 * Deployment that failed or that this apply changed, so the cluster runs one release, not half of
 * two.
 *
 * Pure: kubectl runs behind `run` (node/kubernetes/kubectl.ts spawns it; the tests replay
 * recorded output), and the manifest file is written by the caller (it holds the Secrets).
 */
import type { DeployBackend } from '../deploy/backend';
import { DeployDriverError } from '../deploy/driver';
import type { GateService } from '../deploy/gate';
import { planRoutes, type DeployPlan, type PlannedService } from '../deploy/plan';
import type { DeployTarget } from '../deploy/targets';
import type { ServiceModel } from '../model/types';
import type { SecretMasker } from '../secrets';
import {
  applyArgv,
  diffArgv,
  diffOutcome,
  dryRunArgv,
  firstError,
  logsArgv,
  parseDiff,
  parseRolloutStatus,
  parseUndo,
  podProblems,
  podsArgv,
  rolloutStatusArgv,
  rolloutUndoArgv,
  type KubectlRunner,
  type KubeTarget,
  type PlanChange,
} from './kubernetes';

export interface KubernetesReleaseOptions {
  run: KubectlRunner;
  kube: KubeTarget;
  /** Path of the manifests kubectl reads (written 0600 by the caller: it holds the Secrets). */
  manifest: string;
  /** The Deployment names in the manifests, in start order. */
  deployments: readonly string[];
  /** `app.kubernetes.io/part-of` of the project's objects. */
  partOf: string;
  target: DeployTarget;
  model: ServiceModel;
  masker: SecretMasker;
}

/** The plan's services: each Deployment created, rolled (changed) or left alone. */
export function planDeployments(deployments: readonly string[], changes: readonly PlanChange[]): PlannedService[] {
  return deployments.map((name) => {
    const c = changes.find((x) => x.kind === 'Deployment' && x.name === name);
    if (!c) return { name, action: 'unchanged', reason: 'kubectl diff shows no change' };
    return c.action === 'create' ? { name, action: 'create', reason: 'new Deployment' } : { name, action: 'recreate', reason: `rolling update (+${c.added} -${c.removed} lines)` };
  });
}

export function kubernetesBackend(o: KubernetesReleaseOptions): DeployBackend {
  let changes: PlanChange[] = [];
  let failed = new Set<string>();
  const where = `namespace ${o.kube.namespace}${o.kube.context ? ` of context ${o.kube.context}` : ''}`;
  const exec = async (argv: string[], out?: (line: string) => void) => {
    out?.(`$ ${argv.join(' ')}`);
    return o.run(argv);
  };

  return {
    async preflight() {
      const dry = await o.run(dryRunArgv(o.kube, o.manifest));
      if (dry.code !== 0) {
        const why = o.masker.text(firstError(dry.stderr)) || `kubectl exited with ${dry.code}`;
        const unreachable = /Unable to connect to the server|connection refused|no such host|i\/o timeout|The connection to the server/i.test(why);
        throw new DeployDriverError(unreachable ? 'unreachable' : 'remote', `the API server refused the manifests: ${why}`);
      }
      return { summary: `${where}: the API server accepts the manifests (server-side dry run)`, previous: "each changed Deployment's previous ReplicaSet" };
    },
    async plan(releaseId) {
      const diff = await o.run(diffArgv(o.kube, o.manifest));
      const outcome = diffOutcome(diff.code, diff.stderr);
      if (!outcome.ok) throw new DeployDriverError('remote', `kubectl diff failed: ${o.masker.text(outcome.error ?? '')}`);
      changes = outcome.changed ? parseDiff(diff.stdout) : [];
      return {
        target: o.target,
        destination: `Kubernetes ${where.replace(/^namespace (\S+)/, 'namespace `$1`')}`,
        project: o.model.projectName,
        releaseId,
        services: planDeployments(o.deployments, changes),
        images: o.model.services.flatMap((s) => (s.composeKey && s.image ? [{ service: s.composeKey, image: s.image.value, how: 'pull' as const }] : [])),
        routes: planRoutes(o.model),
        files: changes.map((c) => ({ path: `${c.kind}/${c.name}`, change: c.action === 'create' ? ('add' as const) : ('modify' as const), bytes: 0, diff: o.masker.text(c.diff) })),
        startOrder: [...o.deployments],
        commands: [applyArgv(o.kube, o.manifest), ...o.deployments.map((d) => rolloutStatusArgv(o.kube, d))],
        bytesToSend: 0,
        warnings: ["Secret values go into Secrets only; kubectl diff shows them as ***."],
      } satisfies DeployPlan;
    },
    async stage() {
      return 0;
    },
    async discard() {},
    async release(_id, _plan, _signal, out) {
      const apply = await exec(applyArgv(o.kube, o.manifest), out);
      for (const line of apply.stdout.split('\n')) if (line.trim()) out(o.masker.text(line));
      if (apply.code !== 0) throw new DeployDriverError('remote', `kubectl apply failed: ${o.masker.text(firstError(apply.stderr))}`);
    },
    async gate() {
      // `rollout status` waits by itself (up to ROLLOUT_TIMEOUT per Deployment): one look decides.
      const services: GateService[] = [];
      failed = new Set();
      for (const d of o.deployments) {
        const r = await o.run(rolloutStatusArgv(o.kube, d));
        const verdict = parseRolloutStatus(d, r.code, r.stdout, r.stderr);
        if (!verdict.ok) {
          const pods = await o.run(podsArgv(o.kube, d, o.partOf));
          const problems = podProblems(pods.stdout);
          if (problems.length > 0) verdict.reason = `${verdict.reason}: ${problems.join('; ')}`;
          failed.add(d);
        }
        services.push({ service: d, state: verdict.ok ? 'running' : 'unhealthy', verdict: verdict.ok ? 'ok' : 'failed', reason: verdict.reason && o.masker.text(verdict.reason) });
      }
      const failing = services.find((s) => s.verdict === 'failed');
      return { decided: true, passed: !failing, services, failing };
    },
    async rollback(_id, plan, out) {
      const changed = new Set(plan.services.filter((s) => s.action !== 'unchanged').map((s) => s.name));
      const problems: string[] = [];
      for (const d of o.deployments.filter((x) => failed.has(x) || changed.has(x))) {
        const r = await exec(rolloutUndoArgv(o.kube, d), out);
        const undo = parseUndo(d, r.code, r.stdout, r.stderr);
        out(undo.detail);
        if (!undo.ok) problems.push(undo.detail);
      }
      if (problems.length) throw new Error(problems.join('; '));
    },
    async logs(service, lines) {
      const r = await o.run(logsArgv(o.kube, service, lines));
      return r.code === 0 ? r.stdout.split('\n').filter((l) => l.trim()) : [];
    },
    async record() {
      // The cluster keeps the history: `kubectl rollout history deployment/<name>`.
    },
  };
}
