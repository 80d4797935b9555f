/** What the generators produce and how they are asked to. */

/** The formats `generate()` can write; `stack` is the Docker Swarm variant of `compose`. */
export type Target = 'compose' | 'nginx' | 'k8s' | 'env' | 'stack';

/** One output file, relative to the project root. */
export interface GeneratedFile {
  /** POSIX path relative to the project root, e.g. `docker-compose.yml`, `nginx/sites/api.conf`. */
  path: string;
  content: string;
  /** File mode to write with, when it matters (the env file holds secrets: 0o600). */
  mode?: number;
}

/** Options shared by every generator. All optional; defaults give nself's own layout. */
export interface GenerateOptions {
  /**
   * The project root. When set, the header lists `model.sources` relative to it, so the output
   * does not depend on where the project lives on disk.
   */
  projectRoot?: string;
  /** The env file compose reads its `${VAR}` values from. Default `.env.runtime`. */
  envFileName?: string;
  /**
   * nginx: serve HTTPS with the certificate in `ssl/<certificateDir(baseDomain)>/`. Default: on for
   * every environment except `dev` (dev is plain HTTP so it runs without certificates).
   */
  tls?: boolean;
  /**
   * Stack file only: how swarm services are reached. `dnsrr` (default): the service name resolves
   * to every replica and ports are published in `mode: host`; works without IPVS (no routing
   * mesh). `vip`: a virtual IP per service and ingress ports balanced by the routing mesh.
   */
  endpointMode?: 'dnsrr' | 'vip';
  /** Kubernetes only: the namespace of every object (default: the project name). A DNS label. */
  namespace?: string;
}

/** The env file name used when `GenerateOptions.envFileName` is not given. */
export const DEFAULT_ENV_FILE = '.env.runtime';
