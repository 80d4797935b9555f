/**
 * What the Services view shows of a Docker Swarm target, as pure logic: from the parsed
 * `docker service inspect` and `docker service ps` of a stack (core/orchestrators/swarm.ts), one
 * row per service with its running/desired count, a state and its tasks. No clock: a task's age
 * comes from what `docker service ps` printed ("Running 16 seconds ago").
 *
 * Counting follows the deploy gate: only tasks Swarm wants running count, and of those only the
 * ones that run the spec's image (during a rolling update old tasks still run beside new ones).
 * A global service wants one task per eligible node, which is the number of tasks it wants running.
 */
import type { SwarmService, SwarmTask } from '../orchestrators/swarm';

/** What a swarm service is doing, in the words of the view. */
export type SwarmServiceState = 'converged' | 'starting' | 'updating' | 'rolling back' | 'rolled back' | 'failing' | 'completed';

/** One task as the view lists it. */
export interface SwarmTaskRow {
  id: string;
  /** The replica's slot (`3`), or for a global service the node it belongs to. */
  slot: string;
  node: string;
  desiredState: string;
  state: string;
  /** "16 seconds ago", as docker printed it. */
  since: string;
  /** Seconds since it entered its state, from `since` (coarse: "About an hour ago" is 3600). */
  ageSeconds?: number;
  error: string;
  image: string;
  /** True when Swarm wants this task running (the replica now); false for history. */
  current: boolean;
}

/** One service of the stack. */
export interface SwarmServiceRow {
  id: string;
  /** `<stack>_<key>`. */
  name: string;
  /** The compose key: the name without the stack prefix. */
  shortName: string;
  mode: 'replicated' | 'global' | 'job';
  running: number;
  desired: number;
  state: SwarmServiceState;
  image: string;
  /** Swarm's update message (why it rolled back), when there is one. */
  updateMessage?: string;
  /** Current tasks, then failed history, newest first within each. */
  tasks: SwarmTaskRow[];
  /** Older tasks not listed: shut down normally, or failures beyond the newest few. */
  folded: number;
  /** The newest failure's error, for the description and tooltip. */
  lastError?: string;
}

/** Failed tasks of the history shown per service; older ones are folded. */
export const FAILED_TASKS_SHOWN = 3;
/** A failure newer than this (seconds) makes a service that lacks tasks `failing`, not `starting`. */
export const RECENT_FAILURE_S = 10 * 60;

const FAILED = new Set(['failed', 'rejected']);

/** The rows of a stack's services, sorted by name. */
export function swarmServiceRows(stack: string, services: readonly SwarmService[], tasks: readonly SwarmTask[]): SwarmServiceRow[] {
  const byService = new Map<string, SwarmTask[]>();
  for (const t of tasks) byService.set(t.service, [...(byService.get(t.service) ?? []), t]);
  return [...services]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => serviceRow(stack, s, byService.get(s.name) ?? []));
}

function serviceRow(stack: string, s: SwarmService, tasks: SwarmTask[]): SwarmServiceRow {
  const rows = tasks.map((t) => taskRow(s, t));
  const current = rows.filter((t) => t.current).sort(bySlot);
  const history = rows.filter((t) => !t.current).sort(newestFirst);
  const failures = history.filter((t) => FAILED.has(t.state));
  const shown = failures.slice(0, FAILED_TASKS_SHOWN);
  const job = s.mode === 'replicated-job' || s.mode === 'global-job';
  const mode = job ? 'job' : s.replicas === undefined ? 'global' : 'replicated';
  const running = job ? rows.filter((t) => t.state === 'complete').length : current.filter((t) => t.state === 'running' && (s.image === '' || t.image === s.image)).length;
  const desired = mode === 'replicated' ? (s.replicas ?? 0) : job ? Math.max(s.replicas ?? 0, current.length + running) : current.length;
  const lastError = current.find((t) => t.error)?.error ?? failures[0]?.error;
  const row: SwarmServiceRow = {
    id: s.id,
    name: s.name,
    shortName: s.name.startsWith(`${stack}_`) ? s.name.slice(stack.length + 1) : s.name,
    mode,
    running,
    desired,
    state: stateOf(s, running, desired, current, failures, job),
    image: s.image,
    tasks: [...current, ...shown],
    folded: history.length - shown.length,
  };
  if (s.updateMessage) row.updateMessage = s.updateMessage;
  if (lastError) row.lastError = lastError;
  return row;
}

