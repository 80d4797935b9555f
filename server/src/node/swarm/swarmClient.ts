/**
 * Runs the Swarm argument lists of `core/orchestrators/swarm.ts` with the docker CLI (there is no
 * stack API in the engine: `docker stack deploy` is client-side logic) and streams their lines;
 * the deploy itself is the pipeline with core/orchestrators/swarmRelease.ts over `run`.
 * Commands are argv arrays, never a shell line.
 */
import { spawn } from 'node:child_process';
import {
  parseServiceInspect,
  parseServicePs,
  serviceInspectArgv,
  servicePsArgv,
  stackRemoveArgv,
  stackServiceIdsArgv,
  type SwarmEndpoint,
  type SwarmService,
  type SwarmTask,
} from '../../core/orchestrators/swarm';
import { SecretMasker } from '../../core/secrets';

/** What went wrong talking to a swarm manager: which endpoint, which command, what to do. */
export class SwarmError extends Error {
  constructor(
    readonly endpoint: string,
    readonly command: string,
    readonly detail: string,
    readonly hint: string,
  ) {
    super(`${command} on ${endpoint} failed: ${detail}. ${hint}`);
    this.name = 'SwarmError';
  }
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment variables the docker CLI needs to find its engine and credentials; nothing else is passed on. */
export const DOCKER_ENV = ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'SSH_AUTH_SOCK', 'XDG_RUNTIME_DIR'];

export interface SwarmClientOptions {
  /** Masks secrets in every line handed to `onLine` and in errors. */
  masker?: SecretMasker;
  /** The environment the docker CLI runs with (default: this process's; only DOCKER_ENV keys are kept). */
  env?: NodeJS.ProcessEnv;
  /** The docker CLI binary (default `docker`). */
  docker?: string;
}

export class SwarmClient {
  private readonly masker: SecretMasker;
  private readonly baseEnv: NodeJS.ProcessEnv;

  constructor(
    readonly endpoint: SwarmEndpoint,
    opts: SwarmClientOptions = {},
  ) {
    this.masker = opts.masker ?? new SecretMasker();
    const env = opts.env ?? process.env;
    this.baseEnv = Object.fromEntries(DOCKER_ENV.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
    this.docker = opts.docker ?? 'docker';
  }

  private readonly docker: string;

  /** How the endpoint is named in messages. */
  get endpointName(): string {
    if ('context' in this.endpoint && this.endpoint.context) return `docker context ${this.endpoint.context}`;
    if ('host' in this.endpoint && this.endpoint.host) return this.endpoint.host;
    return this.baseEnv.DOCKER_HOST ?? 'the default docker engine';
  }

  /** Runs one argv (its first element is `docker`), streaming masked lines of stdout and stderr. */
  run(argv: readonly string[], opts: { variables?: Record<string, string>; onLine?: (line: string) => void; cwd?: string } = {}): Promise<CommandResult> {
    const [, ...args] = argv;
    return new Promise((resolve) => {
      const child = spawn(this.docker, args, { cwd: opts.cwd, env: { ...this.baseEnv, ...(opts.variables ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const lines = (chunk: string, carry: { rest: string }) => {
        if (!opts.onLine) return;
        const parts = (carry.rest + chunk).split('\n');
        carry.rest = parts.pop() ?? '';
        for (const p of parts) if (p.trim()) opts.onLine(this.masker.text(p));
      };
      const outCarry = { rest: '' };
      const errCarry = { rest: '' };
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        lines(c, outCarry);
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
        lines(c, errCarry);
      });
      child.on('error', (error) => resolve({ code: null, stdout, stderr: stderr + String(error) }));
      child.on('close', (code) => {
        for (const rest of [outCarry.rest, errCarry.rest]) if (rest.trim() && opts.onLine) opts.onLine(this.masker.text(rest));
        resolve({ code, stdout, stderr });
      });
    });
  }

  private async must(argv: readonly string[], what: string): Promise<string> {
    const r = await this.run(argv);
    if (r.code !== 0) {
      const detail = this.masker.text((r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')) || `exit ${r.code}`;
      throw new SwarmError(this.endpointName, what, detail, hintFor(detail));
    }
    return r.stdout;
  }

  /** The stack's services and all their tasks. */
  async state(stack: string): Promise<{ services: SwarmService[]; tasks: SwarmTask[] }> {
    const ids = (await this.must(stackServiceIdsArgv(this.endpoint, stack), 'docker service ls')).split('\n').map((l) => l.trim()).filter(Boolean);
    if (ids.length === 0) return { services: [], tasks: [] };
    const services = parseServiceInspect(await this.must(serviceInspectArgv(this.endpoint, ids), 'docker service inspect'));
    const tasks = parseServicePs(await this.must(servicePsArgv(this.endpoint, ids), 'docker service ps'));
    return { services, tasks };
  }

  /** `docker stack rm`. */
  async removeStack(stack: string): Promise<void> {
    await this.must(stackRemoveArgv(this.endpoint, stack), 'docker stack rm');
  }
}

/** What to do about a docker CLI failure, from its message. */
export function hintFor(detail: string): string {
  if (/not a swarm manager|This node is not a swarm manager/i.test(detail)) return 'The endpoint is not a swarm manager: run `docker swarm init` there, or point the target at a manager.';
  if (/Cannot connect to the Docker daemon|connection refused|no such host|dial unix/i.test(detail)) return 'Check that the engine runs and the target names it (docker_context or host).';
  if (/required variable .* is missing a value/i.test(detail)) return 'The env snapshot lacks a value the stack file needs: build the environment again.';
  return 'See the output above.';
}
