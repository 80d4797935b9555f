import { Scalar } from 'yaml';
import type { ModelHealthcheck, ModelService, ServiceModel } from '../model/types';
import type { ServiceKind } from '../catalog/types';
import { hashHeader } from './header';
import { stringifyYaml } from './yaml11';
import { classifyEnvironment, containerServices, MIN_EMBEDDED_SECRET, planVariables } from './secretEnv';
import { DEFAULT_ENV_FILE, type GenerateOptions } from './types';

/** Options for `generateCompose`; see `GenerateOptions`. */
export type ComposeOptions = GenerateOptions;

/** nself's grouping in docker-compose.yml: core, optional, monitoring, then custom services. */
const KIND_ORDER: Record<ServiceKind, number> = { core: 0, optional: 1, monitoring: 2, custom: 3, frontend: 4 };

/** Where containers reach the host (frontend dev servers). Linux needs the `host-gateway` alias. */
const HOST_ALIAS = 'host.docker.internal';

/**
 * docker-compose.yml for the model: one bridge network, explicit container names, secrets as
 * `${VAR}` read from the env file, and nothing that depends on the time or the machine.
 *
 * Written for Compose v2 (`name:` at the top). Compose v1 rejects that key; run v1 with the key
 * removed and `-p <project>` (the tests do exactly that).
 */
export function generateCompose(model: ServiceModel, opts: ComposeOptions = {}): string {
  const envFile = opts.envFileName ?? DEFAULT_ENV_FILE;
  const plan = planVariables(model);
  const present = new Set(containerServices(model).map((s) => s.composeKey as string));
  const needsHostAlias = model.services.some((s) => s.routes.some((r) => r.upstream.startsWith(`${HOST_ALIAS}:`)));

  const services: Record<string, unknown> = {};
  for (const s of orderedServices(model)) {
    const key = s.composeKey as string;
    services[key] = composeService(model, s, {
      refs: plan.refs.get(key) ?? new Map(),
      secrets: plan.values,
      present,
      envFile,
      hostAlias: needsHostAlias && key === 'nginx',
    });
  }

  const doc: Record<string, unknown> = {
    name: model.projectName,
    services,
    networks: { [model.network]: { name: model.network, driver: 'bridge' } },
  };
  const volumes = namedVolumes(model);
  if (volumes.length > 0) doc.volumes = Object.fromEntries(volumes.map((v) => [v, {}]));

  const usage =
    `# Run: docker compose --env-file ${envFile} up -d\n` +
    `# Compose v1 rejects the name: line: remove it and run docker-compose -p ${model.projectName} --env-file ${envFile} up -d\n`;
  return hashHeader(model, opts) + usage + '\n' + stringifyYaml(forCompose(doc));
}

/** Container services grouped by kind, keeping the model's order inside a group. */
export function orderedServices(model: ServiceModel): ModelService[] {
  return containerServices(model)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => KIND_ORDER[a.s.kind] - KIND_ORDER[b.s.kind] || a.i - b.i)
    .map((x) => x.s);
}

export interface ServiceContext {
  refs: Map<string, string>;
  /** variable → secret value, to replace secrets written inside commands and probes. */
  secrets: Map<string, string>;
  present: Set<string>;
  envFile: string;
  hostAlias: boolean;
}

function composeService(model: ServiceModel, s: ModelService, ctx: ServiceContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const replicas = s.resources?.replicas ?? 1;

  if (s.image) out.image = s.image.value;
  if (s.build) {
    const build: Record<string, unknown> = { context: s.build.context };
    if (s.build.dockerfile) build.dockerfile = s.build.dockerfile;
    if (s.build.target) build.target = s.build.target;
    if (s.build.args && Object.keys(s.build.args).length > 0) build.args = { ...s.build.args };
    out.build = build;
  }
  // A fixed container name would make the second replica fail to start.
  if (s.containerName && replicas <= 1) out.container_name = s.containerName;
  out.restart = s.restart ?? 'unless-stopped';
  if (s.command && s.command.length > 0) out.command = s.command.map((c) => hideSecrets(c, ctx));

  const environment = composeEnvironment(model, s, ctx);
  if (environment) out.environment = environment;

  if (s.ports.length > 0) {
    out.ports = s.ports.map((p) => {
      // Replicas cannot share a host port: publish the container port on an ephemeral host port.
      const host = replicas > 1 ? '' : String(p.host);
      const spec = p.bind ? `${p.bind}:${host}:${p.container}` : host ? `${host}:${p.container}` : String(p.container);
      return quoted(spec);
    });
  }
  if (ctx.hostAlias) out.extra_hosts = [quoted(`${HOST_ALIAS}:host-gateway`)];
  if (s.volumes.length > 0) out.volumes = [...s.volumes];
  out.networks = [model.network];

  if (s.healthcheck) out.healthcheck = composeHealthcheck(s.healthcheck, ctx);

  // Only services that exist in this stack: a depends_on on a disabled service stops compose.
  const deps = new Map<string, string>();
  for (const d of s.dependsOn) {
    if (d.service !== s.composeKey && ctx.present.has(d.service) && !deps.has(d.service)) deps.set(d.service, d.condition);
  }
  if (deps.size > 0) {
    out.depends_on = Object.fromEntries([...deps].map(([name, condition]) => [name, { condition }]));
  }

  const r = s.resources;
  if (r && (r.memory !== undefined || r.cpus !== undefined || r.replicas !== undefined)) {
    const deploy: Record<string, unknown> = {};
    if (r.replicas !== undefined) deploy.replicas = r.replicas;
    const limits: Record<string, unknown> = {};
    if (r.memory !== undefined) limits.memory = r.memory;
    if (r.cpus !== undefined) limits.cpus = quoted(r.cpus);
    if (Object.keys(limits).length > 0) deploy.resources = { limits };
    out.deploy = deploy;
  }

  const labels: Record<string, string> = { 'nself.kind': s.kind };
  if (s.custom) labels['nself.template'] = s.custom.template;
  out.labels = labels;
  return out;
}

