/**
 * Custom services (CS_1..CS_10) in the model, following the 1.x compose conventions: build from
 * `./services/<raw name>` (or run CS_N_IMAGE), port 8000+N unless set, 127.0.0.1 host binding,
 * the injected environment of RESEARCH-NOTES §5.4 [G] with CS_N_ENV on top, depends_on postgres
 * healthy (and redis only when Redis actually runs).
 */
import { buildContext, parseCustomServiceValue } from '../catalog/customService';
import type { TemplateSpec } from '../catalog/types';
import { type ModelContext } from './context';
import type { ModelHealthcheck, ModelService, Origin } from './types';

type Condition = ModelService['dependsOn'][number]['condition'];

const CONDITIONS: Record<string, Condition> = {
  started: 'service_started',
  healthy: 'service_healthy',
  completed: 'service_completed_successfully',
};

/** Anonymous volumes that keep dependency folders out of the dev bind mount, per language. */
const DEV_SHADOW_VOLUMES: Record<string, string[]> = {
  node: ['/app/node_modules', '/app/dist'],
  python: ['/app/.venv', '/app/__pycache__'],
  ruby: ['/app/vendor'],
  php: ['/app/vendor'],
};

/** Resource defaults per profile when any limit is set (1.x parser; 0.9 compose). */
const RESOURCE_DEFAULTS = { '1.x': { memory: '256m', cpus: '0.5' }, '0.9': { memory: '512M', cpus: '0.5' } } as const;

const WHITESPACE = /\s+/;
const DIGITS = /^\d+$/;

function splitList(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item) out.push(item);
  }
  return out;
}

/** `KEY=val,KEY2=val2` → entries; items without `=` are skipped (a rule reports them). */
function parseEnvList(value: string): [string, string][] {
  const out: [string, string][] = [];
  for (const item of splitList(value)) {
    const eq = item.indexOf('=');
    if (eq > 0) out.push([item.slice(0, eq).trim(), item.slice(eq + 1)]);
  }
  return out;
}

