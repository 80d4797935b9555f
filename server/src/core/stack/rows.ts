/**
 * The services view's rows: the service model of the active environment (what should exist) merged
 * with the engine's containers of the project (what does). Pure, so the tree, the status bar and
 * `nself-env status` show the same thing and the merge has its own unit tests.
 */
import type { ServiceKind } from '../catalog/types';
import type { ModelService, Origin, ServiceModel } from '../model/types';
import { containerState, isOneShot, lastHealthOutput, verdictOf, type ContainerSnapshot, type ServiceState, type Verdict } from './containers';

/** Tree groups, in display order. `other` holds containers of the project the model does not know. */
export type RowGroup = ServiceKind | 'other';
export const GROUP_ORDER: readonly RowGroup[] = ['core', 'optional', 'monitoring', 'custom', 'frontend', 'other'];
export const GROUP_TITLES: Record<RowGroup, string> = {
  core: 'Core',
  optional: 'Optional',
  monitoring: 'Monitoring',
  custom: 'Custom services',
  frontend: 'Frontend apps',
  other: 'Other',
};

/** A row's state: a container state, or for a frontend app (not a container) whether its port listens. */
export type RowState = ServiceState | 'listening' | 'not-listening' | 'unknown';

export interface StackRow {
  /** The model id (`api`, `frontend:web`) or `other:<compose service or container name>`. */
  id: string;
  group: RowGroup;
  /** Compose key, frontend name, or the container's service label. */
  name: string;
  title: string;
  state: RowState;
  verdict: Verdict;
  /** True for model services that are containers: they count in "9/11 up" and in the CLI's exit status. */
  shouldRun: boolean;
  /** The containers of this service (replicas), the worst first. */
  containers: ContainerSnapshot[];
  composeKey?: string;
  containerName?: string;
  image?: string;
  hostPort?: number;
  url?: string;
  exitCode?: number;
  /** Last health probe outputs when unhealthy (newest last). Not masked: mask before display. */
  healthOutput: string[];
  /** The env line that declares the service. */
  origin?: Origin;
  /** One line: host port or URL, then uptime or "exited 1 · 3 min ago". */
  description: string;
}

export interface RowOptions {
  /** Now, in ms since the epoch (for "3 min ago"). */
  now: number;
  /** Whether a frontend app's host port listens; undefined when not probed. */
  listening?: (port: number) => boolean | undefined;
}

const VERDICT_RANK: Record<Verdict, number> = { failed: 0, pending: 1, ok: 2 };

/**
 * One row per model service (in the model's order, grouped), plus one per unknown service of the
 * same compose project under `other`. Containers are matched by the compose labels, and by the
 * container name only when a container has no service label (OPS §1).
 */
