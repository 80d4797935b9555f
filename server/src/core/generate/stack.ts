import type { ModelHealthcheck, ModelService, ServiceModel } from '../model/types';
import { hashHeader } from './header';
import { stringifyYaml } from './yaml11';
import { containerServices, planVariables } from './secretEnv';
import { composeEnvironment, composeHealthcheck, forCompose, hideSecrets, namedVolumes, orderedServices, quoted, type ServiceContext } from './compose';
import { k8sName, seconds } from './kubernetes';
import { DEFAULT_ENV_FILE, type GenerateOptions } from './types';

/** Where `generate(model, 'stack')` writes the stack file. */
export const STACK_FILE = 'docker-stack.yml';

/** How a swarm service is reached; see `GenerateOptions.endpointMode`. */
export type EndpointMode = NonNullable<GenerateOptions['endpointMode']>;

/** Options for `generateStack`. */
export type StackOptions = GenerateOptions;

/**
 * The Docker Swarm stack file for the model (`docker stack deploy -c docker-stack.yml <project>`):
 * the compose file's services without `container_name` (a replica would collide with it), each with
 * a `deploy:` section: replicas, resource limits, a restart policy, and rolling updates that Swarm
 * rolls back by itself when a new task fails within the monitor window (healthchecks are kept, so
 * "fails" includes "never becomes healthy").
 *
 * Secrets stay out of the file, as in docker-compose.yml: they are `${VAR}` references that
 * `docker stack deploy` fills from its own environment, which the deploy sets from the env
 * snapshot (never from a shell). Ports bound to 127.0.0.1 are not published: Swarm cannot bind
 * one address and would open them on every interface.
 */
export function generateStack(model: ServiceModel, opts: StackOptions = {}): string {
  const envFile = opts.envFileName ?? DEFAULT_ENV_FILE;
  const mode = opts.endpointMode ?? 'dnsrr';
  const plan = planVariables(model);
  const present = new Set(containerServices(model).map((s) => s.composeKey as string));
  const loopback: string[] = [];

  const services: Record<string, unknown> = {};
  for (const s of orderedServices(model)) {
    const key = s.composeKey as string;
    const ctx: ServiceContext = { refs: plan.refs.get(key) ?? new Map(), secrets: plan.values, present, envFile, hostAlias: false };
    services[key] = stackService(model, s, ctx, mode, loopback);
  }

  const doc: Record<string, unknown> = {
    // docker stack deploy still reads the version to pick its schema; 3.8 has every key we write.
    version: '3.8',
    services,
    // No `name:`: Swarm prefixes the stack name, so this never meets the single-server bridge network.
    networks: { [model.network]: { driver: 'overlay', attachable: true } },
  };
  const volumes = namedVolumes(model);
  if (volumes.length > 0) doc.volumes = Object.fromEntries(volumes.map((v) => [v, {}]));

  let usage =
    `# Run: docker stack deploy --with-registry-auth --detach=false -c ${STACK_FILE} ${stackName(model)}\n` +
    `#   with the values of ${envFile} in the environment of that command (nself-env deploy does this).\n` +
    `# Services built from source need their image built and pushed where every node can pull it.\n`;
  if (loopback.length > 0) usage += `# Not published (bound to 127.0.0.1 in docker-compose.yml, Swarm cannot bind one address): ${loopback.join(', ')}\n`;
  return hashHeader(model, opts) + usage + '\n' + stringifyYaml(forCompose(doc));
}

/** The stack (and namespace) name for the project: what `docker stack deploy` accepts. */
export function stackName(model: ServiceModel): string {
  return k8sName(model.projectName).replace(/-/g, '_');
}

/** The image a service runs: its own, or the tag its build makes. */
export function stackImage(model: ServiceModel, s: ModelService): string {
  return s.image?.value ?? `${k8sName(model.projectName)}-${k8sName(s.composeKey as string)}:latest`;
}