function healthcheck(family: string, port: number, path: string): ModelHealthcheck {
  const url = `http://127.0.0.1:${port}${path}`;
  // Python images carry no wget or curl; a urllib probe works in every one of them.
  const test = family === 'python'
    ? ['CMD', 'python', '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=5)`]
    : ['CMD', 'wget', '--no-verbose', '--tries=1', '-O', '/dev/null', url];
  return { test, interval: '30s', timeout: '10s', retries: 3, startPeriod: '60s' };
}

/** The environment nself injects into every custom service (1.x `coreEnvVars`). */
function injectedEnvironment(ctx: ModelContext, enabled: ReadonlyMap<string, Origin>, name: string, port: number, route: string | undefined, tablePrefix: string | undefined): Record<string, string> {
  const get = ctx.lookup;
  const user = get('POSTGRES_USER') || 'postgres';
  const password = get('POSTGRES_PASSWORD');
  const db = get('POSTGRES_DB');
  const env: Record<string, string> = {
    PROJECT_NAME: ctx.project,
    BASE_DOMAIN: ctx.baseDomain,
    ENV: ctx.env,
    POSTGRES_HOST: 'postgres',
    POSTGRES_PORT: '5432',
    POSTGRES_DB: db,
    POSTGRES_USER: user,
    POSTGRES_PASSWORD: password,
    DATABASE_URL: `postgres://${user}:${password}@postgres:5432/${db}?sslmode=disable`,
    HASURA_GRAPHQL_ENDPOINT: 'http://hasura:8080/v1/graphql',
    HASURA_GRAPHQL_ADMIN_SECRET: get('HASURA_GRAPHQL_ADMIN_SECRET'),
    AUTH_SERVER_URL: get('AUTH_SERVER_URL'),
    AUTH_CLIENT_URL: get('AUTH_CLIENT_URL'),
    SERVICE_NAME: name,
    SERVICE_PORT: String(port),
  };
  if (route) env.SERVICE_ROUTE = route;
  if (tablePrefix) env.TABLE_PREFIX = tablePrefix;
  if (enabled.has('redis')) {
    const pw = get('REDIS_PASSWORD');
    env.REDIS_URL = pw ? `redis://:${pw}@redis:6379` : 'redis://redis:6379';
  }
  if (enabled.has('minio')) {
    env.S3_ENDPOINT = 'http://minio:9000';
    env.S3_ACCESS_KEY = get('MINIO_ROOT_USER');
    env.S3_SECRET_KEY = get('MINIO_ROOT_PASSWORD');
    env.S3_BUCKET = get('S3_BUCKET') || get('MINIO_BUCKET') || splitList(get('MINIO_DEFAULT_BUCKETS'))[0] || 'uploads';
  }
  return env;
}

/**
 * The model entry of CS_N, or undefined when CS_N is unset or nself could not build it (bad
 * format, name or port: rules report those). Never throws.
 */
export function customModel(index: number, ctx: ModelContext, enabled: ReadonlyMap<string, Origin>, withRoutes: boolean): ModelService | undefined {
  const key = `CS_${index}`;
  const value = ctx.value(key);
  if (!value) return undefined;
  const parsed = parseCustomServiceValue(value, index, ctx.profile);
  if (!parsed.valid) return undefined;

  const sub = (name: string) => `${key}_${name}`;
  const subValue = (name: string) => ctx.value(sub(name)) || undefined;
  const csOrigin = ctx.origin(key);
  const template: TemplateSpec | undefined = ctx.catalog.templates.get(parsed.template);
  const family = template?.family ?? 'other';
  const raw = parsed.name;

  // Port: CS_N_PORT, else the third field, else 8000+N.
  let port = parsed.effectivePort;
  let portOrigin: Origin = parsed.port !== undefined ? csOrigin : { key, isDefault: true };
  const portOverride = ctx.port(sub('PORT'), 0);
  if (portOverride) {
    port = portOverride;
    portOrigin = ctx.origin(sub('PORT'));
  }

  // Route: CS_N_ROUTE wins over the fourth field (1.x). 0.9 routes every service, by its name.
  let route = subValue('ROUTE');
  let routeOrigin: Origin = route ? ctx.origin(sub('ROUTE')) : csOrigin;
  if (!route && parsed.route) route = parsed.route;
  const publicValue = subValue('PUBLIC');
  const isPublic = publicValue !== undefined ? publicValue === 'true' : ctx.profile === '0.9' || route !== undefined;
  if (isPublic && !route) {
    route = ctx.profile === '0.9' ? raw : parsed.composeName;
    routeOrigin = { key: sub('ROUTE'), isDefault: true };
  }

  const model: ModelService = {
    id: parsed.composeName,
    kind: 'custom',
    title: raw,
    composeKey: parsed.composeName,
    containerName: `${ctx.project}_${raw}`,
    ports: [{ host: port, container: port, bind: '127.0.0.1', name: 'http', origin: portOrigin }],
    routes: [],
    environment: injectedEnvironment(ctx, enabled, raw, port, isPublic ? route : undefined, subValue('TABLE_PREFIX')),
    dependsOn: [],
    volumes: [],
    restart: subValue('RESTART_POLICY') ?? 'unless-stopped',
    origin: csOrigin,
    custom: { index, rawName: raw, template: parsed.template, public: isPublic },
  };
  if (template) {
    model.custom!.language = template.language;
    model.custom!.family = template.family;
    model.custom!.compiled = template.compiled;
  }
  if (isPublic && route && withRoutes) {
    model.routes.push(ctx.route(route, `${parsed.composeName}:${port}`, subValue('WEBSOCKET') === 'true', routeOrigin));
  }

  // Image or build. CS_N_PATH is the build context; the folder keeps the raw name.
  const image = subValue('IMAGE');
  if (image) {
    model.image = { value: image, origin: ctx.origin(sub('IMAGE')) };
  } else {
    const path = subValue('PATH');
    model.build = { context: path ?? buildContext(raw), origin: path ? ctx.origin(sub('PATH')) : csOrigin };
    const dockerfile = subValue('DOCKERFILE');
    const target = subValue('BUILD_TARGET');
    if (dockerfile) model.build.dockerfile = dockerfile;
    if (target) model.build.target = target;
    // Source bind mount in dev for interpreted templates, so edits apply without a rebuild.
    if (ctx.tier === 'dev' && !template?.compiled) {
      model.volumes.push(`${model.build.context}:/app`);
      const shadowKey = template && (template.language === 'ruby' || template.language === 'php') ? template.language : family;
      model.volumes.push(...(DEV_SHADOW_VOLUMES[shadowKey] ?? []));
    }
  }
  const volumes = subValue('VOLUMES');
  if (volumes) for (const v of splitList(volumes)) model.volumes.push(v);

  // Environment: CS_N_ENV last, so it wins.
  const extra = subValue('ENV');
  if (extra) for (const [name, v] of parseEnvList(extra)) model.environment[name] = v;

  model.healthcheck = healthcheck(family, port, subValue('HEALTHCHECK') ?? '/health');

  // depends_on: postgres healthy, redis only when it runs (0.9 always added it and broke compose).
  const seen = new Set<string>();
  const depend = (service: string, condition: Condition) => {
    if (seen.has(service) || service === parsed.composeName) return;
    seen.add(service);
    model.dependsOn.push({ service, condition });
  };
  if (enabled.has('postgres')) depend('postgres', 'service_healthy');
  if (enabled.has('redis')) depend('redis', 'service_healthy');
  const dependsOn = subValue('DEPENDS_ON');
  if (dependsOn) {
    for (const item of splitList(dependsOn)) {
      const colon = item.indexOf(':');
      const name = colon === -1 ? item : item.slice(0, colon);
      const condition = colon === -1 ? 'service_healthy' : CONDITIONS[item.slice(colon + 1)];
      if (name && condition) depend(name, condition);
    }
  }

  const command = subValue('COMMAND');
  if (command) model.command = command.split(WHITESPACE).filter(Boolean);

  const memory = subValue('MEMORY');
  const cpus = subValue('CPU');
  const replicasText = subValue('REPLICAS');
  if (memory || cpus || replicasText) {
    const defaults = RESOURCE_DEFAULTS[ctx.profile];
    const replicas = replicasText && DIGITS.test(replicasText) ? Number(replicasText) : 1;
    model.resources = { memory: memory ?? defaults.memory, cpus: cpus ?? defaults.cpus, replicas };
    // Compose cannot name several containers the same.
    if (replicas > 1) delete model.containerName;
  }
  return model;
}
