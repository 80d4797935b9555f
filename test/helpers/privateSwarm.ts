/**
 * A private one-node Docker Swarm for tests: its own dockerd (data-root, exec-root, pidfile,
 * socket, containerd namespace), its own bridge instead of docker0, and its own docker_gwbridge,
 * so the shared engine other tests use is never touched and never becomes a swarm. Never
 * `--bridge none`: that makes dockerd delete the shared docker0.
 *
 * The test image `nself-test/busybox` is copied in from the shared engine (no registry here).
 * `stop()` removes the stacks it deployed, leaves the swarm, stops the dockerd it started (by
 * pid) and deletes its bridges and folders.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PATIENCE } from './patience';

// Own copies of realTools' run/hasCommand: the bench bundles this file, and realTools pulls in the
// schema packages esbuild cannot bundle.
export interface ToolResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): ToolResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? PATIENCE.build, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = (r.stderr ?? '') + (r.error ? String(r.error) : '');
  return { ok: r.status === 0 && !r.error, status: r.status, stdout: r.stdout ?? '', stderr };
}

function hasCommand(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, cmd), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface PrivateSwarm {
  id: string;
  /** `unix://…/docker.sock`. */
  host: string;
  dir: string;
  /** The docker CLI against this engine. */
  docker(args: string[], opts?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): ToolResult;
  /** Builds an image in this engine from a folder holding a Dockerfile. */
  build(tag: string, context: string, dockerfile?: string): void;
  stop(): Promise<void>;
}

