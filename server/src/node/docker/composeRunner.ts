/**
 * Runs the lifecycle commands of core/stack/compose: Compose v2, else v1 (with a copy of the file
 * without `name:`), or the nself CLI. Argument arrays only; output streamed line by line; a
 * cancellation kills the child. Refuses to race nself while its `.nself/op.lock` is held.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { composeArgv, composeTextForV1, type ComposeFlavor, type StackVerb } from '../../core/stack/compose';

/** nself holds its operation lock: say so instead of racing it. */
export class NselfBusyError extends Error {
  constructor(readonly lockFile: string) {
    super(`an nself command is running (${lockFile} is held); try again when it has finished`);
    this.name = 'NselfBusyError';
  }
}

export class ComposeError extends Error {
  constructor(
    message: string,
    readonly output: string,
    readonly code: number | null,
  ) {
    super(message);
    this.name = 'ComposeError';
  }
}

/** True while `.nself/op.lock` exists and, when it names a pid, that process lives. */
export function opLockHeld(root: string): string | undefined {
  const file = path.join(root, '.nself', 'op.lock');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(/\d+/.exec(text)?.[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    }
  }
  return file;
}

const flavors = new Map<string, ComposeFlavor | undefined>();

/** `docker compose version` works → v2; else `docker-compose version` → v1; cached per PATH. */
export function detectComposeFlavor(env: NodeJS.ProcessEnv = process.env): ComposeFlavor | undefined {
  const key = env.PATH ?? '';
  if (flavors.has(key)) return flavors.get(key);
  const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { env, stdio: 'ignore', timeout: 30_000 }).status === 0;
  const flavor = ok('docker', ['compose', 'version']) ? 'v2' : ok('docker-compose', ['version']) ? 'v1' : undefined;
  flavors.set(key, flavor);
  return flavor;
}

export interface ComposeRun {
  root: string;
  project: string;
  /** The compose file, default `<root>/docker-compose.yml`. */
  file?: string;
  verb: StackVerb;
  services?: string[];
  /** `compose` (auto-detected v2/v1), or `nself` (the nself CLI, by setting). */
  via?: 'compose' | 'nself';
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}

export async function runCompose(run: ComposeRun): Promise<{ output: string; argv: string[] }> {
  const lock = opLockHeld(run.root);
  if (lock) throw new NselfBusyError(lock);
  const env = run.env ?? process.env;
  const flavor = run.via === 'nself' ? 'nself' : detectComposeFlavor(env);
  if (!flavor) throw new ComposeError('neither `docker compose` (v2) nor `docker-compose` (v1) is installed', '', null);
  const file = run.file ?? path.join(run.root, 'docker-compose.yml');
  if (flavor !== 'nself' && !fs.existsSync(file)) throw new ComposeError(`no ${path.basename(file)} in ${run.root}: run nself: Build first`, '', null);
  let tmp: string | undefined;
  let target = file;
  if (flavor === 'v1') {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-compose-v1-'));
    target = path.join(tmp, 'docker-compose.yml');
    fs.writeFileSync(target, composeTextForV1(fs.readFileSync(file, 'utf8')));
  }
  const envFile = path.join(run.root, '.env.runtime');
  const argv = composeArgv(flavor, { project: run.project, file: target, projectDir: run.root, envFile: fs.existsSync(envFile) ? envFile : undefined }, run.verb, run.services ?? []);
  try {
    const output = await spawnLines(argv.command, argv.args, { cwd: run.root, env, signal: run.signal, onLine: run.onLine });
    return { output, argv: [argv.command, ...argv.args] };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function spawnLines(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal; onLine?: (line: string) => void }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], signal: opts.signal });
    let output = '';
    let partial = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-200_000);
      partial += text;
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        opts.onLine?.(partial.slice(0, nl).replace(/\r$/, ''));
        partial = partial.slice(nl + 1);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => reject(error));
    child.on('close', (code) => {
      if (partial) opts.onLine?.(partial);
      if (code === 0) resolve(output);
      else reject(new ComposeError(`${command} ${args.find((a) => ['up', 'stop', 'restart', 'start'].includes(a)) ?? ''} exited ${code}: ${lastLines(output)}`, output, code));
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ').slice(0, 500);
}
