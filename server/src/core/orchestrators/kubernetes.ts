/**
 * Kubernetes as a deploy target, as pure logic: the exact kubectl argument lists, and what their
 * output means for the plan, the health gate and the rollback. The manifests are the generator's
 * (`core/generate/kubernetes.ts`); secrets are only in its Secrets, which kubectl masks in diffs.
 *
 * The sequence (`runKubernetesDeploy`) takes the command runner as a parameter: the node side
 * passes one that spawns kubectl, the tests one that replays recorded output. It is the same
 * shape as the single-server pipeline: plan, apply, gate, rollback on a failed gate.
 */

/** Which cluster and namespace: kubectl's `--context` (default: its current one) and `--namespace`. */
export interface KubeTarget {
  context?: string;
  namespace: string;
}

/** The field manager our server-side applies own fields as (so a later apply by hand can see who set what). */
export const FIELD_MANAGER = 'nself';

/** How long `kubectl rollout status` waits per Deployment: nself's gate for a service with a healthcheck. */
export const ROLLOUT_TIMEOUT = '60s';

function globals(target: KubeTarget): string[] {
  return [...(target.context ? ['--context', target.context] : []), '--namespace', target.namespace];
}

/** `kubectl diff` with a server-side dry-run apply: what the apply would change, object by object. Exit 0 = no change, 1 = changes, >1 = error. */
export function diffArgv(target: KubeTarget, manifest: string): string[] {
  return ['kubectl', ...globals(target), 'diff', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', manifest];
}

/** A server-side dry run of the apply: the API server validates (admission, schemas) without changing anything. */
export function dryRunArgv(target: KubeTarget, manifest: string): string[] {
  return ['kubectl', ...globals(target), 'apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--dry-run=server', '-f', manifest];
}

/** The apply itself. */
export function applyArgv(target: KubeTarget, manifest: string): string[] {
  return ['kubectl', ...globals(target), 'apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', manifest];
}

/** The gate for one Deployment: waits until its new ReplicaSet is available, or fails. */
export function rolloutStatusArgv(target: KubeTarget, deployment: string): string[] {
  return ['kubectl', ...globals(target), 'rollout', 'status', `deployment/${deployment}`, '--watch=true', `--timeout=${ROLLOUT_TIMEOUT}`];
}

/** The rollback of one Deployment to its previous ReplicaSet. */
export function rolloutUndoArgv(target: KubeTarget, deployment: string): string[] {
  return ['kubectl', ...globals(target), 'rollout', 'undo', `deployment/${deployment}`];
}

/** The pods of one Deployment, as JSON, to say why it did not become ready. */
export function podsArgv(target: KubeTarget, deployment: string, partOf: string): string[] {
  return ['kubectl', ...globals(target), 'get', 'pods', '-l', `app.kubernetes.io/name=${deployment},app.kubernetes.io/part-of=${partOf}`, '-o', 'json'];
}

/** One object the plan would create or change. */
export interface PlanChange {
  /** `Deployment`, `Secret`… */
  kind: string;
  name: string;
  namespace?: string;
  action: 'create' | 'change';
  added: number;
  removed: number;
}

/**
 * Parses `kubectl diff` output: one `diff -u -N <LIVE>/<group.version.Kind.namespace.name> <MERGED>/…`
 * section per object that would change; an object with no live side is created.
 */
export function parseDiff(text: string): PlanChange[] {
  const out: PlanChange[] = [];
  let current: PlanChange | undefined;
  let liveEmpty = false;
  for (const line of text.split('\n')) {
    const header = /^diff -u -N (\S+) (\S+)$/.exec(line);
    if (header) {
      const id = parseObjectFile(header[2]!.split('/').pop() ?? '');
      current = { ...id, action: 'change', added: 0, removed: 0 };
      out.push(current);
      liveEmpty = true;
      continue;
    }
    if (!current || line.startsWith('--- ') || line.startsWith('+++ ')) continue;
    if (line.startsWith('@@')) {
      // `@@ -0,0 +1,40 @@`: nothing on the live side.
      if (!/^@@ -0,0 /.test(line)) liveEmpty = false;
      current.action = liveEmpty ? 'create' : 'change';
      continue;
    }
    if (line.startsWith('+')) current.added++;
    else if (line.startsWith('-')) current.removed++;
  }
  return out;
}

/** `apps.v1.Deployment.shop.api` / `v1.Secret.shop.api-env` / `v1.Namespace..shop` → kind, namespace, name. */
function parseObjectFile(file: string): { kind: string; name: string; namespace?: string } {
  const parts = file.split('.');
  // group parts, version, Kind (capitalised), namespace, name (a name may hold dots: take the rest).
  const k = parts.findIndex((p) => /^[A-Z]/.test(p));
  if (k < 0 || k + 2 > parts.length) return { kind: 'object', name: file };
  const namespace = parts[k + 1] || undefined;
  const name = parts.slice(k + 2).join('.') || file;
  return { kind: parts[k]!, name, ...(namespace ? { namespace } : {}) };
}

/** What `kubectl diff` exited with means. */
export function diffOutcome(code: number | null, stderr: string): { ok: boolean; changed: boolean; error?: string } {
  if (code === 0) return { ok: true, changed: false };
  if (code === 1) return { ok: true, changed: true };
  return { ok: false, changed: false, error: firstError(stderr) };
}

/** The objects `kubectl apply` reports (`deployment.apps/api serverside-applied`). */
export function parseApplyOutput(text: string): { resource: string; result: string }[] {
  const out: { resource: string; result: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+\/\S+) (serverside-applied|created|configured|unchanged)(?: \(server dry run\))?$/.exec(line.trim());
    if (m) out.push({ resource: m[1]!, result: m[2]! });
  }
  return out;
}

