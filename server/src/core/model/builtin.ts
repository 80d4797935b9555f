/**
 * Built-in services in the model: which ones the flags switch on, and each one's image, ports,
 * routes, healthcheck and environment, all read from catalog data.
 */
import { PGVECTOR_IMAGE, PROD_ENVIRONMENT, PUBLIC_PORT_SERVICES } from '../catalog/services';
import type { BuiltinService } from '../catalog/types';
import { expandTemplate, type ModelContext } from './context';
import type { ModelHealthcheck, ModelPort, ModelRoute, ModelService, Origin, Sourced } from './types';

const LOCALHOST = '127.0.0.1';

/** Whether a built-in service runs, and the line that decided it. */
export interface Enablement {
  on: boolean;
  origin: Origin;
}

/** Decides every built-in service in catalog order (so `requires` sees redis before its exporter). */
export function enabledServices(ctx: ModelContext): Map<string, Origin> {
  const enabled = new Map<string, Origin>();
  for (const service of ctx.catalog.services) {
    const e = enablement(service, ctx, enabled);
    if (e.on) enabled.set(service.key, e.origin);
  }
  return enabled;
}

function enablement(service: BuiltinService, ctx: ModelContext, enabled: ReadonlyMap<string, Origin>): Enablement {
  const rule = service.enabled;
  const off: Enablement = { on: false, origin: ctx.origin(rule.flag) };
  if (service.deploy === 'never' && ctx.tier !== 'dev') return off;
  if (service.deploy === 'not-prod' && ctx.tier === 'prod') return off;
  if (rule.requires && !enabled.has(rule.requires)) return off;

  let on = ctx.config.flag(rule.flag, rule.default);
  let origin: Origin = ctx.has(rule.flag) ? ctx.origin(rule.flag) : { key: rule.flag, isDefault: true };
  if (on && rule.when) {
    const choice = ctx.value(rule.when.key) || rule.when.default;
    on = choice === rule.when.equals;
  }
  // A bundle or alias flag switches the service on whatever its own flag says
  // (MONITORING_ENABLED for each member, STORAGE_ENABLED for MinIO, the legacy search flags).
  if (!on) {
    for (const flag of rule.alsoBy ?? []) {
      if (ctx.config.flag(flag, false)) {
        on = true;
        origin = ctx.origin(flag);
        break;
      }
    }
  }
  return on ? { on, origin } : off;
}

/** `repo:tag` with the tag replaced; a digest or registry port is left alone. */
function withTag(image: string, tag: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repo = colon > slash ? image.slice(0, colon) : image;
  return `${repo}:${tag}`;
}

function imageOf(service: BuiltinService, ctx: ModelContext): Sourced<string> {
  const { imageKey, versionKey } = service.image;
  if (imageKey && ctx.has(imageKey)) return { value: ctx.value(imageKey)!, origin: ctx.origin(imageKey) };
  if (service.key === 'postgres') {
    const pgvector = PGVECTOR_IMAGE[ctx.profile];
    if (pgvector) {
      if (ctx.config.flag('PGVECTOR_ENABLED', false)) return { value: pgvector, origin: ctx.origin('PGVECTOR_ENABLED') };
      const extensions = ctx.value('POSTGRES_EXTENSIONS') ?? '';
      if (extensions.split(',').some((e) => e.trim() === 'pgvector' || e.trim() === 'vector')) {
        return { value: pgvector, origin: ctx.origin('POSTGRES_EXTENSIONS') };
      }
    }
  }
  if (versionKey && ctx.has(versionKey)) return { value: withTag(service.image.default, ctx.value(versionKey)!), origin: ctx.origin(versionKey) };
  return { value: service.image.default, origin: { key: imageKey ?? versionKey, isDefault: true } };
}

/** Host-port bind address: 127.0.0.1 in dev and for everything but nginx elsewhere. */
function bindOf(serviceKey: string, ctx: ModelContext): string | undefined {
  if (!PUBLIC_PORT_SERVICES.has(serviceKey)) return LOCALHOST;
  const override = ctx.value('NGINX_BIND_IP');
  if (override) return override === '0.0.0.0' ? undefined : override;
  return ctx.tier === 'dev' ? LOCALHOST : undefined;
}

function portsOf(service: BuiltinService, ctx: ModelContext): ModelPort[] {
  const bind = bindOf(service.key, ctx);
  return service.ports.map((p) => {
    const set = p.key !== undefined && ctx.has(p.key);
    const port: ModelPort = {
      host: p.key ? ctx.port(p.key, p.default) : p.default,
      container: p.container,
      name: p.name,
      origin: set ? ctx.origin(p.key!) : { key: p.key, isDefault: true },
    };
    if (bind) port.bind = bind;
    return port;
  });
}

function routesOf(service: BuiltinService, ctx: ModelContext): ModelRoute[] {
  return service.routes.map((r) => {
    const key = [r.key, ...(r.aliases ?? [])].find((k) => ctx.has(k));
    const value = key ? ctx.value(key)! : r.default;
    const origin = key ? ctx.origin(key) : { key: r.key, isDefault: true };
    return ctx.route(value, `${service.key}:${r.port}`, false, origin);
  });
}

function healthcheckOf(service: BuiltinService, ctx: ModelContext): ModelHealthcheck | undefined {
  if (!service.healthcheck) return undefined;
  const test = service.healthcheck.map((part) => expandTemplate(part, ctx.lookup));
  return service.key === 'postgres'
    ? { test, interval: '10s', timeout: '5s', retries: 5 }
    : { test, interval: '30s', timeout: '10s', retries: 5, startPeriod: '30s' };
}

function environmentOf(service: BuiltinService, ctx: ModelContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, template] of Object.entries(service.environment ?? {})) env[name] = expandTemplate(template, ctx.lookup);
  if (ctx.tier === 'prod') Object.assign(env, PROD_ENVIRONMENT[service.key]);
  return env;
}

/** The model entry of one enabled built-in service. */
export function builtinModel(service: BuiltinService, ctx: ModelContext, enabled: ReadonlyMap<string, Origin>, withRoutes: boolean): ModelService {
  const model: ModelService = {
    id: service.key,
    kind: service.kind,
    title: service.title,
    composeKey: service.key,
    containerName: `${ctx.project}_${service.containerSuffix}`,
    image: imageOf(service, ctx),
    ports: portsOf(service, ctx),
    routes: withRoutes ? routesOf(service, ctx) : [],
    environment: environmentOf(service, ctx),
    dependsOn: (service.dependsOn ?? [])
      .filter((d) => enabled.has(d))
      .map((d) => ({ service: d, condition: d === 'postgres' ? 'service_healthy' : 'service_started' })),
    volumes: service.volumes ? [...service.volumes] : [],
    restart: 'unless-stopped',
    origin: enabled.get(service.key)!,
  };
  const healthcheck = healthcheckOf(service, ctx);
  if (healthcheck) model.healthcheck = healthcheck;
  if (service.command) model.command = [...service.command];
  if (service.build && model.image) {
    // Built locally on top of the catalog image; no `image:` so the build never retags upstream.
    const { build } = service;
    model.build = { context: build.context, args: { [build.baseImageArg]: model.image.value }, scaffold: build.files, origin: model.image.origin };
    delete model.image;
  }
  return model;
}
