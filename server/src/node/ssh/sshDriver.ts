/**
 * The deploy driver for a `server` target: the fixed agent script (agent.sh) over the system ssh,
 * and rsync for the files. The agent gets validated values as arguments only. With
 * `shareConnection`, every call of one deploy rides one ssh connection (see
 * `sharedConnectionOptions`); the owner calls `close()` when the deploy ends, however it ends.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DeployDriverError, type DeployDriver, type LineSink, type RemoteFacts } from '../../core/deploy/driver';
import { formatRecord, isReleaseId, parseHistory, type DeployRecord } from '../../core/deploy/history';
import type { DeployFile } from '../../core/deploy/plan';
import type { RouteProbeAnswer, RouteProbeRequest } from '../../core/deploy/routes';
import type { ServerTarget } from '../../core/deploy/targets';
import { StagedWrite } from '../stagedWrite';
import { closeSharedConnection, destination, expandHome, makeControlDir, remoteCommand, runProgram, sharedConnectionOptions, shellQuote, sshError, sshOptions, type SshOptions } from './ssh';

let agentText: string | undefined;
/** The agent script: next to this module in the sources, `deploy-agent.sh` beside the bundle. */
export function agentScript(): string {
  if (agentText === undefined) {
    const candidates = [path.join(__dirname, 'agent.sh'), path.join(__dirname, 'deploy-agent.sh')];
    const found = candidates.find((p) => fs.existsSync(p));
    if (!found) throw new Error(`deploy agent script not found (looked at ${candidates.join(', ')})`);
    agentText = fs.readFileSync(found, 'utf8');
  }
  return agentText;
}

export interface SshDriverOptions extends SshOptions {
  /** rsync --bwlimit in KiB/s (a setting for slow links; tests use it to cancel mid-upload). */
  bwlimitKiBps?: number;
  /** One ssh connection for every call until `close()` (a deploy); off for one-off calls. */
  shareConnection?: boolean;
  /**
   * The compose project, when known: `facts` then also brings the project's containers and the
   * compose file in place, which the plan asks for next, in the same round trip.
   */
  project?: string;
}

/** How long what `facts` brought along stands in for an `inspect` or a `readFiles` of its own. */
const PREFETCH_MS = 10_000;

const NAME_RE = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

export class SshDriver implements DeployDriver {
  constructor(
    readonly target: ServerTarget,
    readonly options: SshDriverOptions,
  ) {
    if (!target.path.startsWith('/') || /[\n\0]/.test(target.path)) throw new DeployDriverError('remote', `The remote path must be absolute and on one line: ${JSON.stringify(target.path)}`);
  }

  private controlDir: string | undefined;
  private prefetched: { at: number; project: string; inspect?: unknown[]; files: Record<string, string> } | undefined;

  /** ssh's options for every call: the user's, ours, and the shared connection's. */
  private sshArgs(): string[] {
    const args = sshOptions(this.target, this.options);
    if (!this.options.shareConnection) return args;
    this.controlDir ??= makeControlDir();
    return [...args, ...sharedConnectionOptions(this.controlDir)];
  }

  /** The private directory of the shared connection's socket, while one may be open. */
  get sharedConnectionDir(): string | undefined {
    return this.controlDir;
  }

  /** Ends the shared connection, if one was opened. Safe to call more than once. */
  async close(): Promise<void> {
    const dir = this.controlDir;
    this.controlDir = undefined;
    this.prefetched = undefined;
    if (dir) await closeSharedConnection(this.target, this.options, dir);
  }