export function stackRows(model: ServiceModel, containers: readonly ContainerSnapshot[], options: RowOptions): StackRow[] {
  const mine = containers.filter((c) => c.project === undefined ? c.name.startsWith(`${model.projectName}_`) : c.project === model.projectName);
  const claimed = new Set<string>();
  const rows: StackRow[] = [];
  for (const s of model.services) {
    if (s.kind === 'frontend') {
      rows.push(frontendRow(s, options));
      continue;
    }
    const matched = mine.filter((c) => (c.service !== undefined ? c.service === s.composeKey : c.name === s.containerName));
    for (const c of matched) claimed.add(c.id);
    rows.push(serviceRow(s, matched, options));
  }
  const others = new Map<string, ContainerSnapshot[]>();
  for (const c of mine) {
    if (claimed.has(c.id)) continue;
    const key = c.service ?? c.name;
    others.set(key, [...(others.get(key) ?? []), c]);
  }
  for (const [name, list] of [...others].sort(([a], [b]) => a.localeCompare(b))) rows.push(otherRow(name, list, options));
  return rows.sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

function judge(c: ContainerSnapshot, restart?: string): { state: ServiceState; verdict: Verdict } {
  const state = containerState(c);
  const oneShot = isOneShot(c) || restart === 'no';
  return { state, verdict: verdictOf(state, { oneShot, exitCode: c.exitCode }) };
}

/** Replicas: the worst one speaks for the service. */
function worstFirst(list: readonly ContainerSnapshot[], restart?: string): ContainerSnapshot[] {
  return [...list].sort((a, b) => VERDICT_RANK[judge(a, restart).verdict] - VERDICT_RANK[judge(b, restart).verdict] || a.name.localeCompare(b.name));
}

function serviceRow(s: ModelService, matched: ContainerSnapshot[], options: RowOptions): StackRow {
  const sorted = worstFirst(matched, s.restart);
  const first = sorted[0];
  const hostPort = first?.ports.find((p) => p.host)?.host ?? s.ports[0]?.host;
  const url = s.routes[0]?.url;
  const base = {
    id: s.id,
    group: s.kind as RowGroup,
    name: s.composeKey ?? s.id,
    title: s.title,
    shouldRun: true,
    containers: sorted,
    composeKey: s.composeKey,
    containerName: first?.name ?? s.containerName,
    image: first?.image ?? s.image?.value,
    hostPort,
    url,
    origin: s.origin,
  };
  if (!first) {
    return { ...base, state: 'not-created', verdict: 'failed', healthOutput: [], description: describe('not-created', undefined, hostPort, url, options.now) };
  }
  const { state, verdict } = judge(first, s.restart);
  const replicas = sorted.length > 1 ? ` · ${sorted.filter((c) => judge(c, s.restart).verdict === 'ok').length}/${sorted.length} up` : '';
  return {
    ...base,
    state,
    verdict,
    exitCode: state === 'exited' ? first.exitCode : undefined,
    healthOutput: state === 'unhealthy' ? lastHealthOutput(first) : [],
    description: describe(state, first, hostPort, url, options.now) + replicas,
  };
}

function otherRow(name: string, list: ContainerSnapshot[], options: RowOptions): StackRow {
  const sorted = worstFirst(list);
  const first = sorted[0]!;
  const { state, verdict } = judge(first);
  const hostPort = first.ports.find((p) => p.host)?.host;
  return {
    id: `other:${name}`,
    group: 'other',
    name,
    title: name,
    state,
    verdict,
    shouldRun: false,
    containers: sorted,
    composeKey: first.service,
    containerName: first.name,
    image: first.image,
    hostPort,
    exitCode: state === 'exited' ? first.exitCode : undefined,
    healthOutput: state === 'unhealthy' ? lastHealthOutput(first) : [],
    description: describe(state, first, hostPort, undefined, options.now),
  };
}

function frontendRow(s: ModelService, options: RowOptions): StackRow {
  const port = s.ports[0]?.host;
  const listening = port === undefined ? undefined : options.listening?.(port);
  const state: RowState = listening === undefined ? 'unknown' : listening ? 'listening' : 'not-listening';
  const url = s.routes[0]?.url;
  const where = [port !== undefined ? `:${port}` : '', url ?? ''].filter(Boolean).join(' · ');
  const what = state === 'listening' ? 'listening' : state === 'not-listening' ? 'not listening' : '';
  return {
    id: s.id,
    group: 'frontend',
    name: s.frontend?.name ?? s.id,
    title: s.title,
    state,
    // A frontend app runs outside the stack: it never makes the stack "not up".
    verdict: state === 'listening' ? 'ok' : 'pending',
    shouldRun: false,
    containers: [],
    hostPort: port,
    url,
    healthOutput: [],
    origin: s.origin,
    description: [where, what].filter(Boolean).join(' · '),
  };
}

/** `:8001 · up 3 min`, `exited 1 · 3 min ago`, `not created`. */
function describe(state: ServiceState, c: ContainerSnapshot | undefined, hostPort: number | undefined, url: string | undefined, now: number): string {
  const where = hostPort !== undefined ? `:${hostPort}` : url ?? '';
  let when = '';
  switch (state) {
    case 'not-created':
      when = 'not created';
      break;
    case 'exited':
    case 'dead':
      when = `${state === 'dead' ? 'dead' : `exited ${c?.exitCode ?? '?'}`}${c?.finishedAt ? ` · ${ago(c.finishedAt, now)}` : ''}`;
      break;
    case 'running':
    case 'healthy':
      when = c?.startedAt ? `up ${duration(now - Date.parse(c.startedAt))}` : 'up';
      if (state === 'healthy') when += ' · healthy';
      break;
    default:
      when = state;
  }
  const parts = state === 'running' || state === 'healthy' || state === 'unhealthy' || state === 'starting' ? [where, when] : [when];
  return parts.filter(Boolean).join(' · ');
}

/** `3 min ago`, `just now`. */
export function ago(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  return ms < 10_000 ? 'just now' : `${duration(ms)} ago`;
}

/** `45 s`, `3 min`, `2 h`, `4 d`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

export interface StackSummary {
  /** Rows that should run and are ok. */
  up: number;
  /** Rows that should run. */
  total: number;
  /** Rows that should run and failed (pending ones are not failures yet). */
  failed: StackRow[];
  pending: StackRow[];
}

/** "9/11 up": the status bar and the CLI's exit status. */
export function summarize(rows: readonly StackRow[]): StackSummary {
  const should = rows.filter((r) => r.shouldRun);
  return {
    up: should.filter((r) => r.verdict === 'ok').length,
    total: should.length,
    failed: should.filter((r) => r.verdict === 'failed'),
    pending: should.filter((r) => r.verdict === 'pending'),
  };
}

/** Tooltip facts, in order, as label/value pairs (the caller masks and renders them). */
export function rowFacts(row: StackRow): [string, string][] {
  const c = row.containers[0];
  const facts: [string, string][] = [];
  facts.push(['state', row.state + (row.exitCode !== undefined ? ` (exit code ${row.exitCode})` : '')]);
  if (row.image) facts.push(['image', row.image]);
  if (row.containerName) facts.push(['container', row.containerName + (c ? ` (${c.id.slice(0, 12)})` : '')]);
  if (row.composeKey) facts.push(['DNS name', row.composeKey]);
  const ports = (c?.ports ?? []).filter((p) => p.host).map((p) => `${p.hostIp ? p.hostIp + ':' : ''}${p.host} → ${p.container}/${p.protocol}`);
  if (ports.length) facts.push(['ports', ports.join(', ')]);
  else if (row.hostPort !== undefined) facts.push(['port', String(row.hostPort)]);
  if (row.url) facts.push(['route', row.url]);
  if (row.containers.length > 1) facts.push(['replicas', String(row.containers.length)]);
  if (row.origin?.file) facts.push(['declared', `${row.origin.key ? row.origin.key + ' · ' : ''}${row.origin.file}${row.origin.line ? ':' + row.origin.line : ''}`]);
  return facts;
}
