/**
 * What a container is, as the rest of the product needs it, and what its state means by nself's
 * rules (OPS §2). Pure: the engine adapter (`node/`) or a remote `docker inspect` over ssh turns
 * the engine's JSON into `ContainerSnapshot`s with `snapshotFromInspect`; the services tree, the
 * status bar, `nself-env status` and the deploy health gate all judge them with `containerState`.
 */

/** The engine's own state of a container (`State.Status`). */
export type EngineStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** One line of `State.Health.Log`: the result of one health probe. */
export interface HealthProbe {
  exitCode: number;
  /** What the probe printed (trimmed, at most a few KB). */
  output: string;
  /** ISO time the probe ended. */
  end?: string;
}

export interface SnapshotPort {
  container: number;
  protocol: string;
  /** Published host port, when there is one. */
  host?: number;
  hostIp?: string;
}

/** The parts of `docker inspect` we judge and show. */
export interface ContainerSnapshot {
  id: string;
  /** Without the leading `/`. */
  name: string;
  image: string;
  labels: Readonly<Record<string, string>>;
  /** `com.docker.compose.project`, when set. */
  project?: string;
  /** `com.docker.compose.service` (the compose key), when set. */
  service?: string;
  status: EngineStatus;
  exitCode?: number;
  /** ISO times; Docker reports `0001-01-01T00:00:00Z` for "never", which becomes undefined. */
  startedAt?: string;
  finishedAt?: string;
  /** True when the container has a healthcheck (its own or its image's), not disabled. */
  hasHealthcheck: boolean;
  health?: { status: 'starting' | 'healthy' | 'unhealthy'; failingStreak: number; log: HealthProbe[] };
  /** `HostConfig.RestartPolicy.Name`: `no`, `always`, `unless-stopped`, `on-failure`. */
  restartPolicy?: string;
  ports: SnapshotPort[];
}

/**
 * A service's state as the user reads it. `not-created` is a service the model says should exist
 * whose container was never made; the others follow the engine and the healthcheck.
 */
export type ServiceState =
  | 'healthy'
  | 'running'
  | 'starting'
  | 'unhealthy'
  | 'restarting'
  | 'paused'
  | 'exited'
  | 'created'
  | 'removing'
  | 'dead'
  | 'not-created';

/** What a state means for "is the stack up": ok, not yet (wait), or a failure. */
export type Verdict = 'ok' | 'pending' | 'failed';

/**
 * The state of one container: healthy/unhealthy/starting when it has a healthcheck and runs,
 * `running` when it runs without one, else the engine's status.
 */
export function containerState(c: ContainerSnapshot): ServiceState {
  if (c.status === 'running') {
    if (!c.hasHealthcheck || !c.health) return 'running';
    return c.health.status;
  }
  return c.status;
}

/**
 * nself's judgement of a state (OPS §2): running without a healthcheck and healthy are ok;
 * starting, created and restarting are not yet; unhealthy, dead and an exit are failures, except a
 * one-shot (`restart: "no"`, e.g. `minio-init`) that exited 0, which did its job.
 */
export function verdictOf(state: ServiceState, options: { oneShot?: boolean; exitCode?: number } = {}): Verdict {
  switch (state) {
    case 'healthy':
    case 'running':
      return options.oneShot ? 'pending' : 'ok';
    case 'starting':
    case 'created':
    case 'restarting':
    case 'removing':
      return 'pending';
    case 'exited':
      return options.oneShot && options.exitCode === 0 ? 'ok' : 'failed';
    case 'paused':
    case 'unhealthy':
    case 'dead':
    case 'not-created':
      return 'failed';
  }
}

/** True for a container whose restart policy is `no`: it runs once and exits (init jobs). */
export function isOneShot(c: Pick<ContainerSnapshot, 'restartPolicy'>): boolean {
  return c.restartPolicy === 'no' || c.restartPolicy === '';
}