/** Why a private swarm cannot start here, or undefined when it can. */
export function privateSwarmUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'a private swarm needs Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'a private swarm needs root (bridges, dockerd)';
  if (!hasCommand('dockerd') || !hasCommand('docker') || !hasCommand('ip')) return 'dockerd, the docker CLI and ip (iproute2)';
  if (!run('docker', ['image', 'inspect', 'nself-test/busybox:latest'], { timeoutMs: PATIENCE.reply }).ok) return 'the nself-test/busybox image in the shared engine';
  return undefined;
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Starts dockerd, creates the bridges, inits the swarm and loads the test image. */
export async function startPrivateSwarm(): Promise<PrivateSwarm> {
  const id = crypto.randomBytes(3).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nself-swarm-${id}-`));
  const host = `unix://${dir}/docker.sock`;
  const bridge = `nsw${id}`;
  const gwBridge = `nsg${id}`;
  // Subnets picked per run so two runs on one machine do not meet; overlay networks get their
  // own pool. All of it lives inside 10.0.0.0/8 with no route off the machine.
  const a = 100 + crypto.randomInt(0, 100);
  const b = crypto.randomInt(0, 250);
  const docker = (args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) =>
    run('docker', ['-H', host, ...args], { env: opts.env, timeoutMs: opts.timeoutMs ?? PATIENCE.build });
  const stacks = new Set<string>();
  let daemon: ChildProcess | undefined;
  const cleanups: (() => void)[] = [];

  const stop = async () => {
    for (const stack of stacks) docker(['stack', 'rm', stack]);
    // `stack rm` returns before Swarm has removed the stack's networks; leaving the swarm then
    // strands their namespaces (mounted under exec/netns, so the folder cannot be deleted).
    // Wait (bounded) for them to go; whatever remains is unmounted below.
    if (stacks.size > 0) {
      const left = () => docker(['network', 'ls', '-q', '--filter', 'label=com.docker.stack.namespace'], { timeoutMs: PATIENCE.reply });
      await waitFor('the stacks\' networks to go', () => { const r = left(); return !r.ok || r.stdout.trim() === ''; }, PATIENCE.reply).catch(() => undefined);
    }
    docker(['swarm', 'leave', '--force']);
    if (daemon?.pid && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await waitFor('the private dockerd to exit', () => daemon!.exitCode !== null || daemon!.signalCode !== null, PATIENCE.reply).catch(() => daemon?.kill('SIGKILL'));
    }
    for (const c of cleanups.reverse()) c();
    run('ip', ['link', 'del', gwBridge]);
    // Network namespaces dockerd left mounted in its folder (it was stopped mid-removal).
    const mounts = fs.existsSync('/proc/mounts') ? fs.readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(dir + '/')) : [];
    for (const m of mounts.reverse()) run('umount', ['-l', m]);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const ip = (args: string[]) => {
      const r = run('ip', args);
      if (!r.ok) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
    };
    ip(['link', 'add', bridge, 'type', 'bridge']);
    cleanups.push(() => run('ip', ['link', 'del', bridge]));
    ip(['addr', 'add', `10.${a}.${b}.1/24`, 'dev', bridge]);
    ip(['link', 'set', bridge, 'up']);

    const log = fs.openSync(path.join(dir, 'dockerd.log'), 'a');
    daemon = spawn(
      'dockerd',
      [
        '--data-root', path.join(dir, 'data'),
        '--exec-root', path.join(dir, 'exec'),
        '--pidfile', path.join(dir, 'docker.pid'),
        '-H', host,
        '--bridge', bridge,
        '--iptables=false',
        '--ip-forward=false',
        '--storage-driver=vfs',
        '--containerd-namespace', `nself-swarm-${id}`,
        '--containerd-plugins-namespace', `nself-swarm-${id}-plugins`,
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    await waitFor('the private dockerd', () => docker(['info'], { timeoutMs: PATIENCE.reply }).ok, PATIENCE.start);

    // Our own docker_gwbridge before `swarm init`, so Swarm does not create (or reuse) one named
    // like another engine's.
    const gw = docker([
      'network', 'create', '--subnet', `10.${a}.${(b + 1) % 256}.0/24`,
      '--opt', `com.docker.network.bridge.name=${gwBridge}`,
      '--opt', 'com.docker.network.bridge.enable_icc=false',
      '--opt', 'com.docker.network.bridge.enable_ip_masquerade=true',
      'docker_gwbridge',
    ]);
    if (!gw.ok) throw new Error(`docker_gwbridge: ${gw.stderr}`);
    const init = docker([
      'swarm', 'init', '--advertise-addr', '127.0.0.1',
      '--listen-addr', `127.0.0.1:${20000 + crypto.randomInt(0, 10000)}`,
      '--data-path-port', String(30000 + crypto.randomInt(0, 19000)),
      '--default-addr-pool', `10.${a}.${128 + (b % 100)}.0/24`,
      '--default-addr-pool-mask-length', '28',
    ]);
    if (!init.ok) throw new Error(`swarm init: ${init.stderr}`);

    // Copy the offline test image in from the shared engine.
    const tar = path.join(dir, 'busybox.tar');
    const save = run('docker', ['save', '-o', tar, 'nself-test/busybox:latest']);
    if (!save.ok) throw new Error(`docker save: ${save.stderr}`);
    const load = docker(['load', '-i', tar]);
    fs.rmSync(tar, { force: true });
    if (!load.ok) throw new Error(`docker load: ${load.stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    id,
    host,
    dir,
    docker: (args, opts) => {
      if (args[0] === 'stack' && args[1] === 'deploy') stacks.add(args[args.length - 1]!);
      return docker(args, opts);
    },
    build(tag, context, dockerfile) {
      const r = docker(['build', '-q', '-t', tag, ...(dockerfile ? ['-f', dockerfile] : []), context]);
      if (!r.ok) throw new Error(`docker build ${tag}: ${r.stderr}`);
    },
    /** Stacks the tests deployed through other clients are registered here too. */
    stop: async () => {
      const list = docker(['stack', 'ls', '--format', '{{.Name}}']);
      for (const name of list.stdout.split('\n').map((l) => l.trim()).filter(Boolean)) stacks.add(name);
      await stop();
    },
  };
}
