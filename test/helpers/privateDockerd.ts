/**
 * A private Docker engine for tests that kill and restart it: its own data-root, exec-root,
 * pidfile, unix socket, TCP port on 127.0.0.1 and bridge (never `--bridge none`, which would
 * delete the shared docker0). The shared engine is never touched. Needs root.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from './realTools';

export interface PrivateDockerd {
  socket: string;
  tcpPort: number;
  /** `-H unix://…` for the docker CLI. */
  host: string;
  start(): Promise<void>;
  /**
   * `kill <pid>` (SIGTERM): dockerd goes away with its containers. SIGKILL was tried: the
   * containerd it manages survives it, and on this engine version the next dockerd then times out
   * starting its own containerd, so a killed -9 engine cannot be started again in a test.
   */
  kill(): Promise<void>;
  /** Stops it, removes its containers' state, its bridge and its folders. */
  destroy(): Promise<void>;
  log(): string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function canRunPrivateDockerd(): boolean {
  return process.getuid?.() === 0 && run('which', ['dockerd']).ok && run('ip', ['link', 'show']).ok;
}

export async function makePrivateDockerd(): Promise<PrivateDockerd> {
  const id = Math.random().toString(36).slice(2, 7);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `n9d-${id}-`));
  // Short paths: unix socket paths are limited to ~107 bytes.
  const socket = path.join(root, 'd.sock');
  const bridge = `ns9${id}`;
  const tcpPort = await freePort();
  const octet = 100 + Math.floor(Math.random() * 150);
  const ip = (args: string[]) => run('ip', args);
  const r = ip(['link', 'add', bridge, 'type', 'bridge']);
  if (!r.ok) throw new Error(`ip link add ${bridge}: ${r.stderr}`);
  ip(['addr', 'add', `10.209.${octet}.1/24`, 'dev', bridge]);
  ip(['link', 'set', bridge, 'up']);
  let child: ChildProcess | undefined;
  let logText = '';
  const args = [
    '--data-root', path.join(root, 'data'), '--exec-root', path.join(root, 'exec'), '--pidfile', path.join(root, 'd.pid'),
    '-H', `unix://${socket}`, '-H', `tcp://127.0.0.1:${tcpPort}`, '--bridge', bridge,
    '--iptables=false', '--ip-forward=false', '--ip-masq=false', '--storage-driver=vfs', '--userland-proxy=false',
  ];
  const api = {
    socket,
    tcpPort,
    host: `unix://${socket}`,
    log: () => logText,
    async start() {
      child = spawn('dockerd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const take = (c: Buffer) => (logText = (logText + c.toString()).slice(-20_000));
      child.stdout!.on('data', take);
      child.stderr!.on('data', take);
      const end = Date.now() + 120_000;
      while (!run('docker', ['-H', api.host, 'info'], { timeoutMs: 10_000 }).ok) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`private dockerd did not start:\n${logText.slice(-3000)}`);
        await new Promise((res) => setTimeout(res, 250));
      }
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((res) => c.once('exit', res));
      c.kill('SIGTERM');
      await exited;
    },
    async destroy() {
      if (child && child.exitCode === null) {
        run('docker', ['-H', api.host, 'rm', '-f', ...run('docker', ['-H', api.host, 'ps', '-aq']).stdout.split('\n').filter(Boolean)]);
        const c = child;
        const exited = new Promise((res) => c.once('exit', res));
        c.kill('SIGTERM');
        await Promise.race([exited, new Promise((res) => setTimeout(res, 30_000))]);
        if (c.exitCode === null) c.kill('SIGKILL');
      }
      // The containerd this dockerd started (it outlives a SIGKILLed dockerd).
      const ctrPid = Number(readOr(path.join(root, 'exec', 'containerd', 'containerd.pid')));
      if (ctrPid > 0) {
        try {
          process.kill(ctrPid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      ip(['link', 'set', bridge, 'down']);
      ip(['link', 'delete', bridge]);
      // dockerd bind-mounts its folders onto themselves; undo that (deepest first) before removing.
      const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m === root || m.startsWith(root + '/'));
      for (const m of mounts.sort().reverse()) run('umount', ['-l', m]);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return api;
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