function stateOf(s: SwarmService, running: number, desired: number, current: SwarmTaskRow[], failures: SwarmTaskRow[], job: boolean): SwarmServiceState {
  switch (s.updateState) {
    case 'updating':
      return 'updating';
    case 'rollback_started':
      return 'rolling back';
    case 'paused':
    case 'rollback_paused':
      // Swarm stopped the update (or the rollback) after failures: it waits for a person.
      return 'failing';
  }
  if (job && running >= desired) return 'completed';
  const recentFailure = failures.some((t) => t.ageSeconds === undefined || t.ageSeconds <= RECENT_FAILURE_S) || current.some((t) => t.error !== '');
  if (running < desired) return recentFailure ? 'failing' : 'starting';
  return s.updateState === 'rollback_completed' ? 'rolled back' : 'converged';
}

function taskRow(s: SwarmService, t: SwarmTask): SwarmTaskRow {
  const dot = t.name.lastIndexOf('.');
  const slot = dot > 0 ? t.name.slice(dot + 1) : '';
  const row: SwarmTaskRow = {
    id: t.id,
    // A global service's task is named after its node's ID: the node's name says more.
    slot: s.replicas === undefined && t.node ? t.node : slot,
    node: t.node ?? '',
    desiredState: t.desiredState,
    state: t.state,
    since: t.since ?? '',
    error: t.error,
    image: t.image,
    current: t.desiredState === 'running',
  };
  const age = ageSeconds(t.since ?? '');
  if (age !== undefined) row.ageSeconds = age;
  return row;
}

function bySlot(a: SwarmTaskRow, b: SwarmTaskRow): number {
  const n = Number(a.slot) - Number(b.slot);
  if (!Number.isNaN(n) && n !== 0) return n;
  return a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : newestFirst(a, b);
}

function newestFirst(a: SwarmTaskRow, b: SwarmTaskRow): number {
  return (a.ageSeconds ?? Infinity) - (b.ageSeconds ?? Infinity);
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000, year: 31536000 };

/**
 * Seconds in docker's human durations: "16 seconds ago", "About a minute ago", "less than a
 * second ago", "About an hour ago", "2 weeks ago". Undefined for text it does not know.
 */
export function ageSeconds(since: string): number | undefined {
  const text = since.trim().toLowerCase();
  if (/^less than a second/.test(text)) return 0;
  const m = /^(?:about )?(an?|\d+) (second|minute|hour|day|week|month|year)s? ago$/.exec(text);
  if (!m) return undefined;
  const n = m[1] === 'a' || m[1] === 'an' ? 1 : Number(m[1]);
  return n * UNIT_SECONDS[m[2]!]!;
}

/** `3/3`, or for a job `2/2 done`. */
export function countText(row: SwarmServiceRow): string {
  return `${row.running}/${row.desired}${row.mode === 'job' ? ' done' : ''}`;
}

/** The line after the name: `3/3`, `1/3 · failing: task: non-zero exit (2)`, `2/3 · updating`. */
export function swarmServiceDescription(row: SwarmServiceRow): string {
  const count = countText(row);
  if (row.state === 'converged' || row.state === 'completed') return row.mode === 'global' ? `${count} (global)` : count;
  const why = (row.state === 'failing' || row.state === 'rolled back' || row.state === 'rolling back') && row.lastError ? `: ${row.lastError}` : '';
  return `${count} · ${row.state}${why}`;
}

/** The line of a task: `running 2 minutes ago on vm`, `failed 1 second ago on vm: task: non-zero exit (2)`. */
export function swarmTaskDescription(t: SwarmTaskRow): string {
  const desired = t.desiredState !== 'running' && t.desiredState !== t.state ? ` (desired ${t.desiredState})` : '';
  const when = t.since ? ` ${t.since}` : '';
  const where = t.node ? ` on ${t.node}` : '';
  return `${t.state}${when}${where}${desired}${t.error ? `: ${t.error}` : ''}`;
}
