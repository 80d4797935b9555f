/**
 * Numbered key families: CS_N (+ CS_N_<SUB>), FRONTEND_APP_N_*, REMOTE_SCHEMA_N_*,
 * INTERNAL_ROUTE_N_* (RESEARCH-NOTES §2.4, §4). Patterns are regular-expression sources that a
 * whole value must match; rules compile them once.
 */
import type { FamilySpec, Profile, SubKeySpec } from './types';

/** Custom service names per profile (1.x `sanitize.go`; 0.9 `validate_custom_services`). */
export const CUSTOM_SERVICE_NAME: Readonly<Record<Profile, RegExp>> = {
  '1.x': /^[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]$/,
  '0.9': /^[a-z][a-z0-9_]*$/,
};

/** nself builds CS_1..CS_10; nself-admin alone reads higher numbers. */
export const CUSTOM_SERVICE_MAX = 10;

const LIST_SEP = String.raw`\s*,\s*`;
const ENV_PAIR = String.raw`[A-Za-z_][A-Za-z0-9_]*=[^,]*`;
const DEP = String.raw`[A-Za-z0-9][A-Za-z0-9_.-]*(?::(?:started|healthy|completed))?`;
const VOLUME = String.raw`[^,:\s]+:/[^,:\s]*(?::(?:ro|rw|z|Z|cached|delegated|consistent))?`;
const KEY_NAME = String.raw`[A-Za-z_][A-Za-z0-9_]*`;

/** `^x(,x)*$` for a comma-separated list of `x`. */
function listOf(item: string): string {
  return `^${item}(?:${LIST_SEP}${item})*$`;
}

const ROUTE = '^[a-z0-9.-]+$';
const BOOL_PATTERN = '^(true|false)$';
const INT = '^[0-9]+$';
const SIZE = '^[0-9]+(\\.[0-9]+)?([kKmMgG][bB]?|[bB])?$';
const CPUS = '^[0-9]+(\\.[0-9]+)?$';
const IMAGE = '^[a-zA-Z0-9][a-zA-Z0-9._/:\\-@]*$';

const CS_SUBKEYS: SubKeySpec[] = [
  { name: 'PORT', type: 'port', description: 'Port the service listens on and publishes on 127.0.0.1 (1.x default 8000+N). Overrides the third field of CS_N.' },
  { name: 'ROUTE', type: 'route', pattern: ROUTE, description: 'Route prefix: the service is served at `<route>.<BASE_DOMAIN>`. Wins over the fourth field of CS_N.' },
  { name: 'PUBLIC', type: 'bool', pattern: BOOL_PATTERN, description: 'Give the service an nginx vhost. 1.x default: true when a route is set; 0.9 default: true.' },
  { name: 'WEBSOCKET', type: 'bool', pattern: BOOL_PATTERN, default: 'false', description: 'Add WebSocket upgrade headers and a long read timeout to the vhost (0.9 nginx).' },
  { name: 'MEMORY', type: 'size', pattern: SIZE, description: 'Memory limit, e.g. `256m` (1.x default 256m; 0.9 512M when any limit is set).' },
  { name: 'CPU', type: 'string', pattern: CPUS, description: 'CPU limit, e.g. `0.5`.', default: '0.5' },
  { name: 'REPLICAS', type: 'int', pattern: INT, default: '1', description: 'Number of instances. More than 1 together with a host port cannot work (0.9 aborts the build).' },
  { name: 'HEALTHCHECK', type: 'string', pattern: '^/\\S*$', default: '/health', description: 'HTTP path of the health probe.' },
  { name: 'ENV', type: 'list', pattern: listOf(ENV_PAIR), description: 'Extra environment, `KEY=val,KEY2=val2`; applied last, wins over what nself injects.' },
  { name: 'TABLE_PREFIX', type: 'string', pattern: '^[A-Za-z0-9_]+$', description: 'Passed to the service as TABLE_PREFIX.' },
  { name: 'REDIS_PREFIX', type: 'string', description: 'Redis key prefix (documented; not read by the build).' },
  { name: 'RATE_LIMIT', type: 'int', pattern: INT, description: 'Requests per minute (documented; not read by the build).' },
  { name: 'DEV_DOMAIN', type: 'domain', description: 'Domain in dev (documented; not read by the build).' },
  { name: 'PROD_DOMAIN', type: 'domain', description: 'Domain in prod (documented; not read by the build).' },
  { name: 'PATH', type: 'string', pattern: '^[^\\s]+$', description: 'Build context relative to the project (default `./services/<name>`). Not together with IMAGE.' },
  { name: 'IMAGE', type: 'string', pattern: IMAGE, description: 'Run this pre-built image instead of building. Not together with PATH, DOCKERFILE or BUILD_TARGET.' },
  { name: 'ENV_FILE', type: 'list', pattern: listOf('[^,\\s]+'), description: 'Comma-separated env files relative to the project; later files win.' },
  { name: 'VOLUMES', type: 'list', pattern: listOf(VOLUME), description: 'Volumes, `host:container[:mode],…`; no `..` in relative host paths.' },
  { name: 'DEPENDS_ON', type: 'list', pattern: listOf(DEP), description: 'Services to wait for, `name[:started|healthy|completed],…` (default healthy).' },
  { name: 'NETWORKS', type: 'list', pattern: listOf('[A-Za-z0-9][A-Za-z0-9_.-]*'), description: 'Extra networks; nself enforces the `<PROJECT_NAME>_` prefix.' },
  { name: 'DOCKERFILE', type: 'string', pattern: '^[^\\s]+$', description: 'Dockerfile relative to the build context. Not together with IMAGE.' },
  { name: 'BUILD_TARGET', type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'Multi-stage build target. Not together with IMAGE.' },
  { name: 'COMMAND', type: 'string', description: 'Command, split on whitespace (exec form, no quoting).' },
  { name: 'ENV_PASSTHROUGH', type: 'list', pattern: listOf(KEY_NAME), description: 'Keys of the project env passed through to the service.' },
  { name: 'PORTS', type: 'list', description: 'Extra port mappings (documented).' },
  { name: 'RESTART_POLICY', type: 'string', pattern: '^(no|always|on-failure(:[0-9]+)?|unless-stopped)$', default: 'unless-stopped', description: 'Compose restart policy.' },
];

