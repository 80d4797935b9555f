/**
 * The system `ssh`, `rsync` and `ssh-keyscan`, always with argument arrays. `~/.ssh/config`,
 * agents and jump hosts apply as the user set them up; we add batch mode, a connect time-out and
 * nself 1.x's host-key policy: keys are checked against `~/.config/nself/deploy_known_hosts` (and
 * the user's own known_hosts, read only), strictly for prod and for any deploy that ships
 * secrets. A new key is only ever written to our pinned file, after the user trusted its
 * fingerprint; `~/.ssh/known_hosts` is never written.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ServerTarget } from '../../core/deploy/targets';
import { DeployDriverError } from '../../core/deploy/driver';

export interface SshOptions {
  /** Our pinned host keys. Default `~/.config/nself/deploy_known_hosts`. */
  knownHostsFile?: string;
  /** Strict host-key checking (prod, secrets). When false, a new key is accepted and pinned. */
  strict: boolean;
  /** Seconds for the TCP connect. Default 15. */
  connectTimeout?: number;
  /** Extra `-o` options (tests point IdentityAgent off). */
  extraOptions?: string[];
}

/** `~/.config/nself/deploy_known_hosts`, or `NSELF_DEPLOY_KNOWN_HOSTS` (CI, tests). */
export function defaultKnownHostsFile(): string {
  return process.env.NSELF_DEPLOY_KNOWN_HOSTS || path.join(os.homedir(), '.config', 'nself', 'deploy_known_hosts');
}

/** `ssh` options (before the destination), as an array. */
export function sshOptions(target: ServerTarget, opts: SshOptions): string[] {
  const known = opts.knownHostsFile ?? defaultKnownHostsFile();
  const userKnown = path.join(os.homedir(), '.ssh', 'known_hosts');
  const args = [
    '-o', 'BatchMode=yes',
    '-o', `ConnectTimeout=${opts.connectTimeout ?? 15}`,
    '-o', `StrictHostKeyChecking=${opts.strict ? 'yes' : 'accept-new'}`,
    // The first file is the one ssh writes a new key to: ours, never the user's.
    '-o', `UserKnownHostsFile=${quoteOpt(known)} ${quoteOpt(userKnown)}`,
    '-o', 'HashKnownHosts=no',
    '-p', String(target.port),
  ];
  if (target.keyPath) args.push('-i', expandHome(target.keyPath), '-o', 'IdentitiesOnly=yes');
  if (target.user) args.push('-l', target.user);
  for (const o of opts.extraOptions ?? []) args.push('-o', o);
  return args;
}

/**
 * Options that make every ssh of one deploy (and rsync's, through `-e`) ride one connection: the
 * first call opens a master on a socket in `controlDir` (a private 0700 directory), later calls
 * reuse it, so a deploy pays one handshake instead of one per step. The master outlives a call by
 * `persistSeconds` of idleness at most, so one left behind by a killed process ends by itself;
 * `closeSharedConnection` ends it at once. The other options (config file, agent, jump hosts,
 * host keys, batch mode, connect time-out) apply to the master as to any connection.
 */
export function sharedConnectionOptions(controlDir: string, persistSeconds = 60): string[] {
  return ['-o', 'ControlMaster=auto', '-o', `ControlPath=${path.join(controlDir, '%C')}`, '-o', `ControlPersist=${persistSeconds}`];
}

/**
 * A private directory for the master's socket. A Unix socket path is limited to ~104 bytes and
 * `%C` adds 41, so a long or spaced TMPDIR falls back to /tmp.
 */
export function makeControlDir(): string {
  const base = os.tmpdir();
  const root = base.length <= 40 && !/\s/.test(base) ? base : '/tmp';
  return fs.mkdtempSync(path.join(root, 'nself-ssh-'));
}

/** Ends the master of `controlDir` (`ssh -O exit`), if one runs, and removes the directory. */
export async function closeSharedConnection(target: ServerTarget, opts: SshOptions, controlDir: string): Promise<void> {
  try {
    await runProgram('ssh', [...sshOptions(target, opts), ...sharedConnectionOptions(controlDir), '-O', 'exit', '--', destination(target)]);
  } catch {
    // ssh cannot be started: there is no master either.
  } finally {
    fs.rmSync(controlDir, { recursive: true, force: true });
  }
}

