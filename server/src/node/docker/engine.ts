/**
 * A dockerode client for the endpoint the docker CLI would use (core/stack/endpoint), and one
 * typed error for every way of not reaching it. Loaded only in the lazy `dist/docker.js` bundle.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import { Duplex } from 'node:stream';
import Docker from 'dockerode';
import { describeEngineProblem, type EngineProblem } from '../../core/stack/engineProblem';
import { EndpointConfigError, resolveEndpoint, sshDialArgv, type Endpoint } from '../../core/stack/endpoint';

/** Why the engine could not be used, with the endpoint tried and what to do. */
export class EngineError extends Error {
  constructor(
    readonly problem: EngineProblem,
    readonly endpoint: Endpoint | undefined,
    readonly cause?: unknown,
  ) {
    super(problem.message);
    this.name = 'EngineError';
  }
}

/** The endpoint for this process: `setting` (nself.docker.host) or the docker CLI's rules. */
export function localEndpoint(setting?: string, env: NodeJS.ProcessEnv = process.env): Endpoint {
  return resolveEndpoint({
    env,
    setting,
    home: os.homedir(),
    readFile: (p) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (p) => fs.existsSync(p),
  });
}

export interface Engine {
  docker: Docker;
  endpoint: Endpoint;
  /** Environment for a docker / compose child process that must reach the same engine. */
  childEnv: NodeJS.ProcessEnv;
}

/** Opens (lazily: dockerode connects per request) a client for `setting` or the CLI's rules. */
export function openEngine(setting?: string, env: NodeJS.ProcessEnv = process.env): Engine {
  let endpoint: Endpoint;
  try {
    endpoint = localEndpoint(setting, env);
  } catch (error) {
    if (error instanceof EndpointConfigError) throw new EngineError(describeEngineProblem(error, undefined), undefined, error);
    throw error;
  }
  return { docker: dockerFor(endpoint), endpoint, childEnv: childEnvFor(endpoint, env) };
}

export function dockerFor(endpoint: Endpoint): Docker {
  switch (endpoint.kind) {
    case 'unix':
      return new Docker({ socketPath: endpoint.socketPath });
    case 'tcp': {
      if (!endpoint.tls) return new Docker({ host: endpoint.host, port: endpoint.port, protocol: 'http' });
      const read = (p?: string) => (p && fs.existsSync(p) ? fs.readFileSync(p) : undefined);
      const agent = new https.Agent({ ca: read(endpoint.tls.ca), cert: read(endpoint.tls.cert), key: read(endpoint.tls.key), rejectUnauthorized: endpoint.tls.verify, keepAlive: true });
      return new Docker({ host: endpoint.host, port: endpoint.port, protocol: 'https', agent } as Docker.DockerOptions);
    }
    case 'ssh': {
      // The docker CLI's own way: `ssh host docker system dial-stdio` is a raw connection to the
      // remote engine. Spawned with an argument list; the host comes after `--`.
      const agent = new http.Agent();
      (agent as unknown as { createConnection: () => Duplex }).createConnection = () => {
        const child = spawn('ssh', sshDialArgv(endpoint), { stdio: ['pipe', 'pipe', 'pipe'] });
        const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
        child.on('error', (e) => duplex.destroy(e));
        child.on('exit', (code) => {
          if (code) duplex.destroy(Object.assign(new Error(`ssh exited ${code}: ${stderr.trim()}`), { code: 'ESSH' }));
        });
        duplex.on('close', () => child.kill());
        return duplex;
      };
      return new Docker({ host: 'docker', port: 80, protocol: 'http', agent } as Docker.DockerOptions);
    }
  }
}

/** DOCKER_HOST (and TLS variables) naming the same endpoint, for compose and `docker exec` children. */
export function childEnvFor(endpoint: Endpoint, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  delete out.DOCKER_CONTEXT;
  if (endpoint.kind === 'unix') out.DOCKER_HOST = `unix://${endpoint.socketPath}`;
  else if (endpoint.kind === 'ssh') out.DOCKER_HOST = `ssh://${endpoint.user ? endpoint.user + '@' : ''}${endpoint.host}${endpoint.port ? ':' + endpoint.port : ''}`;
  else {
    out.DOCKER_HOST = `tcp://${endpoint.host}:${endpoint.port}`;
    if (endpoint.tls) {
      const dir = endpoint.tls.ca ? endpoint.tls.ca.replace(/\/[^/]*$/, '') : undefined;
      if (dir) out.DOCKER_CERT_PATH = dir;
      if (endpoint.tls.verify) out.DOCKER_TLS_VERIFY = '1';
      else out.DOCKER_TLS = '1';
    }
  }
  return out;
}

/** Any error from a dockerode call, as an EngineError (already one: unchanged). */
export function engineError(error: unknown, endpoint: Endpoint | undefined): EngineError {
  if (error instanceof EngineError) return error;
  return new EngineError(describeEngineProblem(error, endpoint), endpoint, error);
}

/** True for errors that mean "the engine is not there" rather than "this request failed". */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EACCES', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ESSH', 'EHOSTUNREACH'].includes(code);
}