/** The gate's verdict on one Deployment from `kubectl rollout status`. */
export interface RolloutVerdict {
  deployment: string;
  ok: boolean;
  /** Why it failed: progress deadline, timeout, or kubectl's error; plus what the pods say. */
  reason?: string;
}

/** Reads `kubectl rollout status` output and exit code. */
export function parseRolloutStatus(deployment: string, code: number | null, stdout: string, stderr: string): RolloutVerdict {
  if (code === 0 && new RegExp(`deployment "${escapeRegExp(deployment)}" successfully rolled out`).test(stdout)) return { deployment, ok: true };
  const err = firstError(stderr);
  if (/exceeded its progress deadline/.test(stderr)) return { deployment, ok: false, reason: `exceeded its progress deadline` };
  if (/timed out waiting for the condition/.test(stderr)) {
    const last = stdout.trim().split('\n').filter(Boolean).pop();
    return { deployment, ok: false, reason: `not ready within ${ROLLOUT_TIMEOUT}${last ? ` (${last.trim()})` : ''}` };
  }
  return { deployment, ok: false, reason: err || `kubectl exited with ${code}` };
}

/** Why the pods of a Deployment are not ready, from `kubectl get pods -o json` (first reasons found, at most 3). */
export function podProblems(json: string): string[] {
  let data: { items?: unknown[] };
  try {
    data = JSON.parse(json) as { items?: unknown[] };
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const item of data.items ?? []) {
    const pod = item as {
      metadata?: { name?: string };
      status?: { containerStatuses?: { name?: string; ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } }; lastState?: { terminated?: { reason?: string; exitCode?: number } } }[] };
    };
    for (const c of pod.status?.containerStatuses ?? []) {
      if (c.ready) continue;
      const waiting = c.state?.waiting;
      const term = c.state?.terminated ?? c.lastState?.terminated;
      let why = waiting?.reason ? `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` : term?.reason ? `${term.reason} (exit ${term.exitCode})` : 'not ready';
      if (term && waiting?.reason && term.exitCode !== undefined) why += `; last exit ${term.exitCode}${term.reason ? ` (${term.reason})` : ''}`;
      if (c.restartCount) why += `; ${c.restartCount} restarts`;
      out.push(`pod ${pod.metadata?.name ?? '?'}: ${why}`);
      if (out.length >= 3) return out;
    }
  }
  return out;
}

/** Reads `kubectl rollout undo` output. */
export function parseUndo(deployment: string, code: number | null, stdout: string, stderr: string): { deployment: string; ok: boolean; detail: string } {
  if (code === 0 && /rolled back/.test(stdout)) return { deployment, ok: true, detail: stdout.trim() };
  // A Deployment applied for the first time has no previous revision to go back to.
  if (/no rollout history found|no revision found/i.test(stderr)) return { deployment, ok: false, detail: `${deployment} has no previous revision (first deploy): scale it down or delete it by hand` };
  return { deployment, ok: false, detail: firstError(stderr) || `kubectl exited with ${code}` };
}

