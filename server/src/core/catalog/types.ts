/**
 * The shape of nself's knowledge: keys, flags, services, templates. The data lives beside this
 * file; rules, the service model, generators and editor features read it and never hard-code it.
 */

/** Which nself CLI behaviour to follow: the Go rewrite (1.x, default) or the Bash CLI (0.9.x). */
export type Profile = '1.x' | '0.9';

export type ServiceKind = 'core' | 'optional' | 'monitoring' | 'custom' | 'frontend';

/** The value type a key expects; rules check values against it. */
export type ValueType = 'string' | 'bool' | 'int' | 'port' | 'url' | 'email' | 'domain' | 'json' | 'list' | 'rate' | 'size' | 'project-name' | 'route';

export interface KeySpec {
  key: string;
  /** A short group name used for completion and symbols, e.g. `Postgres`, `Hasura`, `Core`. */
  group: string;
  description: string;
  default?: string;
  type: ValueType;
  /** Allowed values when the key is an enumeration (e.g. SEARCH_ENGINE). */
  values?: string[];
  secret?: boolean;
  /** Set when the key exists only in one profile. */
  profiles?: Profile[];
  /** The key nself actually reads when this one is a known trap (HASURA_GRAPHQL_DEV_MODE → HASURA_DEV_MODE in 0.9). */
  deprecatedFor?: string;
}

/** A host port a service publishes: env key (if configurable), default host port, container port. */
export interface PortSpec {
  key?: string;
  default: number;
  container: number;
  /** What the port is for, e.g. `http`, `smtp`, `console`. */
  name: string;
}

/** An nginx vhost `<route>.<BASE_DOMAIN>` for a service. */
export interface RouteSpec {
  /** The env key holding the route prefix, e.g. `HASURA_ROUTE`. Other keys nself also reads come in `aliases`. */
  key: string;
  aliases?: string[];
  default: string;
  /** The container port nginx proxies to. */
  port: number;
}

/** When a built-in service is part of the stack. */
export interface EnableRule {
  /** The `*_ENABLED` flag, e.g. `REDIS_ENABLED`. Core services use their own (default true). */
  flag: string;
  default: boolean;
  /** Other flags that switch it on too (STORAGE_ENABLED → minio; MONITORING_ENABLED → each member). */
  alsoBy?: string[];
  /** An extra condition, e.g. SEARCH_ENGINE must equal `typesense`. */
  when?: { key: string; equals: string; default: string };
  /** A service only generated when another one is on (redis-exporter needs redis). */
  requires?: string;
}

export interface BuiltinService {
  /** The compose service key, e.g. `postgres`, `node-exporter`, `nself-admin`. */
  key: string;
  kind: 'core' | 'optional' | 'monitoring';
  title: string;
  description: string;
  enabled: EnableRule;
  /** Default image with tag, and the keys that override the tag or the whole image. */
  image: { default: string; versionKey?: string; imageKey?: string };
  /** What follows `<PROJECT_NAME>_` in the container name (`admin` for nself-admin, `node_exporter`). */
  containerSuffix: string;
  ports: PortSpec[];
  routes: RouteSpec[];
  /** Compose healthcheck `test` in exec form, when the image supports one. */
  healthcheck?: string[];
  /** Named volumes as `volume:/path`. */
  volumes?: string[];
  /** Secrets this service needs: `all` environments or only `deployed` ones (staging/prod). */
  requiredSecrets?: { key: string; anyOf?: string[]; when: 'all' | 'deployed' }[];
  /** Keys that configure this service (for hover, completion and "related keys"). */
  relatedKeys: string[];
  /** nself-admin is localhost only; Mailpit must not reach prod. */
  deploy?: 'never' | 'not-prod';
  /** The container environment, as `NAME: value-template` where `${KEY}` refers to the effective config. */
  environment?: Record<string, string>;
  /** Services it waits for. */
  dependsOn?: string[];
  command?: string[];
  /**
   * Built from a small folder of the project instead of run from the image as is (MLflow needs a
   * Postgres driver its image lacks). The image above becomes the base, passed as `baseImageArg`;
   * `files` are written into `context` by a build when the folder does not exist yet.
   */
  build?: { context: string; baseImageArg: string; files: Readonly<Record<string, string>> };
}

export interface TemplateSpec {
  name: string;
  /** Language folder in nself's template tree: js, py, go, rust, ruby, java, … */
  language: string;
  /** Health probe style and scaffold family. */
  family: 'node' | 'python' | 'go' | 'other';
  /** Compiled templates get no source bind mount in dev. */
  compiled: boolean;
  /** For a bare alias (`express`), the template it stands for. */
  aliasOf?: string;
  description: string;
}

/** A sub-key of a numbered family, e.g. `PORT` in `CS_N_PORT`. */
export interface SubKeySpec {
  name: string;
  type: ValueType;
  description: string;
  default?: string;
  /** Regular expression source a value must match, when the format is strict. */
  pattern?: string;
  profiles?: Profile[];
}

/** A numbered key family: `CS_N`, `FRONTEND_APP_N_`, `REMOTE_SCHEMA_N_`, `INTERNAL_ROUTE_N_`. */
export interface FamilySpec {
  prefix: string;
  min: number;
  max: number;
  subKeys: SubKeySpec[];
  description: string;
}

/** A key users write that nself does not read, and the one it does. */
export interface Synonym {
  wrong: string;
  right: string;
  profiles: Profile[];
  why: string;
}

export interface Catalog {
  profile: Profile;
  /** Every known plain key (not family members), by name. */
  keys: ReadonlyMap<string, KeySpec>;
  services: readonly BuiltinService[];
  /** Templates and bare aliases, by name. */
  templates: ReadonlyMap<string, TemplateSpec>;
  customServices: FamilySpec;
  frontendApps: FamilySpec;
  remoteSchemas: FamilySpec;
  internalRoutes: FamilySpec;
  /** Host ports no custom service may take. */
  reservedPorts: ReadonlySet<number>;
  /** Service keys a custom service name must not take. */
  reservedServiceNames: ReadonlySet<string>;
  /** Prefixes exempt from unknown-key warnings. */
  userPrefixes: readonly string[];
  synonyms: readonly Synonym[];
  /** Custom service name rule for this profile. */
  customServiceName: RegExp;
  /** Words a deployed secret must not contain. */
  weakSecretWords: readonly string[];
}
