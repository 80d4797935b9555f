/**
 * Which Docker engine to talk to, decided the way the docker CLI decides (OPS §5): the
 * `nself.docker.host` setting, else `DOCKER_HOST`, else `DOCKER_CONTEXT`, else the current context
 * of `~/.docker/config.json` (its endpoint in `contexts/meta/<sha256(name)>/meta.json`), else the
 * default socket, else Podman's. Pure given the environment and a file reader, so every rule has a
 * unit test; `node/docker/engine.ts` turns the answer into a dockerode client.
 */
import { createHash } from 'node:crypto';

/** Where the endpoint choice came from, for messages ("DOCKER_HOST=tcp://…"). */
export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config.json' | 'default' | 'podman';

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  /** False with `DOCKER_TLS` (TLS without checking the server) or a context's SkipTLSVerify. */
  verify: boolean;
}

export type Endpoint =
  | { kind: 'unix'; socketPath: string; source: EndpointSource; context?: string }
  | { kind: 'tcp'; host: string; port: number; tls?: TlsFiles; source: EndpointSource; context?: string }
  | { kind: 'ssh'; host: string; user?: string; port?: number; source: EndpointSource; context?: string };

/** What the resolver may look at; the node side passes `process.env`, `os.homedir()` and `fs`. */
export interface EndpointInputs {
  env: Readonly<Record<string, string | undefined>>;
  /** `nself.docker.host`, empty for unset. */
  setting?: string;
  home: string;
  /** A file's text, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
}

/** A DOCKER_HOST, context or setting that names no endpoint we can use: the message says which. */
export class EndpointConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointConfigError';
  }
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export function resolveEndpoint(inputs: EndpointInputs): Endpoint {
  const { env } = inputs;
  if (inputs.setting?.trim()) return parseHost(inputs.setting.trim(), 'setting', inputs);
  if (env.DOCKER_HOST) return parseHost(env.DOCKER_HOST, 'DOCKER_HOST', inputs);
  const configDir = env.DOCKER_CONFIG || join(inputs.home, '.docker');
  let context = env.DOCKER_CONTEXT;
  let source: EndpointSource = 'DOCKER_CONTEXT';
  if (!context) {
    const text = inputs.readFile(join(configDir, 'config.json'));
    if (text) {
      try {
        const current = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
        if (typeof current === 'string' && current) context = current;
      } catch {
        throw new EndpointConfigError(`${join(configDir, 'config.json')} is not valid JSON`);
      }
      source = 'config.json';
    }
  }
  if (context && context !== 'default') return contextEndpoint(context, source, configDir, inputs);
  if (inputs.exists(DEFAULT_SOCKET)) return { kind: 'unix', socketPath: DEFAULT_SOCKET, source: 'default' };
  for (const podman of podmanSockets(env)) if (inputs.exists(podman)) return { kind: 'unix', socketPath: podman, source: 'podman' };
  // Nothing there: name the default, so the message says "no socket at /var/run/docker.sock".
  return { kind: 'unix', socketPath: DEFAULT_SOCKET, source: 'default' };
}

function podmanSockets(env: Readonly<Record<string, string | undefined>>): string[] {
  return [env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'podman/podman.sock') : '', '/run/podman/podman.sock'].filter(Boolean);
}

/** The directory of a context's files: the sha256 of its name, hex (the CLI's layout). */
export function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function contextEndpoint(name: string, source: EndpointSource, configDir: string, inputs: EndpointInputs): Endpoint {
  const digest = contextDigest(name);
  const metaPath = join(configDir, 'contexts', 'meta', digest, 'meta.json');
  const text = inputs.readFile(metaPath);
  if (text === undefined) throw new EndpointConfigError(`Docker context "${name}" (from ${source}) does not exist: no ${metaPath}`);
  let docker: { Host?: unknown; SkipTLSVerify?: unknown } | undefined;
  try {
    docker = (JSON.parse(text) as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } }).Endpoints?.docker;
  } catch {
    throw new EndpointConfigError(`${metaPath} (Docker context "${name}") is not valid JSON`);
  }
  if (typeof docker?.Host !== 'string' || !docker.Host) throw new EndpointConfigError(`Docker context "${name}" has no docker endpoint in ${metaPath}`);
  const endpoint = parseHost(docker.Host, source, inputs, { context: name });
  if (endpoint.kind === 'tcp') {
    const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
    const files = { ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') };
    const present = Object.fromEntries(Object.entries(files).filter(([, p]) => inputs.exists(p)));
    if (Object.keys(present).length > 0 || docker.SkipTLSVerify === true) endpoint.tls = { ...present, verify: docker.SkipTLSVerify !== true };
  }
  return endpoint;
}