function firstError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  // klog lines (`E1202 11:58:57.053021 …`) repeat what the final `error:` line says.
  const error = lines.find((l) => /^error:|^Error from server|^The connection to the server/.test(l));
  return (error ?? lines[lines.length - 1] ?? '').slice(0, 500);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What runs a command: the node side spawns kubectl, tests replay recorded output. */
export type KubectlRunner = (argv: readonly string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>;

/** The result of a Kubernetes deploy, as the report shows it. */
export interface KubernetesDeployResult {
  /** `planned` when only the plan was asked for (or nothing changed). */
  outcome: 'planned' | 'unchanged' | 'deployed' | 'rolled-back' | 'failed';
  plan: PlanChange[];
  applied: { resource: string; result: string }[];
  gate: RolloutVerdict[];
  rollback: { deployment: string; ok: boolean; detail: string }[];
  /** The commands run, in order, as argv arrays (for the log and the README's promise). */
  commands: string[][];
  error?: string;
}

/**
 * Plan → (confirm) → apply → gate → rollback. `manifest` is a path kubectl reads; `deployments`
 * the Deployment names in it; `confirm` sees the plan and says whether to go on (a prod target asks
 * for the project name there). A Deployment that fails its rollout is undone, and so is every
 * other Deployment this apply changed, so the cluster runs one release, not half of two.
 */
export async function runKubernetesDeploy(
  run: KubectlRunner,
  opts: { target: KubeTarget; manifest: string; deployments: readonly string[]; partOf: string; confirm?: (plan: PlanChange[]) => Promise<boolean>; planOnly?: boolean },
): Promise<KubernetesDeployResult> {
  const commands: string[][] = [];
  const exec = (argv: string[]) => {
    commands.push(argv);
    return run(argv);
  };
  const result: KubernetesDeployResult = { outcome: 'failed', plan: [], applied: [], gate: [], rollback: [], commands };

  const dry = await exec(dryRunArgv(opts.target, opts.manifest));
  if (dry.code !== 0) return { ...result, error: `the API server refused the manifests: ${firstError(dry.stderr)}` };
  const diff = await exec(diffArgv(opts.target, opts.manifest));
  const outcome = diffOutcome(diff.code, diff.stderr);
  if (!outcome.ok) return { ...result, error: `kubectl diff failed: ${outcome.error}` };
  result.plan = parseDiff(diff.stdout);
  if (!outcome.changed) return { ...result, outcome: 'unchanged' };
  if (opts.planOnly) return { ...result, outcome: 'planned' };
  if (opts.confirm && !(await opts.confirm(result.plan))) return { ...result, outcome: 'planned' };

  const apply = await exec(applyArgv(opts.target, opts.manifest));
  result.applied = parseApplyOutput(apply.stdout);
  if (apply.code !== 0) return { ...result, error: `kubectl apply failed: ${firstError(apply.stderr)}` };

  const changed = new Set(result.plan.filter((c) => c.kind === 'Deployment').map((c) => c.name));
  for (const d of opts.deployments) {
    const r = await exec(rolloutStatusArgv(opts.target, d));
    const verdict = parseRolloutStatus(d, r.code, r.stdout, r.stderr);
    if (!verdict.ok) {
      const pods = await exec(podsArgv(opts.target, d, opts.partOf));
      const problems = podProblems(pods.stdout);
      if (problems.length > 0) verdict.reason = `${verdict.reason}: ${problems.join('; ')}`;
    }
    result.gate.push(verdict);
  }
  if (result.gate.every((g) => g.ok)) return { ...result, outcome: 'deployed' };

  const failed = new Set(result.gate.filter((g) => !g.ok).map((g) => g.deployment));
  for (const d of opts.deployments.filter((x) => failed.has(x) || changed.has(x))) {
    const r = await exec(rolloutUndoArgv(opts.target, d));
    result.rollback.push(parseUndo(d, r.code, r.stdout, r.stderr));
  }
  const failedList = result.gate.filter((g) => !g.ok).map((g) => `${g.deployment}: ${g.reason}`).join('; ');
  return { ...result, outcome: result.rollback.every((r) => r.ok) ? 'rolled-back' : 'failed', error: `gate failed: ${failedList}` };
}
