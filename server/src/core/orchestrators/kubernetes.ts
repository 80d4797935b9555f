/**
 * Kubernetes as a deploy target, as pure logic: the exact kubectl argument lists, and what their
 * output means for the plan, the health gate and the rollback. The manifests are the generator's
 * (`core/generate/kubernetes.ts`); secrets are only in its Secrets, which kubectl masks in diffs.
 *
 * The deploy itself is the shared pipeline with the backend of kubernetesRelease.ts, which takes
 * the command runner as a parameter: the node side passes one that spawns kubectl, the tests one
 * that replays recorded output.
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

/** The last log lines of one Deployment's pods (all containers). */
export function logsArgv(target: KubeTarget, deployment: string, lines: number): string[] {
  return ['kubectl', ...globals(target), 'logs', `deployment/${deployment}`, '--all-containers', `--tail=${Math.max(1, Math.floor(lines))}`];
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
  /** This object's part of the diff (kubectl shows a Secret's values as `***`). */
  diff: string;
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
      current = { ...id, action: 'change', added: 0, removed: 0, diff: '' };
      out.push(current);
      liveEmpty = true;
      continue;
    }
    if (!current) continue;
    current.diff += `${line}\n`;
    if (line.startsWith('--- ') || line.startsWith('+++ ')) continue;
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

export function firstError(stderr: string): string {
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
