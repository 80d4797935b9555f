/**
 * Read-only access to a swarm target for the Services view: the stack's services and tasks (the
 * argv builders of core/orchestrators/swarm.ts, turned into rows by core/stack/swarmState.ts) and
 * `docker service logs --follow` across a service's tasks. Argument arrays only; every call has a
 * time limit, so a manager that does not answer (an ssh endpoint that hangs) becomes an error the
 * view can show instead of a poll that never ends.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { endpointName as endpointLabel, parseServiceInspect, parseServicePs, serviceInspectArgv, serviceLogsArgv, servicePsArgv, stackServiceIdsArgv, type SwarmEndpoint } from '../../core/orchestrators/swarm';
import { SecretMasker } from '../../core/secrets';
import { swarmServiceRows, type SwarmServiceRow } from '../../core/stack/swarmState';
import { DOCKER_ENV, hintFor, SwarmError } from './swarmClient';

export interface SwarmStatusOptions {
  /** The environment the docker CLI runs with (default: this process's; only DOCKER_ENV keys are kept). */
  env?: NodeJS.ProcessEnv;
  /** The docker CLI binary (default `docker`). */
  docker?: string;
  /** Masks secrets in errors and log lines. */
  masker?: SecretMasker;
  /** Limit per docker call (default 30 s: an ssh endpoint may take a while to connect). */
  timeoutMs?: number;
}

function dockerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(DOCKER_ENV.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}

function runDocker(endpoint: SwarmEndpoint, argv: readonly string[], what: string, opts: SwarmStatusOptions): Promise<string> {
  const [, ...args] = argv;
  const masker = opts.masker ?? new SecretMasker();
  return new Promise((resolve, reject) => {
    execFile(opts.docker ?? 'docker', args, { env: dockerEnv(opts.env), timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      const detail = e.killed
        ? `no answer within ${Math.round((opts.timeoutMs ?? 30_000) / 1000)} s`
        : e.code === 'ENOENT'
          ? 'the docker CLI is not installed'
          : masker.text((stderr || stdout || e.message).trim().split('\n').slice(-3).join(' '));
      reject(new SwarmError(endpointLabel(endpoint), what, detail, hintFor(detail)));
    });
  });
}

/** The stack's services as the view shows them; an empty list when the stack has none (not deployed). */
export async function readSwarmStack(endpoint: SwarmEndpoint, stack: string, opts: SwarmStatusOptions = {}): Promise<SwarmServiceRow[]> {
  const ids = (await runDocker(endpoint, stackServiceIdsArgv(endpoint, stack), 'docker service ls', opts)).split('\n').map((l) => l.trim()).filter(Boolean);
  if (ids.length === 0) return [];
  const [inspect, ps] = await Promise.all([
    runDocker(endpoint, serviceInspectArgv(endpoint, ids), 'docker service inspect', opts),
    runDocker(endpoint, servicePsArgv(endpoint, ids), 'docker service ps', opts),
  ]);
  return swarmServiceRows(stack, parseServiceInspect(inspect), parseServicePs(ps));
}

/** A running `docker service logs --follow`. */
export interface SwarmLogStream {
  /** Ends the stream (kills the docker CLI it started). */
  stop(): void;
  readonly child: ChildProcess;
}

/**
 * Follows a service's logs across all its tasks: `docker service logs --timestamps --no-trunc
 * --tail N --follow <service>`. Each line (stdout and stderr) is masked before `onLine` sees it;
 * `onExit` gets the exit code and the last lines of stderr when the CLI ends by itself.
 */
export function followSwarmServiceLogs(
  endpoint: SwarmEndpoint,
  service: string,
  opts: SwarmStatusOptions & { tail?: number; onLine: (line: string) => void; onExit?: (code: number | null, detail: string) => void },
): SwarmLogStream {
  const masker = opts.masker ?? new SecretMasker();
  const [, ...args] = serviceLogsArgv(endpoint, service, { follow: true, tail: opts.tail ?? 200 });
  const child = spawn(opts.docker ?? 'docker', args, { env: dockerEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stopped = false;
  let lastErr = '';
  const split = (stream: NodeJS.ReadableStream, isErr: boolean) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) {
        if (isErr) lastErr = p;
        opts.onLine(masker.text(p.replace(/\r$/, '')));
      }
    });
    stream.on('end', () => {
      if (rest) opts.onLine(masker.text(rest));
    });
  };
  split(child.stdout!, false);
  split(child.stderr!, true);
  child.on('error', (error) => {
    if (!stopped) opts.onExit?.(null, masker.text(String(error)));
  });
  child.on('close', (code) => {
    if (!stopped) opts.onExit?.(code, masker.text(lastErr));
  });
  return {
    child,
    stop() {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
