/**
 * Docker Swarm as a deploy target, as pure logic: the docker CLI argument lists the deploy runs,
 * and the health gate judged from what `docker service inspect` and `docker service ps` print.
 * The node adapter (`node/swarm/`) runs these lists and feeds the output back; nothing here runs
 * a program, reads a file or looks at the clock.
 *
 * The gate follows nself's single-server gate (OPS §2) at the level of Swarm: a service passes
 * when as many tasks run as it wants (a task with a healthcheck only counts as running once
 * healthy: Swarm keeps it `starting` until then), fails when Swarm rolled its update back (it
 * does so by itself: the stack file says `failure_action: rollback`), and the report names the
 * task that failed and Swarm's reason.
 */
import type { ServerTarget } from '../deploy/targets';

/** How the docker CLI reaches the manager: a context name, or an endpoint (`unix://`, `ssh://user@host`, `tcp://`). */
export type SwarmEndpoint = { context: string } | { host: string } | Record<string, never>;

/** Where the docker CLI reaches a target's manager: its docker_host, its docker_context, else ssh to its host. */
export function swarmEndpointOf(target: ServerTarget): SwarmEndpoint {
  const o = target.orchestrator;
  if (o?.dockerHost) return { host: o.dockerHost };
  if (o?.dockerContext) return { context: o.dockerContext };
  return { host: `ssh://${target.user ? `${target.user}@` : ''}${target.host}${target.port && target.port !== 22 ? `:${target.port}` : ''}` };
}

/** The endpoint in words, for messages. */
export function endpointName(endpoint: SwarmEndpoint): string {
  if ('context' in endpoint && endpoint.context) return `docker context ${endpoint.context}`;
  if ('host' in endpoint && endpoint.host) return endpoint.host;
  return 'the default docker engine';
}

/** The docker CLI's global options for an endpoint. */
export function dockerGlobalArgs(endpoint: SwarmEndpoint): string[] {
  if ('context' in endpoint && endpoint.context) return ['--context', endpoint.context];
  if ('host' in endpoint && endpoint.host) return ['-H', endpoint.host];
  return [];
}

/** A stack name docker accepts (it becomes a prefix of every service and network name). */
export function isStackName(name: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/.test(name);
}

function checkStack(stack: string): void {
  if (!isStackName(stack)) throw new Error(`not a stack name: ${JSON.stringify(stack.slice(0, 80))}`);
}

/**
 * `docker stack deploy` as the pipeline runs it: the registry credentials go to the nodes (a
 * private image otherwise fails on every node but the manager), and `--detach=false` waits until
 * the services converge (or Swarm has rolled them back) and streams that progress. The secret
 * values are not in the file: the caller puts the env snapshot into the command's environment.
 */
export function stackDeployArgv(endpoint: SwarmEndpoint, stackFile: string, stack: string): string[] {
  checkStack(stack);
  return ['docker', ...dockerGlobalArgs(endpoint), 'stack', 'deploy', '--with-registry-auth', '--detach=false', '-c', stackFile, stack];
}

