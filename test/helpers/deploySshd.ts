/**
 * A private sshd on 127.0.0.1 for deploy tests: a free port, a host key and a user key made for
 * the run, its own config (no system config, no PAM), logging to a file. The "server" it opens is
 * this machine, with its Docker engine. `stop()` kills it and removes every file it made.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { PATIENCE } from './patience';

export interface DeploySshd {
  port: number;
  dir: string;
  /** The private key the server accepts. */
  userKey: string;
  /** A second key the server does not accept. */
  wrongKey: string;
  /** `[127.0.0.1]:port ssh-ed25519 …`: the known-hosts line of the server's key. */
  knownHostsLine: string;
  /** An empty known-hosts file path to start from (unknown host key). */
  knownHostsFile: string;
  /** Kills every ssh session of this server at once (SIGKILL), as a dropped network would; it keeps listening. */
  dropConnections(): number;
  stop(): Promise<void>;
}

export function sshdAvailable(): boolean {
  return fs.existsSync('/usr/sbin/sshd') && spawnSync('which', ['rsync', 'ssh', 'ssh-keygen']).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function keygen(file: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'nself-deploy-test', '-f', file]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

export async function startDeploySshd(): Promise<DeploySshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-sshd-'));
  const hostKey = path.join(dir, 'host_ed25519');
  const userKey = path.join(dir, 'user_ed25519');
  const wrongKey = path.join(dir, 'wrong_ed25519');
  keygen(hostKey);
  keygen(userKey);
  keygen(wrongKey);
  fs.copyFileSync(`${userKey}.pub`, path.join(dir, 'authorized_keys'));
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'LogLevel VERBOSE',
      'MaxStartups 100',
      'MaxSessions 100',
    ].join('\n') + '\n',
  );
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'sshd.log'), 'a')] });
  const deadline = Date.now() + PATIENCE.start;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start: ${fs.readFileSync(path.join(dir, 'sshd.log'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pub = fs.readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHostsFile = path.join(dir, 'known_hosts');
  fs.writeFileSync(knownHostsFile, '', { mode: 0o600 });
  return {
    port,
    dir,
    userKey,
    wrongKey,
    knownHostsLine: `[127.0.0.1]:${port} ${pub}`,
    knownHostsFile,
    dropConnections() {
      // sshd -D forks one process per connection: its children.
      const pids = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return pids.length;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