const FRONTEND_SUBKEYS: SubKeySpec[] = [
  { name: 'NAME', type: 'string', description: 'App id: default route and nginx file name. The app exists when NAME or DISPLAY_NAME is set.' },
  { name: 'DISPLAY_NAME', type: 'string', description: 'Human name of the app.' },
  { name: 'SYSTEM_NAME', type: 'string', description: 'System name of the app (nself-admin).' },
  { name: 'PORT', type: 'port', description: 'Host port the app runs on (default 3000+N-1); nginx proxies to host.docker.internal:<port>.' },
  { name: 'ROUTE', type: 'route', pattern: ROUTE, description: 'Route prefix: `<route>.<BASE_DOMAIN>` (default: the name).' },
  { name: 'FRAMEWORK', type: 'string', description: 'Framework, e.g. nextjs, react, vue.' },
  { name: 'TABLE_PREFIX', type: 'string', pattern: '^[A-Za-z0-9_]+$', description: 'Creates a database schema for the app.' },
  { name: 'IMAGE', type: 'string', pattern: IMAGE, description: 'Container image of the app (1.x).' },
  { name: 'REMOTE_SCHEMA_NAME', type: 'string', description: 'Remote schema name; also adds an API vhost for the app.' },
  { name: 'REMOTE_SCHEMA_URL', type: 'string', description: 'URL of the app\'s remote schema.' },
  { name: 'API_ROUTE', type: 'route', pattern: ROUTE, description: 'Route of the app API (default `api.<name>`).' },
  { name: 'API_PORT', type: 'port', description: 'Host port of the app API (default 4000+N).' },
  { name: 'SUBDOMAIN', type: 'string', description: 'Subdomain shown by `nself urls` (0.9).', profiles: ['0.9'] },
  { name: 'ISOLATE_AUTH', type: 'bool', pattern: BOOL_PATTERN, description: 'Separate Hasura permissions for the app (0.9).', profiles: ['0.9'] },
];

const REMOTE_SCHEMA_SUBKEYS: SubKeySpec[] = [
  { name: 'NAME', type: 'string', description: 'Remote schema name (required).' },
  { name: 'URL', type: 'url', pattern: '^https?://[^/\\s]+', description: 'http(s) URL of the schema.' },
  { name: 'HEADERS', type: 'list', pattern: listOf('[^,:\\s]+:[^,]*'), description: 'Headers, `key:val,key:val`.' },
];

const INTERNAL_ROUTE_SUBKEYS: SubKeySpec[] = [
  { name: 'NAME', type: 'string', description: 'Route name (required).' },
  { name: 'SUBDOMAIN', type: 'route', pattern: ROUTE, description: 'Subdomain (default: the name).' },
  { name: 'TARGET', type: 'string', default: 'hasura:8080', pattern: '^[A-Za-z0-9_.-]+:[0-9]+$', description: 'Upstream `service:port`.' },
  { name: 'RATE_ZONE', type: 'string', default: 'general', pattern: '^(general|graphql_api|auth|uploads|static|webhooks|functions|user_api)$', description: 'nginx rate-limit zone.' },
  { name: 'WEBSOCKET', type: 'bool', pattern: BOOL_PATTERN, description: 'Add WebSocket upgrade headers.' },
];

function forProfile(subKeys: SubKeySpec[], profile: Profile): SubKeySpec[] {
  return subKeys.filter((s) => !s.profiles || s.profiles.includes(profile));
}

/** The four families as one profile sees them. */
export function families(profile: Profile): { customServices: FamilySpec; frontendApps: FamilySpec; remoteSchemas: FamilySpec; internalRoutes: FamilySpec } {
  return {
    customServices: {
      prefix: 'CS_',
      min: 1,
      max: CUSTOM_SERVICE_MAX,
      subKeys: forProfile(CS_SUBKEYS, profile),
      description: 'Custom service `CS_N=name:template[:port][:route]`.',
    },
    frontendApps: {
      prefix: 'FRONTEND_APP_',
      min: 1,
      max: 20,
      subKeys: forProfile(FRONTEND_SUBKEYS, profile),
      description: 'Frontend app N: runs on the host; nginx routes `<route>.<BASE_DOMAIN>` to its port.',
    },
    remoteSchemas: {
      prefix: 'REMOTE_SCHEMA_',
      min: 1,
      max: 10,
      subKeys: forProfile(REMOTE_SCHEMA_SUBKEYS, profile),
      description: 'Remote GraphQL schema N added to Hasura.',
    },
    internalRoutes: {
      prefix: 'INTERNAL_ROUTE_',
      min: 1,
      max: 20,
      subKeys: forProfile(INTERNAL_ROUTE_SUBKEYS, profile),
      description: 'Extra nginx vhost N (`<subdomain>.<BASE_DOMAIN>` → target).',
    },
  };
}