  /** Runs one agent verb; stdout as bytes. Exit 255 is ssh's own failure, 3 the agent's. */
  private async agentBytes(argv: string[], signal?: AbortSignal, out?: LineSink, streamStdout = false): Promise<Buffer> {
    for (const a of argv) if (/[\n\0]/.test(a) && argv[0] !== 'record') throw new DeployDriverError('remote', 'argument with a line break');
    const args = [...this.sshArgs(), '-T', '--', destination(this.target), remoteCommand(['sh', '-s', '--', ...argv])];
    const r = await runProgram('ssh', args, { input: agentScript(), signal, onLine: out, streamStdout });
    if (signal?.aborted) throw new DeployDriverError('cancelled', 'cancelled');
    if (r.code === 255) throw sshError(this.target, r.stderr);
    if (r.code !== 0) throw new DeployDriverError('remote', `${argv[0]} failed on ${this.target.host}: ${r.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${r.code}`}`, r.stderr);
    return r.stdout;
  }

  private async agent(argv: string[], signal?: AbortSignal, out?: LineSink, streamStdout = false): Promise<string> {
    return (await this.agentBytes(argv, signal, out, streamStdout)).toString('utf8');
  }

  async facts(signal: AbortSignal): Promise<RemoteFacts> {
    const project = this.options.project !== undefined ? checkName(this.options.project) : undefined;
    const data = await this.agentBytes(['facts', this.target.path, ...(project ? [project] : [])], signal);
    const marker = data.indexOf('@@nself-sections\n');
    const text = data.subarray(0, marker < 0 ? data.length : marker).toString('utf8');
    this.prefetched = undefined;
    if (project && marker >= 0) {
      const sections = parseSections(data.subarray(marker + '@@nself-sections\n'.length));
      const inspect = sections.find((s) => s.kind === 'inspect');
      this.prefetched = { at: Date.now(), project, inspect: inspect ? parseInspect(inspect.body) : undefined, files: {} };
      for (const s of sections) if (s.kind === 'file') this.prefetched.files[s.name] = s.body;
    }
    const facts: RemoteFacts = { engine: 'none', compose: undefined, freeKiB: 0, releases: [], files: {}, history: [] };
    const history: string[] = [];
    for (const line of text.split('\n')) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key === 'engine') facts.engine = value;
      else if (key === 'compose') {
        const [kind, version = ''] = value.split(' ');
        if (kind === 'v1' || kind === 'v2') facts.compose = { kind, version };
      } else if (key === 'free') facts.freeKiB = Number(value) || 0;
      else if (key === 'current') facts.currentRelease = value;
      else if (key === 'release' && isReleaseId(value)) facts.releases.push(value);
      else if (key === 'file') {
        const space = value.indexOf(' ');
        facts.files[value.slice(space + 1)] = value.slice(0, space);
      } else if (key === 'history') history.push(value);
    }
    facts.history = parseHistory(history.join('\n'));
    if (facts.engine === 'none') throw new DeployDriverError('remote', `Docker does not answer on ${this.target.host} (docker version failed for the ssh user).`);
    return facts;
  }

  async readFiles(paths: readonly string[], signal: AbortSignal): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const fresh = this.prefetched && Date.now() - this.prefetched.at < PREFETCH_MS ? this.prefetched.files : {};
    const missing = paths.filter((p) => fresh[p] === undefined);
    for (const p of paths) if (fresh[p] !== undefined) out[p] = fresh[p]!;
    if (!missing.length) return out;
    const args = [...this.sshArgs(), '-T', '--', destination(this.target), remoteCommand(['sh', '-s', '--', 'read', this.target.path, ...missing.map(checkRelative)])];
    const r = await runProgram('ssh', args, { input: agentScript(), signal });
    if (r.code === 255) throw sshError(this.target, r.stderr);
    for (const s of parseSections(r.stdout)) if (s.kind === 'file') out[s.name] = s.body;
    return out;
  }

  async inspect(project: string, signal: AbortSignal): Promise<unknown[]> {
    // The plan's inspect right after `facts` uses what facts brought, once.
    const pre = this.prefetched;
    if (pre?.inspect && pre.project === project && Date.now() - pre.at < PREFETCH_MS) {
      const containers = pre.inspect;
      pre.inspect = undefined;
      return containers;
    }
    return parseInspect(await this.agent(['inspect', checkName(project)], signal));
  }

  describe(releaseId: string, order: readonly string[]): string[][] {
    const ssh = ['ssh', ...sshOptions(this.target, this.options), destination(this.target)];
    const p = this.target.path;
    return [
      [...ssh, 'sh -s -- facts', p, '<project>', '(facts, containers and the compose file in place)'],
      [...ssh, 'sh -s -- prepare', p, releaseId],
      ['rsync', '-rlpc', '--delete', '--stats', `--link-dest=../<current>`, '<staged files>/', `${this.target.host}:${p}/.nself/releases/${releaseId}/`],
      [...ssh, 'sh -s -- activate', p, releaseId],
      [...ssh, 'sh -s -- up', p, '<project>', '--start', ...order],
      [...ssh, 'sh -s -- inspect', '<project>', '(health gate, repeated)'],
      [...ssh, 'sh -s -- routes', '<http|https>', '<nginx address>', '<port>', '<route hosts>', '(after the containers pass, repeated)'],
    ];
  }

  async upload(releaseId: string, files: readonly DeployFile[], signal: AbortSignal, out: LineSink): Promise<{ bytesSent: number }> {
    const current = (await this.agent(['prepare', this.target.path, checkId(releaseId)], signal)).trim();
    const local = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'nself-deploy-'));
    try {
      // Staged like every file we write; the mode travels (-p): 600 for the env snapshot.
      const write = new StagedWrite(local);
      for (const f of files) {
        checkRelative(f.path);
        await write.stage(f.path, Buffer.from(f.content) as unknown as string, f.mode);
      }
      await write.commit();
      const args = [
        '-rlpc', '--delete', '--stats', '--protect-args',
        '-e', ['ssh', ...this.sshArgs()].map(rsyncQuote).join(' '),
      ];
      if (current && isReleaseId(current)) args.push(`--link-dest=../${current}`);
      if (this.options.bwlimitKiBps) args.push(`--bwlimit=${this.options.bwlimitKiBps}`);
      args.push('--', local + '/', `${destination(this.target)}:${this.target.path}/.nself/releases/${releaseId}/`);
      const r = await runProgram('rsync', args, { signal, onLine: out, streamStdout: true });
      if (signal.aborted) throw new DeployDriverError('cancelled', 'cancelled');
      if (r.code !== 0) {
        if (/Host key verification failed|Permission denied|Connection refused|Could not resolve/.test(r.stderr)) throw sshError(this.target, r.stderr);
        throw new DeployDriverError('upload', `rsync failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-2).join(' ')}`, r.stderr);
      }
      const sent = /Total bytes sent: ([\d,.]+)/.exec(r.stdout.toString('utf8'));
      return { bytesSent: sent ? Number(sent[1]!.replace(/[,.]/g, '')) : 0 };
    } finally {
      await fs.promises.rm(local, { recursive: true, force: true });
    }
  }

  async discard(releaseId: string, out: LineSink): Promise<void> {
    await this.agent(['discard', this.target.path, checkId(releaseId)], undefined, out, true);
  }

  async activate(releaseId: string, project: string, signal: AbortSignal, out: LineSink): Promise<void> {
    await this.agent(['activate', this.target.path, checkId(releaseId), checkName(project)], signal, out, true);
  }

  async up(project: string, services: { order: readonly string[]; remove: readonly string[]; pull: readonly string[] }, signal: AbortSignal, out: LineSink): Promise<void> {
    const list = (flag: string, names: readonly string[]) => (names.length ? [flag, ...names.map(checkName)] : []);
    await this.agent(['up', this.target.path, checkName(project), ...list('--remove', services.remove), ...list('--pull', services.pull), ...list('--start', services.order)], signal, out, true);
  }

  async rollback(project: string, fromRelease: string, toRelease: string | undefined, out: LineSink): Promise<void> {
    await this.agent(['rollback', this.target.path, checkName(project), checkId(fromRelease), toRelease ? checkId(toRelease) : '-'], undefined, out, true);
  }

  async logs(project: string, service: string, lines: number): Promise<string[]> {
    const text = await this.agent(['logs', checkName(project), checkName(service), String(Math.max(1, Math.floor(lines)))]);
    return text.split('\n').filter(Boolean).slice(-lines);
  }

  async record(record: DeployRecord, keep: number): Promise<void> {
    await this.agent(['record', this.target.path, String(Math.max(1, Math.floor(keep))), formatRecord(record)]);
  }

  async probeRoutes(request: RouteProbeRequest, signal: AbortSignal): Promise<RouteProbeAnswer> {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(request.address) || !Number.isInteger(request.port) || request.port < 1 || request.port > 65535) throw new DeployDriverError('remote', `not an nginx address: ${request.address}:${request.port}`);
    for (const h of request.hosts) if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(h)) throw new DeployDriverError('remote', `"${h}" is not a host name`);
    const text = await this.agent(['routes', request.scheme === 'https' ? 'https' : 'http', request.address, String(request.port), ...request.hosts], signal);
    const answer: RouteProbeAnswer = { client: 'none', status: {} };
    for (const line of text.split('\n')) {
      const client = /^client=(curl|wget|none)$/.exec(line);
      if (client) answer.client = client[1] as RouteProbeAnswer['client'];
      const route = /^route (\d+) (\S+)$/.exec(line);
      if (route) answer.status[route[2]!] = Number(route[1]);
    }
    return answer;
  }

  /** The deploy history on the server, newest last. */
  async history(signal: AbortSignal): Promise<DeployRecord[]> {
    return (await this.facts(signal)).history;
  }
}

/** `@@nself-KIND SIZE NAME` headers, each followed by SIZE bytes (agent.sh `section`, `read`). */
function parseSections(data: Buffer): { kind: string; name: string; body: string }[] {
  const out: { kind: string; name: string; body: string }[] = [];
  let at = 0;
  while (at < data.length) {
    const nl = data.indexOf(10, at);
    if (nl < 0) break;
    const m = /^@@nself-([a-z]+) (\d+) (.*)$/.exec(data.subarray(at, nl).toString('utf8'));
    if (!m) break;
    const size = Number(m[2]);
    out.push({ kind: m[1]!, name: m[3]!, body: data.subarray(nl + 1, nl + 1 + size).toString('utf8') });
    at = nl + 1 + size;
  }
  return out;
}

function parseInspect(text: string): unknown[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    throw new DeployDriverError('remote', 'docker inspect on the server did not answer JSON');
  }
}

function checkName(name: string): string {
  if (!NAME_RE.test(name)) throw new DeployDriverError('remote', `"${name}" is not a valid compose project or service name`);
  return name;
}

function checkId(id: string): string {
  if (!isReleaseId(id)) throw new DeployDriverError('remote', `"${id}" is not a release id`);
  return id;
}

function checkRelative(p: string): string {
  if (p.startsWith('/') || p.split('/').includes('..') || /[\n\0]/.test(p)) throw new DeployDriverError('upload', `refusing to send ${JSON.stringify(p)}: not a plain relative path`);
  return p;
}

/** rsync splits `-e` on spaces and honours quotes: each word single-quoted. */
function rsyncQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : shellQuote(word);
}

export { expandHome };