/** `unix:///path`, `tcp://host:port`, `ssh://[user@]host[:port]`, or a bare path. */
export function parseHost(value: string, source: EndpointSource, inputs: EndpointInputs, extra: { context?: string } = {}): Endpoint {
  const { env } = inputs;
  const where = extra.context ? `Docker context "${extra.context}"` : source === 'setting' ? 'nself.docker.host' : source;
  if (value.startsWith('/')) return { kind: 'unix', socketPath: value, source, ...extra };
  const m = /^([a-z]+):\/\/(.*)$/i.exec(value);
  if (!m) throw new EndpointConfigError(`${where}="${value}" is not an endpoint (unix:///path, tcp://host:port or ssh://user@host)`);
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  switch (scheme) {
    case 'unix': {
      if (!rest.startsWith('/')) throw new EndpointConfigError(`${where}="${value}": a unix endpoint needs an absolute socket path`);
      return { kind: 'unix', socketPath: rest, source, ...extra };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      const hm = /^(\[[0-9a-fA-F:]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(rest);
      if (!hm) throw new EndpointConfigError(`${where}="${value}": expected tcp://host:port`);
      // The CLI's environment-only TLS switches apply to DOCKER_HOST and the setting, not to contexts.
      const verify = !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
      const tlsOn = scheme === 'https' || (!extra.context && (verify || !!env.DOCKER_TLS));
      let tls: TlsFiles | undefined;
      if (tlsOn && !extra.context) {
        const dir = env.DOCKER_CERT_PATH || join(inputs.home, '.docker');
        tls = { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), verify };
      } else if (tlsOn) tls = { verify: true };
      const port = hm[2] ? Number(hm[2]) : tlsOn ? 2376 : 2375;
      if (!(port > 0 && port < 65536)) throw new EndpointConfigError(`${where}="${value}": port out of range`);
      return { kind: 'tcp', host: hm[1]!.replace(/^\[|\]$/g, ''), port, tls, source, ...extra };
    }
    case 'ssh': {
      const sm = /^(?:([^@/]+)@)?(\[[0-9a-fA-F:]+\]|[^:/@]+)(?::(\d+))?\/?$/.exec(rest);
      if (!sm) throw new EndpointConfigError(`${where}="${value}": expected ssh://[user@]host[:port]`);
      // Host and user go to ssh as arguments after `--`; refuse anything ssh could read as an option.
      if (sm[2]!.startsWith('-') || sm[1]?.startsWith('-')) throw new EndpointConfigError(`${where}="${value}": a host or user cannot start with "-"`);
      return { kind: 'ssh', user: sm[1], host: sm[2]!.replace(/^\[|\]$/g, ''), port: sm[3] ? Number(sm[3]) : undefined, source, ...extra };
    }
    default:
      throw new EndpointConfigError(`${where}="${value}": scheme ${scheme}:// is not supported (unix, tcp, ssh)`);
  }
}

/** How an endpoint is named in messages and tooltips: `unix:///var/run/docker.sock (default)`. */
export function describeEndpoint(e: Endpoint): string {
  const url = e.kind === 'unix' ? `unix://${e.socketPath}` : e.kind === 'tcp' ? `tcp://${e.host}:${e.port}${e.tls ? ' (TLS)' : ''}` : `ssh://${e.user ? e.user + '@' : ''}${e.host}${e.port ? ':' + e.port : ''}`;
  const from = e.context ? `context "${e.context}" from ${e.source}` : e.source === 'setting' ? 'nself.docker.host' : e.source;
  return `${url} (${from})`;
}

/** The argv that opens a raw connection to a remote engine over ssh, like the docker CLI does. */
export function sshDialArgv(e: Extract<Endpoint, { kind: 'ssh' }>): string[] {
  const args = ['-o', 'BatchMode=yes'];
  if (e.user) args.push('-l', e.user);
  if (e.port) args.push('-p', String(e.port));
  args.push('--', e.host, 'docker', 'system', 'dial-stdio');
  return args;
}

function join(...parts: string[]): string {
  return parts.join('/').replace(/\/+/g, '/');
}