/** The IDs of the stack's services, one per line. */
export function stackServiceIdsArgv(endpoint: SwarmEndpoint, stack: string): string[] {
  checkStack(stack);
  return ['docker', ...dockerGlobalArgs(endpoint), 'service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`];
}

/** Full JSON of services (an array), for desired replicas, image, update status. */
export function serviceInspectArgv(endpoint: SwarmEndpoint, serviceIds: readonly string[]): string[] {
  return ['docker', ...dockerGlobalArgs(endpoint), 'service', 'inspect', ...serviceIds];
}

/** Every task of the services, current and past, one JSON object per line. */
export function servicePsArgv(endpoint: SwarmEndpoint, serviceIds: readonly string[]): string[] {
  return ['docker', ...dockerGlobalArgs(endpoint), 'service', 'ps', '--no-trunc', '--format', '{{json .}}', ...serviceIds];
}

/** The logs of one service across all its tasks, each line with its task and a timestamp. */
export function serviceLogsArgv(endpoint: SwarmEndpoint, service: string, opts: { follow?: boolean; tail?: number } = {}): string[] {
  const args = ['docker', ...dockerGlobalArgs(endpoint), 'service', 'logs', '--timestamps', '--no-trunc'];
  if (opts.tail !== undefined) args.push('--tail', String(opts.tail));
  if (opts.follow) args.push('--follow');
  return [...args, service];
}

/** Removes the stack's services and networks (volumes stay). */
export function stackRemoveArgv(endpoint: SwarmEndpoint, stack: string): string[] {
  checkStack(stack);
  return ['docker', ...dockerGlobalArgs(endpoint), 'stack', 'rm', stack];
}

/** One service, as the gate needs it. */
export interface SwarmService {
  id: string;
  /** `<stack>_<compose key>`. */
  name: string;
  /** Replicas wanted; undefined for a global service. */
  replicas?: number;
  /** `replicated`, `global`, `replicated-job` or `global-job` (Spec.Mode). */
  mode?: SwarmServiceMode;
  /** The image of the current spec, without a digest. */
  image: string;
  /** `updating`, `completed`, `paused`, `rollback_started`, `rollback_paused`, `rollback_completed`. */
  updateState?: string;
  updateMessage?: string;
  updateStartedAt?: string;
  /** The restart policy's condition: a `none` service is a one-shot. */
  restartCondition?: string;
  labels: Record<string, string>;
  /** Swarm's object version: it grows on every change of the service (to see what a deploy touched). */
  version?: number;
  updatedAt?: string;
}

export type SwarmServiceMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

/** One task (a replica's container, now or in the past). */
export interface SwarmTask {
  id: string;
  /** `<service>.<slot>`. */
  name: string;
  service: string;
  image: string;
  desiredState: string;
  /** Lowercase: new, pending, assigned, accepted, preparing, starting, running, complete, failed, shutdown, rejected, orphaned, remove. */
  state: string;
  error: string;
  /** The node's host name (`Node` of `docker service ps`); empty for a task not yet assigned. */
  node?: string;
  /** When it entered its state, as docker prints it: "16 seconds ago", "About a minute ago". */
  since?: string;
}

/** An image reference without its `@sha256:` pin (Swarm pins what it resolved). */
export function imageWithoutDigest(image: string): string {
  const at = image.indexOf('@');
  return at < 0 ? image : image.slice(0, at);
}

/** Parses `docker service inspect` output (a JSON array). Throws on output that is not that. */
export function parseServiceInspect(json: string): SwarmService[] {
  const data = JSON.parse(json) as unknown;
  if (!Array.isArray(data)) throw new Error('docker service inspect did not print an array');
  return data.map((raw) => {
    const s = raw as {
      ID: string;
      Spec?: { Name?: string; Labels?: Record<string, string>; Mode?: { Replicated?: { Replicas?: number }; Global?: object; ReplicatedJob?: object; GlobalJob?: object }; TaskTemplate?: { ContainerSpec?: { Image?: string }; RestartPolicy?: { Condition?: string } } };
      UpdateStatus?: { State?: string; Message?: string; StartedAt?: string };
      Version?: { Index?: number };
      UpdatedAt?: string;
    };
    const out: SwarmService = {
      id: s.ID,
      name: s.Spec?.Name ?? s.ID,
      image: imageWithoutDigest(s.Spec?.TaskTemplate?.ContainerSpec?.Image ?? ''),
      labels: s.Spec?.Labels ?? {},
    };
    if (s.Spec?.Mode?.Replicated) out.replicas = s.Spec.Mode.Replicated.Replicas ?? 1;
    const mode = s.Spec?.Mode;
    if (mode) out.mode = mode.Replicated ? 'replicated' : mode.Global ? 'global' : mode.ReplicatedJob ? 'replicated-job' : mode.GlobalJob ? 'global-job' : undefined;
    if (out.mode === undefined) delete out.mode;
    if (s.UpdateStatus?.State) out.updateState = s.UpdateStatus.State;
    if (s.UpdateStatus?.Message) out.updateMessage = s.UpdateStatus.Message;
    if (s.UpdateStatus?.StartedAt) out.updateStartedAt = s.UpdateStatus.StartedAt;
    if (s.Version?.Index !== undefined) out.version = s.Version.Index;
    if (s.UpdatedAt) out.updatedAt = s.UpdatedAt;
    if (s.Spec?.TaskTemplate?.RestartPolicy?.Condition) out.restartCondition = s.Spec.TaskTemplate.RestartPolicy.Condition;
    return out;
  });
}

/** Parses `docker service ps --no-trunc --format '{{json .}}'` output; blank lines are skipped. */
export function parseServicePs(text: string): SwarmTask[] {
  const out: SwarmTask[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    const t = JSON.parse(trimmed) as { ID: string; Name: string; Image: string; Node?: string; DesiredState: string; CurrentState: string; Error: string };
    // `Name` is `<service>.<slot>` for replicated services, `<service>.<node id>` for global ones.
    const name = t.Name.trim().replace(/^\\_\s*/, '');
    const dot = name.lastIndexOf('.');
    out.push({
      id: t.ID,
      name,
      service: dot > 0 ? name.slice(0, dot) : name,
      image: imageWithoutDigest(t.Image),
      desiredState: t.DesiredState.toLowerCase(),
      // "Running 16 seconds ago", "Failed 10 seconds ago": the state is the first word.
      state: (t.CurrentState.split(/\s+/)[0] ?? '').toLowerCase(),
      error: stripQuotes(t.Error ?? ''),
      node: (t.Node ?? '').trim(),
      since: t.CurrentState.trim().split(/\s+/).slice(1).join(' '),
    });
  }
  return out;
}

function stripQuotes(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** What the gate says about one service. */
export interface SwarmServiceVerdict {
  name: string;
  /** `ok`: enough tasks running; `waiting`: not yet; `failed`: Swarm rolled back or paused the update, or a one-shot failed. */
  status: 'ok' | 'waiting' | 'failed';
  desired: number;
  running: number;
  image: string;
  /** True when Swarm rolled this service's update back during this deploy. */
  rolledBack: boolean;
  /** Failed tasks of the image this deploy asked for, newest first, at most 3. */
  taskErrors: { task: string; image: string; state: string; error: string }[];
  /** One line for the report. */
  detail: string;
}

export interface SwarmGateResult {
  /** True when every service is `ok`. */
  passed: boolean;
  /** True when at least one service `failed`: waiting longer will not help. */
  failed: boolean;
  services: SwarmServiceVerdict[];
}

export interface SwarmGateInput {
  services: SwarmService[];
  tasks: SwarmTask[];
  /** Service name → the image this deploy asked for (from the stack file). */
  wanted?: ReadonlyMap<string, string>;
  /** ISO time the deploy started: a rollback that started before it belongs to an older deploy. */
  since?: string;
  /** Services that must exist (from the stack file); a missing one is `waiting`. */
  expected?: readonly string[];
}

const ROLLBACK_STATES = new Set(['rollback_started', 'rollback_paused', 'rollback_completed']);

/** The gate: desired vs running tasks per service, Swarm's rollbacks, and why tasks failed. */
export function judgeSwarmGate(input: SwarmGateInput): SwarmGateResult {
  const byService = new Map<string, SwarmTask[]>();
  for (const t of input.tasks) {
    const list = byService.get(t.service) ?? [];
    list.push(t);
    byService.set(t.service, list);
  }
  const verdicts: SwarmServiceVerdict[] = [];
  const seen = new Set<string>();
  for (const s of [...input.services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    seen.add(s.name);
    verdicts.push(judgeService(s, byService.get(s.name) ?? [], input));
  }
  for (const name of input.expected ?? []) {
    if (!seen.has(name)) verdicts.push({ name, status: 'waiting', desired: 0, running: 0, image: '', rolledBack: false, taskErrors: [], detail: `${name}: not created yet` });
  }
  return { passed: verdicts.length > 0 && verdicts.every((v) => v.status === 'ok'), failed: verdicts.some((v) => v.status === 'failed'), services: verdicts };
}

function judgeService(s: SwarmService, tasks: SwarmTask[], input: SwarmGateInput): SwarmServiceVerdict {
  const wantedImage = input.wanted?.get(s.name);
  const current = tasks.filter((t) => t.desiredState === 'running');
  // Tasks of the spec's image: during a rolling update, old-image tasks still run beside new ones.
  const running = current.filter((t) => t.state === 'running' && (s.image === '' || t.image === s.image)).length;
  const desired = s.replicas ?? current.length;
  const recent = input.since === undefined || (s.updateStartedAt !== undefined && s.updateStartedAt >= input.since);
  const rolledBack = s.updateState !== undefined && ROLLBACK_STATES.has(s.updateState) && recent;
  const failedTasks = tasks.filter((t) => (t.state === 'failed' || t.state === 'rejected') && (!wantedImage || t.image === wantedImage));
  const taskErrors = failedTasks.slice(0, 3).map((t) => ({ task: t.name, image: t.image, state: t.state, error: t.error || `task ${t.state}` }));
  const base = { name: s.name, desired, running, image: s.image, rolledBack, taskErrors };

  if (rolledBack) {
    const why = taskErrors[0] ? `: task ${taskErrors[0].task} (${taskErrors[0].image}) ${taskErrors[0].error}` : s.updateMessage ? `: ${s.updateMessage}` : '';
    const back = s.updateState === 'rollback_completed' ? `rolled back to ${s.image}` : `rolling back (${s.updateState})`;
    return { ...base, status: 'failed', detail: `${s.name}: update failed, Swarm ${back}${why}` };
  }
  if (s.updateState === 'paused' && recent) {
    return { ...base, status: 'failed', detail: `${s.name}: update paused by Swarm${s.updateMessage ? `: ${s.updateMessage}` : ''}` };
  }
  if (s.restartCondition === 'none') {
    // A one-shot: done when its tasks completed; failed when one exited non-zero.
    const done = tasks.filter((t) => t.state === 'complete').length;
    if (taskErrors.length > 0 && done === 0) return { ...base, status: 'failed', detail: `${s.name}: one-shot failed: ${taskErrors[0]!.error}` };
    if (done >= desired || (desired > 0 && running + done >= desired && done > 0)) return { ...base, running: done, status: 'ok', detail: `${s.name}: completed` };
  }
  if (wantedImage && s.image !== wantedImage && s.updateState !== 'updating') {
    return { ...base, status: 'waiting', detail: `${s.name}: runs ${s.image}, waiting for ${wantedImage}` };
  }
  if (running >= desired && s.updateState !== 'updating' && s.updateState !== 'rollback_started') {
    return { ...base, status: 'ok', detail: `${s.name}: ${running}/${desired} running` };
  }
  const starting = current.filter((t) => t.state !== 'running').map((t) => `${t.name} ${t.state}`);
  const last = taskErrors[0] ? ` (last failure: ${taskErrors[0].task} ${taskErrors[0].error})` : '';
  return { ...base, status: 'waiting', detail: `${s.name}: ${running}/${desired} running${starting.length ? `; ${starting.slice(0, 3).join(', ')}` : ''}${last}` };
}

/**
 * Service name → image from a stack file's services (as parsed YAML), for `SwarmGateInput.wanted`.
 * Swarm names a stack's service `<stack>_<key>`.
 */
export function wantedImages(stack: string, stackDoc: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const services = (stackDoc as { services?: Record<string, { image?: unknown }> } | null)?.services ?? {};
  for (const [key, s] of Object.entries(services)) if (typeof s?.image === 'string') out.set(`${stack}_${key}`, s.image);
  return out;
}