function stackService(model: ServiceModel, s: ModelService, ctx: ServiceContext, mode: EndpointMode, loopback: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const replicas = s.resources?.replicas ?? 1;

  out.image = stackImage(model, s);
  if (s.build) {
    // Ignored by `docker stack deploy`; kept so `docker compose -f docker-stack.yml build` makes the image.
    const build: Record<string, unknown> = { context: s.build.context };
    if (s.build.dockerfile) build.dockerfile = s.build.dockerfile;
    if (s.build.target) build.target = s.build.target;
    if (s.build.args && Object.keys(s.build.args).length > 0) build.args = { ...s.build.args };
    out.build = build;
  }
  if (s.command && s.command.length > 0) out.command = s.command.map((c) => hideSecrets(c, ctx));
  const environment = composeEnvironment(model, s, ctx);
  if (environment) out.environment = environment;

  const ports: Record<string, unknown>[] = [];
  for (const p of s.ports) {
    if (p.bind && p.bind !== '0.0.0.0') {
      loopback.push(`${s.composeKey}:${p.container}`);
      continue;
    }
    const port: Record<string, unknown> = { target: p.container };
    // Replicas on one node cannot share a host port: let the engine pick one per task.
    if (!(mode === 'dnsrr' && replicas > 1)) port.published = p.host;
    port.protocol = 'tcp';
    port.mode = mode === 'dnsrr' ? 'host' : 'ingress';
    ports.push(port);
  }
  if (ports.length > 0) out.ports = ports;
  if (s.volumes.length > 0) out.volumes = [...s.volumes];
  out.networks = [model.network];
  if (s.healthcheck) out.healthcheck = composeHealthcheck(s.healthcheck, ctx);
  out.deploy = deploySection(s, replicas, mode);

  const labels: Record<string, string> = { 'nself.kind': s.kind };
  if (s.custom) labels['nself.template'] = s.custom.template;
  out.labels = labels;
  return out;
}

function deploySection(s: ModelService, replicas: number, mode: EndpointMode): Record<string, unknown> {
  const deploy: Record<string, unknown> = { mode: 'replicated', replicas, endpoint_mode: mode };
  const limits: Record<string, unknown> = {};
  if (s.resources?.memory !== undefined) limits.memory = s.resources.memory;
  if (s.resources?.cpus !== undefined) limits.cpus = quoted(s.resources.cpus);
  if (Object.keys(limits).length > 0) deploy.resources = { limits };
  deploy.restart_policy = restartPolicy(s.restart);

  // Two tasks of a service that owns a named volume must never run at once (two postgres on one
  // data folder), and a new task cannot bind a fixed host port the old one holds: stop the old one
  // first. Other services start the new task first, so they never go down during an update.
  const ownsVolume = s.volumes.some((v) => /^[A-Za-z0-9][A-Za-z0-9_.-]*:/.test(v));
  const fixedHostPort = mode === 'dnsrr' && replicas <= 1 && s.ports.some((p) => !p.bind || p.bind === '0.0.0.0');
  const order = ownsVolume || fixedHostPort ? 'stop-first' : 'start-first';
  const monitor = `${monitorSeconds(s.healthcheck)}s`;
  deploy.update_config = { parallelism: 1, delay: '5s', order, failure_action: 'rollback', monitor };
  deploy.rollback_config = { parallelism: 1, order, failure_action: 'pause', monitor };

  const labels: Record<string, string> = { 'nself.kind': s.kind };
  if (s.custom) labels['nself.template'] = s.custom.template;
  deploy.labels = labels;
  return deploy;
}

/** Compose's `restart:` is ignored by Swarm; its restart policy says the same thing. */
function restartPolicy(restart: string | undefined): Record<string, unknown> {
  if (restart === 'no' || restart === '"no"') return { condition: 'none' };
  if (restart?.startsWith('on-failure')) {
    const max = Number(restart.split(':')[1]);
    return Number.isInteger(max) && max > 0 ? { condition: 'on-failure', max_attempts: max } : { condition: 'on-failure' };
  }
  return { condition: 'any' };
}

/**
 * How long Swarm watches a new task once it runs before it counts the update as done. A task with
 * a healthcheck only counts as running once healthy, so a task that never gets healthy fails the
 * update anyway; the window is for one that turns unhealthy or crashes soon after: start period +
 * interval × (retries + 1), at least 10 s. Without a healthcheck, nself's own gate: 30 s running.
 */
export function monitorSeconds(h: ModelHealthcheck | undefined): number {
  if (!h) return 30;
  const total = seconds(h.startPeriod ?? '0s', 0) + seconds(h.interval, 30) * (h.retries + 1);
  return Math.max(10, Math.min(total, 600));
}
