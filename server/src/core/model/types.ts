import type { Profile, ServiceKind } from '../catalog/types';

/** Where a value came from: a file and a 1-based line, or a built-in default. */
export interface Origin {
  /** Absolute path of the env file, absent for defaults. */
  file?: string;
  /** 1-based line. */
  line?: number;
  key?: string;
  /** True when the value is nself's default rather than something the user wrote. */
  isDefault?: boolean;
}

/** A value of the model together with its origin. */
export interface Sourced<T> {
  value: T;
  origin: Origin;
}

export interface ModelPort {
  host: number;
  container: number;
  /** 127.0.0.1 in dev and for databases/admin everywhere; undefined means all interfaces. */
  bind?: string;
  name: string;
  origin: Origin;
}

export interface ModelRoute {
  /** The prefix, e.g. `api`. */
  route: string;
  /** `<route>.<BASE_DOMAIN>` */
  host: string;
  url: string;
  /** The upstream nginx proxies to, e.g. `hasura:8080` or `host.docker.internal:3000`. */
  upstream: string;
  websocket: boolean;
  origin: Origin;
}

export interface ModelHealthcheck {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  startPeriod?: string;
}

export interface ModelService {
  /** Stable id: the compose key for containers, `frontend:<name>` for frontends. */
  id: string;
  kind: ServiceKind;
  title: string;
  /** Compose service key (also the DNS name on the project network); absent for frontends. */
  composeKey?: string;
  containerName?: string;
  image?: Sourced<string>;
  /** Build context relative to the project root, e.g. `./services/api`. */
  build?: {
    context: string;
    dockerfile?: string;
    target?: string;
    /** Build arguments, e.g. the base image of a built-in service built locally. */
    args?: Record<string, string>;
    /** Files a build writes into `context` when that folder does not exist yet. */
    scaffold?: Readonly<Record<string, string>>;
    origin: Origin;
  };
  ports: ModelPort[];
  routes: ModelRoute[];
  healthcheck?: ModelHealthcheck;
  /** The container environment; values may hold secrets (mask before display). */
  environment: Record<string, string>;
  dependsOn: { service: string; condition: 'service_started' | 'service_healthy' | 'service_completed_successfully' }[];
  volumes: string[];
  command?: string[];
  /** Resource limits and replicas from CS_N_MEMORY/CPU/REPLICAS. */
  resources?: { memory?: string; cpus?: string; replicas?: number };
  restart?: string;
  /** Where the service is declared: its `*_ENABLED` flag, `CS_N` line or `FRONTEND_APP_N_NAME` line. */
  origin: Origin;
  /** Custom services: N, raw name, template and its family. */
  custom?: { index: number; rawName: string; template: string; language?: string; family?: string; compiled?: boolean; public: boolean };
  /** Frontend apps: N, name, framework. */
  frontend?: { index: number; name: string; framework?: string };
}

/** The one derivation every consumer reads: tree view, hovers, previews, build, deploy. */
export interface ServiceModel {
  projectName: string;
  baseDomain: string;
  /** Where `baseDomain` comes from (`BASE_DOMAIN`'s line), for messages about it. */
  baseDomainOrigin?: Origin;
  /** The canonical environment name (`dev`, `staging`, `prod` or a custom name). */
  env: string;
  profile: Profile;
  network: string;
  services: ModelService[];
  /** Named volumes used by services. */
  volumes: string[];
  /** The files the model was derived from, in cascade order. */
  sources: string[];
}
