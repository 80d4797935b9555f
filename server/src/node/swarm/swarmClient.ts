/**
 * Runs the Swarm argument lists of `core/orchestrators/swarm.ts` with the docker CLI (there is no
 * stack API in the engine: `docker stack deploy` is client-side logic), streams its lines, and
 * polls services and tasks for the health gate. Commands are argv arrays, never a shell line.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  judgeSwarmGate,
  parseServiceInspect,
  parseServicePs,
  serviceInspectArgv,
  servicePsArgv,
  stackDeployArgv,
  stackRemoveArgv,
  stackServiceIdsArgv,
  wantedImages,
  type SwarmEndpoint,
  type SwarmGateResult,
  type SwarmService,
  type SwarmTask,
} from '../../core/orchestrators/swarm';
import { SecretMasker } from '../../core/secrets';
import { StagedWrite } from '../stagedWrite';

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

/** A stack deploy's result: the gate's verdict, the streamed output, and timings. */
export interface SwarmDeployReport {
  stack: string;
  deployExitCode: number | null;
  gate: SwarmGateResult;
  /** ms from start to the end of `docker stack deploy`, and to the gate's verdict. */
  deployMs: number;
  totalMs: number;
  /** One line per failed service (task and reason), empty when the gate passed. */
  failures: string[];
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

  /**
   * Polls the gate until every service passes, one fails (Swarm rolled it back), or `timeoutMs`
   * passes (then the last verdict is returned, not passed).
   */
  async waitForGate(opts: { stack: string; wanted: ReadonlyMap<string, string>; since?: string; timeoutMs: number; pollMs?: number; onProgress?: (g: SwarmGateResult) => void }): Promise<SwarmGateResult> {
    const deadline = Date.now() + opts.timeoutMs;
    const expected = [...opts.wanted.keys()];
    for (;;) {
      const { services, tasks } = await this.state(opts.stack);
      const gate = judgeSwarmGate({ services, tasks, wanted: opts.wanted, since: opts.since, expected });
      opts.onProgress?.(gate);
      if (gate.passed || gate.failed || Date.now() >= deadline) return gate;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
    }
  }

  /**
   * Writes the stack file into `workDir` (default: a new temporary folder), runs
   * `docker stack deploy` with the env snapshot's values in its environment, then the gate.
   * Relative bind mounts in the file resolve against `workDir`, as with `docker stack deploy -c`.
   */
  async deployStack(opts: {
    stack: string;
    stackFile: string;
    variables: Record<string, string>;
    workDir?: string;
    gateTimeoutMs: number;
    onLine?: (line: string) => void;
    now?: () => Date;
  }): Promise<SwarmDeployReport> {
    const now = opts.now ?? (() => new Date());
    const started = Date.now();
    const since = now().toISOString();
    const dir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nself-stack-'));
    try {
      const write = new StagedWrite(dir);
      try {
        await write.stage('docker-stack.yml', opts.stackFile);
        await write.commit();
      } catch (error) {
        await write.rollback();
        throw error;
      }
      const argv = stackDeployArgv(this.endpoint, 'docker-stack.yml', opts.stack);
      opts.onLine?.(`$ ${argv.join(' ')}`);
      const result = await this.run(argv, { variables: opts.variables, onLine: opts.onLine, cwd: dir });
      const deployMs = Date.now() - started;
      if (result.code !== 0) {
        const detail = this.masker.text((result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')) || `exit ${result.code}`;
        throw new SwarmError(this.endpointName, 'docker stack deploy', detail, hintFor(detail));
      }
      const wanted = wantedImages(opts.stack, parse(opts.stackFile, { version: '1.1' }));
      const gate = await this.waitForGate({
        stack: opts.stack,
        wanted,
        since,
        timeoutMs: opts.gateTimeoutMs,
        onProgress: (g) => opts.onLine?.(`gate: ${g.services.filter((s) => s.status !== 'ok').map((s) => s.detail).join('; ') || 'all services running'}`),
      });
      const failures = gate.services.filter((s) => s.status !== 'ok').map((s) => this.masker.text(s.detail));
      return { stack: opts.stack, deployExitCode: result.code, gate, deployMs, totalMs: Date.now() - started, failures };
    } finally {
      if (!opts.workDir) fs.rmSync(dir, { recursive: true, force: true });
    }
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