/** The destination argument; the host was validated (no leading `-`, no spaces). */
export function destination(target: ServerTarget): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9.:_-]*$/.test(target.host)) throw new DeployDriverError('unreachable', `"${target.host}" is not a host name`);
  return target.host;
}

/**
 * The remote command line: ssh joins its arguments into one string for the remote login shell,
 * so each is single-quoted there. Only fixed words and validated values are passed.
 */
export function remoteCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('argument with a NUL byte');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** ssh_config values with spaces are double-quoted. */
function quoteOpt(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** One typed error from ssh's exit 255 and its stderr. */
export function sshError(target: ServerTarget, stderr: string): DeployDriverError {
  const where = `${target.user ? target.user + '@' : ''}${target.host}:${target.port}`;
  const last = stderr.trim().split('\n').slice(-3).join(' ');
  if (/Host key verification failed|host key is known|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) {
    return new DeployDriverError('host-key', `The host key of ${where} is not trusted (strict checking). Check its fingerprint and trust it, or compare it with the server's.`, last);
  }
  if (/Permission denied|Too many authentication failures|no such identity/i.test(stderr)) return new DeployDriverError('auth', `ssh could not log in to ${where}: the key was refused (${last}).`, last);
  return new DeployDriverError('unreachable', `ssh could not reach ${where}: ${last || 'no answer'}`, last);
}

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a program (no shell), streaming stderr (and stdout when `streamStdout`) line by line, and
 * killing it on abort. Resolves with its exit code; rejects only when it cannot be started.
 */
export function runProgram(cmd: string, args: readonly string[], opts: { input?: string; signal?: AbortSignal; onLine?: (line: string) => void; streamStdout?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const out: Buffer[] = [];
    let err = '';
    const splitter = (sink?: (l: string) => void) => {
      let rest = '';
      return (chunk: Buffer) => {
        if (!sink) return;
        rest += chunk.toString('utf8');
        const lines = rest.split('\n');
        rest = lines.pop()!;
        for (const l of lines) sink(l.replace(/\r$/, ''));
      };
    };
    const outLines = splitter(opts.streamStdout ? opts.onLine : undefined);
    const errLines = splitter(opts.onLine);
    child.stdout.on('data', (c: Buffer) => {
      out.push(c);
      outLines(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
      errLines(c);
    });
    const abort = (): void => {
      child.kill('SIGTERM');
    };
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e) => {
      opts.signal?.removeEventListener('abort', abort);
      reject(e);
    });
    child.on('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', abort);
      resolve({ code: code ?? (sig ? 128 : 1), stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** The server's host keys and their fingerprints, for the user to trust (ssh-keyscan). */
export async function scanHostKeys(target: ServerTarget, signal?: AbortSignal): Promise<{ lines: string[]; fingerprints: string[] }> {
  const scan = await runProgram('ssh-keyscan', ['-T', '10', '-p', String(target.port), '-t', 'ed25519,ecdsa,rsa', '--', destination(target)], { signal });
  const lines = scan.stdout.toString('utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  if (!lines.length) throw new DeployDriverError('unreachable', `No host key could be read from ${target.host}:${target.port}.`, scan.stderr);
  const fp = await runProgram('ssh-keygen', ['-l', '-f', '-'], { input: lines.join('\n') + '\n' });
  return { lines, fingerprints: fp.stdout.toString('utf8').split('\n').filter(Boolean) };
}

/** Pins scanned keys in our known-hosts file (created 600). */
export async function trustHostKeys(lines: readonly string[], knownHostsFile = defaultKnownHostsFile()): Promise<void> {
  await fs.promises.mkdir(path.dirname(knownHostsFile), { recursive: true, mode: 0o700 });
  await fs.promises.appendFile(knownHostsFile, lines.map((l) => l.trim()).join('\n') + '\n', { mode: 0o600 });
}
