/**
 * What kind of place an environment deploys to: one server running compose (nself's default), a
 * Docker Swarm, or a Kubernetes cluster. Read from the same files as the deploy target itself:
 *
 * - 0.9: `.environments/<env>/server.json`, key `"orchestrator": "swarm" | "kubernetes"` (absent or
 *   `"compose"` = one server), with `"kube_context"`, `"namespace"`, `"docker_context"`,
 *   `"docker_host"` and `"endpoint_mode"` beside it.
 * - 1.x: `.nself/control-plane.yaml`, the same keys under `environments.<env>`.
 *
 * The parsing is pure (text in, settings out); `orchestratorFor` reads the two files through the
 * project's host, like every other project file. A value we do not know is a problem, never a
 * silent fall back to another kind (deploying to the wrong place is worse than not deploying).
 */
import * as path from 'path';
import { parse } from 'yaml';
import type { Project } from './project';

/** `server`: compose on one machine over ssh; `swarm` and `kubernetes`: orchestrators. */
export type TargetKind = 'server' | 'swarm' | 'kubernetes';

export const TARGET_KINDS: readonly TargetKind[] = ['server', 'swarm', 'kubernetes'];

/** Where and how an environment deploys, as far as the orchestrator is concerned. */
export interface OrchestratorSettings {
  kind: TargetKind;
  /** kubernetes: the kubectl context (default: kubectl's current one). */
  kubeContext?: string;
  /** kubernetes: the namespace (default: the project name). */
  namespace?: string;
  /** swarm: a docker context naming the manager (default: the target's ssh host, else the local engine). */
  dockerContext?: string;
  /** swarm: a docker endpoint (`ssh://user@host`, `tcp://…`, `unix://…`) instead of a context. */
  dockerHost?: string;
  /** swarm: see `GenerateOptions.endpointMode` (default `dnsrr`). */
  endpointMode?: 'dnsrr' | 'vip';
  /** Where the settings came from, for messages. */
  source?: string;
  /** Values that could not be used; a non-empty list means the target must not be deployed to. */
  problems: string[];
}

/** The keys read here, in a server.json object or an environment of control-plane.yaml. */
export const ORCHESTRATOR_KEYS: readonly string[] = ['orchestrator', 'kube_context', 'namespace', 'docker_context', 'docker_host', 'endpoint_mode'];

const KIND_ALIASES: Record<string, TargetKind> = {
  compose: 'server',
  server: 'server',
  swarm: 'swarm',
  'docker-swarm': 'swarm',
  kubernetes: 'kubernetes',
  k8s: 'kubernetes',
};

/** A kube context, docker context or namespace: one line, no spaces, nothing a shell would read. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,252}$/;
/** A Kubernetes namespace: a DNS-1123 label. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The settings in one object (a parsed server.json, or one environment of control-plane.yaml). */
export function orchestratorFromObject(data: unknown, source?: string): OrchestratorSettings {
  const out: OrchestratorSettings = { kind: 'server', problems: [], ...(source ? { source } : {}) };
  if (!data || typeof data !== 'object' || Array.isArray(data)) return out;
  const o = data as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      out.problems.push(`${key} must be a string`);
      return undefined;
    }
    return v.trim();
  };
  const kind = text('orchestrator');
  if (kind !== undefined && kind !== '') {
    const known = KIND_ALIASES[kind.toLowerCase()];
    if (known) out.kind = known;
    else out.problems.push(`orchestrator must be one of compose, swarm, kubernetes (found ${JSON.stringify(kind.slice(0, 40))})`);
  }
  const kubeContext = text('kube_context');
  if (kubeContext) {
    if (NAME.test(kubeContext)) out.kubeContext = kubeContext;
    else out.problems.push('kube_context must be a context name (no spaces or quotes)');
  }
  const namespace = text('namespace');
  if (namespace) {
    if (NAMESPACE.test(namespace)) out.namespace = namespace;
    else out.problems.push('namespace must be a DNS label (lowercase letters, digits and -, at most 63)');
  }
  const dockerContext = text('docker_context');
  if (dockerContext) {
    if (NAME.test(dockerContext)) out.dockerContext = dockerContext;
    else out.problems.push('docker_context must be a context name (no spaces or quotes)');
  }
  const dockerHost = text('docker_host');
  if (dockerHost) {
    if (/^(unix|tcp|ssh):\/\/[^\s'"`$;&|<>]+$/.test(dockerHost)) out.dockerHost = dockerHost;
    else out.problems.push('docker_host must be a unix://, tcp:// or ssh:// endpoint');
  }
  const endpointMode = text('endpoint_mode');
  if (endpointMode) {
    if (endpointMode === 'dnsrr' || endpointMode === 'vip') out.endpointMode = endpointMode;
    else out.problems.push('endpoint_mode must be dnsrr or vip');
  }
  return out;
}

/** The settings in a server.json text (0.9). Invalid JSON reads as a plain server: serverJson.ts reports it. */
export function orchestratorFromServerJson(text: string | undefined): OrchestratorSettings {
  if (text === undefined) return { kind: 'server', problems: [] };
  try {
    return orchestratorFromObject(JSON.parse(text), 'server.json');
  } catch {
    return { kind: 'server', problems: [] };
  }
}

/** nself's spelling of environment names in control-plane.yaml: `production` is `prod`. */
function aliases(env: string): string[] {
  return env === 'prod' || env === 'production' ? ['prod', 'production'] : [env];
}

/** The settings of one environment in a control-plane.yaml text (1.x); undefined when it does not name it. */
export function orchestratorFromControlPlane(text: string | undefined, env: string): OrchestratorSettings | undefined {
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 50 });
  } catch {
    return undefined;
  }
  const envs = (data as { environments?: unknown } | null)?.environments;
  if (!envs || typeof envs !== 'object' || Array.isArray(envs)) return undefined;
  for (const name of aliases(env)) {
    if (Object.prototype.hasOwnProperty.call(envs, name)) {
      return orchestratorFromObject((envs as Record<string, unknown>)[name], `.nself/control-plane.yaml (environments.${name})`);
    }
  }
  return undefined;
}

/**
 * The settings of a deploy target or environment of `project`: its `.environments/<name>/server.json`
 * first (0.9), else `.nself/control-plane.yaml` (1.x), else a plain server.
 */
export function orchestratorFor(project: Project, name: string): OrchestratorSettings {
  const dir = path.join(project.root, '.environments', name);
  const serverJson = project.host.readText(path.join(dir, 'server.json'));
  if (serverJson !== undefined) return orchestratorFromServerJson(serverJson);
  const controlPlane = orchestratorFromControlPlane(project.host.readText(path.join(project.root, '.nself', 'control-plane.yaml')), name);
  return controlPlane ?? { kind: 'server', problems: [] };
}

/**
 * The deploy target an effective config is built for: the folder of its `target` layer (a config of
 * `.environments/<name>/`), else the environment's own name.
 */
export function targetNameOf(config: { env: string; layers: readonly { path: string; role: string }[] }): string {
  const layer = config.layers.find((l) => l.role === 'target' || l.role === 'target-secrets');
  return layer ? path.basename(path.dirname(layer.path)) : config.env;
}