/** The last health probes' output, newest last, for tooltips and gate reports. */
export function lastHealthOutput(c: ContainerSnapshot, probes = 3): string[] {
  return (c.health?.log ?? []).slice(-probes).map((p) => p.output.trim()).filter(Boolean);
}

const ENGINE_STATUSES = new Set<EngineStatus>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
const HEALTH_STATUSES = new Set(['starting', 'healthy', 'unhealthy']);
/** Health probe output is shown in tooltips and reports: a probe that prints megabytes is cut. */
const MAX_PROBE_OUTPUT = 4096;

/**
 * A snapshot from one element of `docker inspect` output (the Engine API's `ContainerInspect`
 * response has the same shape). Tolerant: a field that is missing or of the wrong type is read as
 * absent, never thrown on, because the JSON may come from any engine version or over ssh.
 */
export function snapshotFromInspect(json: unknown): ContainerSnapshot {
  const o = record(json);
  const state = record(o.State);
  const config = record(o.Config);
  const hostConfig = record(o.HostConfig);
  const labels = stringRecord(config.Labels);
  const rawStatus = str(state.Status);
  const status: EngineStatus = ENGINE_STATUSES.has(rawStatus as EngineStatus) ? (rawStatus as EngineStatus) : state.Running === true ? 'running' : 'exited';
  const healthRecord = state.Health === undefined || state.Health === null ? undefined : record(state.Health);
  const healthStatus = str(healthRecord?.Status);
  const test = Array.isArray(record(config.Healthcheck).Test) ? (record(config.Healthcheck).Test as unknown[]) : undefined;
  const disabled = test !== undefined && test[0] === 'NONE';
  const health =
    healthRecord && HEALTH_STATUSES.has(healthStatus)
      ? {
          status: healthStatus as 'starting' | 'healthy' | 'unhealthy',
          failingStreak: num(healthRecord.FailingStreak) ?? 0,
          log: (Array.isArray(healthRecord.Log) ? healthRecord.Log : []).map((entry) => {
            const e = record(entry);
            return { exitCode: num(e.ExitCode) ?? -1, output: str(e.Output).slice(0, MAX_PROBE_OUTPUT), end: time(e.End) };
          }),
        }
      : undefined;
  return {
    id: str(o.Id),
    name: str(o.Name).replace(/^\//, ''),
    image: str(config.Image) || str(o.Image),
    labels,
    project: labels['com.docker.compose.project'],
    service: labels['com.docker.compose.service'],
    status,
    exitCode: num(state.ExitCode),
    startedAt: time(state.StartedAt),
    finishedAt: time(state.FinishedAt),
    hasHealthcheck: !disabled && (health !== undefined || (test !== undefined && test.length > 0)),
    health,
    restartPolicy: str(record(hostConfig.RestartPolicy).Name) || undefined,
    ports: portsOf(record(record(o.NetworkSettings).Ports)),
  };
}

/** `NetworkSettings.Ports`: `{"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}] | null}`. */
function portsOf(ports: Record<string, unknown>): SnapshotPort[] {
  const out: SnapshotPort[] = [];
  for (const [spec, bindings] of Object.entries(ports)) {
    const [portText, protocol = 'tcp'] = spec.split('/');
    const container = Number(portText);
    if (!Number.isInteger(container)) continue;
    const list = Array.isArray(bindings) ? bindings : [];
    if (list.length === 0) out.push({ container, protocol });
    for (const b of list) {
      const binding = record(b);
      const host = Number(str(binding.HostPort));
      out.push({ container, protocol, host: Number.isInteger(host) && host > 0 ? host : undefined, hostIp: str(binding.HostIp) || undefined });
    }
  }
  return out.sort((a, b) => a.container - b.container || (a.host ?? 0) - (b.host ?? 0));
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** An ISO time, or undefined for Docker's "never" (`0001-01-01T00:00:00Z`) and anything unreadable. */
function time(value: unknown): string | undefined {
  const s = str(value);
  if (!s || s.startsWith('0001-')) return undefined;
  return Number.isNaN(Date.parse(s)) ? undefined : s;
}
