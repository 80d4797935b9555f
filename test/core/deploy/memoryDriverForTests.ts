/**
 * A deploy driver that keeps "the server" in memory, for the pipeline's logic only (the real
 * server is exercised by test/node/deploySsh.test.ts over a real sshd and the real engine).
 * Containers get their state from `behaviour`: healthy, unhealthy, running without healthcheck.
 */
import { DeployDriverError, type DeployDriver, type LineSink, type RemoteFacts } from '../../../server/src/core/deploy/driver';
import type { DeployRecord } from '../../../server/src/core/deploy/history';
import type { DeployFile } from '../../../server/src/core/deploy/plan';

export type Behaviour = 'healthy' | 'unhealthy' | 'running' | 'starting';

export class MemoryDriverForTests implements DeployDriver {
  inPlace = new Map<string, DeployFile>();
  releases = new Map<string, Map<string, DeployFile>>();
  current: string | undefined;
  containers = new Map<string, { behaviour: Behaviour; generation: number }>();
  history: DeployRecord[] = [];
  behaviour: Record<string, Behaviour> = {};
  calls: string[] = [];
  /** Throw from this step (simulates a failure there). */
  failAt: string | undefined;
  /** Called at the start of a step, e.g. to abort mid-run. */
  onStep: ((step: string) => void) | undefined;
  unreachable = false;
  freeKiB = 10 * 1024 * 1024;

  private step(name: string): void {
    this.calls.push(name);
    this.onStep?.(name);
    if (this.failAt === name) throw new DeployDriverError('remote', `${name} failed on the server`);
  }

  async facts(): Promise<RemoteFacts> {
    this.step('facts');
    if (this.unreachable) throw new DeployDriverError('unreachable', 'ssh: connect to host example.invalid port 22: Connection refused');
    const files: Record<string, string> = {};
    for (const [p, f] of this.inPlace) files[p] = f.sha256;
    return { engine: '24.0', compose: { kind: 'v2', version: '2.24' }, freeKiB: this.freeKiB, currentRelease: this.current, releases: [...this.releases.keys()], files, history: this.history };
  }
  async readFiles(paths: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const p of paths) {
      const f = this.inPlace.get(p);
      if (f) out[p] = Buffer.from(f.content).toString('utf8');
    }
    return out;
  }
  async inspect(project: string): Promise<unknown[]> {
    return [...this.containers].map(([service, c]) => inspectJson(project, service, c.behaviour, c.generation));
  }
  describe(id: string, order: readonly string[]): string[][] {
    return [['rsync', `releases/${id}`], ['agent', 'up', ...order]];
  }
  async upload(id: string, files: readonly DeployFile[], _signal: AbortSignal, out: LineSink): Promise<{ bytesSent: number }> {
    this.step('upload');
    const release = new Map(files.map((f) => [f.path, f]));
    this.releases.set(id, release);
    let bytes = 0;
    for (const f of files) if (this.inPlace.get(f.path)?.sha256 !== f.sha256) bytes += f.content.byteLength;
    out(`sent ${bytes} bytes`);
    return { bytesSent: bytes };
  }
  async discard(id: string): Promise<void> {
    this.calls.push('discard');
    this.releases.delete(id);
  }
  async activate(id: string): Promise<void> {
    this.step('activate');
    if (!this.current) this.releases.set('before', new Map(this.inPlace));
    this.inPlace = new Map(this.releases.get(id)!);
    this.current = id;
  }
  async up(_project: string, services: { order: readonly string[]; remove: readonly string[] }): Promise<void> {
    const { order, remove } = services;
    this.step('up');
    for (const s of remove) this.containers.delete(s);
    for (const s of order) this.containers.set(s, { behaviour: this.behaviour[s] ?? 'healthy', generation: (this.containers.get(s)?.generation ?? 0) + 1 });
  }
  async rollback(_project: string, _from: string, to: string | undefined): Promise<void> {
    this.step('rollback');
    this.inPlace = new Map(this.releases.get(to ?? 'before') ?? []);
    this.current = to;
    for (const [s, c] of this.containers) this.containers.set(s, { behaviour: 'healthy', generation: c.generation + 1 });
  }
  async logs(_project: string, service: string): Promise<string[]> {
    return [`${service}: listening`, `${service}: GET /health 500`];
  }
  async record(record: DeployRecord): Promise<void> {
    this.calls.push('record');
    this.history.push(record);
  }
}

function inspectJson(project: string, service: string, behaviour: Behaviour, generation: number): unknown {
  const hasHealth = behaviour !== 'running';
  const status = behaviour === 'healthy' ? 'healthy' : behaviour === 'unhealthy' ? 'unhealthy' : 'starting';
  return {
    Id: `${service}-${generation}`,
    Name: `/${project}_${service}`,
    Config: { Image: `${project}_${service}`, Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': service }, Healthcheck: hasHealth ? { Test: ['CMD', 'true'] } : undefined },
    State: { Status: 'running', Running: true, StartedAt: new Date(2026, 0, 1, 0, 0, generation).toISOString(), Health: hasHealth ? { Status: status, FailingStreak: behaviour === 'unhealthy' ? 3 : 0, Log: behaviour === 'unhealthy' ? [{ ExitCode: 1, Output: 'wget: server returned error: HTTP/1.1 500' }] : [] } : undefined },
    HostConfig: { RestartPolicy: { Name: 'unless-stopped' } },
  };
}