/** The service's environment: plain values as they are, secrets as `${VAR}` read from the env file. */
export function composeEnvironment(model: ServiceModel, s: ModelService, ctx: ServiceContext): Record<string, unknown> | undefined {
  const env = classifyEnvironment(model, s);
  if (env.length === 0) return undefined;
  return Object.fromEntries(
    env.map((e) => {
      const ref = ctx.refs.get(e.key);
      return [e.key, ref ? new Interpolated(`\${${ref}:?missing from ${ctx.envFile}}`) : e.value];
    }),
  );
}

/** A healthcheck in compose syntax, secrets in its command replaced by their `${VAR}`. */
export function composeHealthcheck(h: ModelHealthcheck, ctx: ServiceContext): Record<string, unknown> {
  const hc: Record<string, unknown> = {
    test: h.test.map((t) => hideSecrets(t, ctx)),
    interval: h.interval,
    timeout: h.timeout,
    retries: h.retries,
  };
  if (h.startPeriod) hc.start_period = h.startPeriod;
  return hc;
}

/** Named volumes: the model's list plus any `name:/path` a service mounts, sorted. */
export function namedVolumes(model: ServiceModel): string[] {
  const names = new Set(model.volumes);
  for (const s of containerServices(model)) {
    for (const v of s.volumes) {
      const source = v.split(':')[0] ?? '';
      if (v.includes(':') && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source)) names.add(source);
    }
  }
  return [...names].sort();
}

/**
 * Text written in Compose's own syntax (a `${VAR}` reference to the env file, with any literal `$`
 * around it already escaped), which `forCompose` leaves as it is.
 */
export class Interpolated {
  constructor(readonly text: string) {}
}

/**
 * A command or probe argument with secrets replaced by their `${VAR}`, so they stay in the env
 * file: an argument that is exactly a secret (redis `--requirepass <pw>`), or contains a secret
 * long enough not to match by chance.
 */
export function hideSecrets(value: string, ctx: ServiceContext): string | Interpolated {
  const secrets = [...ctx.secrets].filter(([, v]) => v.length >= 4).sort(([, a], [, b]) => b.length - a.length || (a < b ? -1 : 1));
  const exact = secrets.find(([, v]) => v === value);
  if (exact) return new Interpolated(`\${${exact[0]}}`);
  const long = secrets.filter(([, v]) => v.length >= MIN_EMBEDDED_SECRET && value.includes(v));
  if (long.length === 0) return value;
  const walk = (text: string, i: number): string => {
    const entry = long[i];
    if (!entry) return escapeDollar(text);
    const [name, secret] = entry;
    return text
      .split(secret)
      .map((part) => walk(part, i + 1))
      .join(`\${${name}}`);
  };
  return new Interpolated(walk(value, 0));
}

/**
 * The document as Compose must read it: Compose interpolates `$` in every string value, so each
 * literal `$` becomes `$$` (an image, a volume, a label or a command from the env files can hold
 * one), except in the references we wrote on purpose. Mapping keys are not interpolated.
 */
export function forCompose(value: unknown): unknown {
  if (typeof value === 'string') return escapeDollar(value);
  if (value instanceof Interpolated) return value.text;
  if (value instanceof Scalar) {
    if (typeof value.value !== 'string') return value;
    const copy = new Scalar(escapeDollar(value.value));
    copy.type = value.type;
    return copy;
  }
  if (Array.isArray(value)) return value.map(forCompose);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forCompose(v)]));
  return value;
}

/** Compose interpolates `$` everywhere; a literal dollar is written `$$`. */
function escapeDollar(value: string): string {
  return value.includes('$') ? value.replace(/\$/g, '$$$$') : value;
}

export function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}
