/**
 * THE stack-state module: the containers of one compose project, kept current from the engine's
 * event stream (debounced) plus an optional slow safety poll, merged with the service model into
 * rows by core/stack/rows. The services tree, the status bar and `nself-env status` all read it.
 */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import type Docker from 'dockerode';
import type { ServiceModel } from '../../core/model/types';
import { snapshotFromInspect, type ContainerSnapshot } from '../../core/stack/containers';
import type { Endpoint } from '../../core/stack/endpoint';
import { stackRows, summarize, type StackRow, type StackSummary } from '../../core/stack/rows';
import { engineError, type EngineError } from './engine';
import { EventWatch, type ContainerEvent } from './events';

export interface StackSnapshot {
  rows: StackRow[];
  summary: StackSummary;
  /** Set while the engine cannot be reached; rows then show the model with nothing known. */
  error?: EngineError;
  /** Date.now() when computed. */
  at: number;
  /** The engine event that caused this snapshot, if one did (for latency figures). */
  cause?: ContainerEvent;
}

export interface StackStateOptions {
  docker: Docker;
  endpoint: Endpoint;
  model: ServiceModel;
  /** Quiet time after an event before the affected containers are read again (ms). */
  debounceMs?: number;
  /** Probe frontend apps' host ports (a TCP connect to 127.0.0.1); default true. */
  probeFrontends?: boolean;
  backoff?: { min: number; max: number };
}

/**
 * Events: `snapshot` (StackSnapshot) after every change, `container` (ContainerEvent) for every
 * engine event (log followers re-attach on them), `connected` / `disconnected` for the engine.
 */
export class StackState extends EventEmitter {
  private containers = new Map<string, ContainerSnapshot>();
  private model: ServiceModel;
  private watch: EventWatch | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private dirty = new Set<string>();
  private fullPending = false;
  private lastCause: ContainerEvent | undefined;
  private listening = new Map<number, boolean>();
  private error: EngineError | undefined;
  private disposed = false;
  private running: Promise<void> = Promise.resolve();
  /** Engine requests made, for the idle-traffic benchmark. */
  requests = 0;
  current: StackSnapshot | undefined;

  constructor(private readonly options: StackStateOptions) {
    super();
    this.model = options.model;
  }

  get endpoint(): Endpoint {
    return this.options.endpoint;
  }

  get docker(): Docker {
    return this.options.docker;
  }

  /** Opens the event stream; the first snapshot follows the first full read. */
  start(): void {
    if (this.watch || this.disposed) return;
    this.watch = new EventWatch(this.options.docker, this.model.projectName, {
      backoff: this.options.backoff,
      onRequest: () => this.requests++,
      onEvent: (e) => this.onEvent(e),
      onConnected: () => {
        this.emit('connected');
        void this.refresh();
      },
      onDisconnected: (e) => {
        const wasUp = !this.error;
        this.error = engineError(e, this.options.endpoint);
        if (wasUp) {
          this.emit('disconnected', this.error);
          this.publish();
        }
      },
    });
  }

  /** A slow safety poll (≥ 60 s in the editor), only while a view shows the state; 0 stops it. */
  setPoll(ms: number): void {
    clearInterval(this.pollTimer);
    this.pollTimer = ms > 0 ? setInterval(() => void this.refresh(), ms) : undefined;
  }

  /** New model (environment switched, env file edited): same containers, new rows. */
  setModel(model: ServiceModel): void {
    const projectChanged = model.projectName !== this.model.projectName;
    this.model = model;
    if (projectChanged && this.watch) {
      this.watch.dispose();
      this.watch = undefined;
      this.containers.clear();
      this.start();
    } else this.publish();
  }

  /** Reads every container of the project again (list + inspect). Serialised. */
  refresh(): Promise<void> {
    this.fullPending = true;
    return this.schedule();
  }

  /** Retry now (the view's Retry button): reconnect the stream and read everything. */
  retry(): Promise<void> {
    this.watch?.retry();
    return this.refresh();
  }

  private onEvent(e: ContainerEvent): void {
    this.emit('container', e);
    if (!e.id) return;
    // exec_* and similar do not change a container's state; health_status and the lifecycle do.
    if (/^(exec_|top|attach|resize|commit|copy|export|archive-path|extract-to-dir)/.test(e.action)) return;
    this.dirty.add(e.id);
    this.lastCause = e;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.schedule(), this.options.debounceMs ?? 150);
  }

  private schedule(): Promise<void> {
    this.running = this.running.then(() => this.work()).catch(() => undefined);
    return this.running;
  }

  private async work(): Promise<void> {
    if (this.disposed) return;
    const full = this.fullPending;
    const ids = [...this.dirty];
    const cause = this.lastCause;
    if (!full && ids.length === 0) return;
    this.fullPending = false;
    this.dirty.clear();
    this.lastCause = undefined;
    try {
      if (full) {
        this.requests++;
        const list = await this.options.docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${this.model.projectName}`] } });
        const next = new Map<string, ContainerSnapshot>();
        const inspected = await Promise.all(list.map((c) => this.inspect(c.Id)));
        for (const c of inspected) if (c) next.set(c.id, c);
        this.containers = next;
        if (this.options.probeFrontends !== false) await this.probeFrontends();
      } else {
        for (const id of ids) {
          const c = await this.inspect(id);
          if (c) this.containers.set(c.id, c);
          else for (const key of [...this.containers.keys()]) if (key === id || key.startsWith(id)) this.containers.delete(key);
        }
      }
      if (this.error) {
        this.error = undefined;
      }
      this.publish(cause);
    } catch (error) {
      this.error = engineError(error, this.options.endpoint);
      this.publish();
    }
  }

  /** One container, or undefined when it is gone (404). */
  private async inspect(id: string): Promise<ContainerSnapshot | undefined> {
    this.requests++;
    try {
      return snapshotFromInspect(await this.options.docker.getContainer(id).inspect());
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  private async probeFrontends(): Promise<void> {
    const ports = this.model.services.filter((s) => s.kind === 'frontend').map((s) => s.ports[0]?.host).filter((p): p is number => p !== undefined);
    await Promise.all(ports.map(async (p) => this.listening.set(p, await portListens(p))));
  }

  private publish(cause?: ContainerEvent): void {
    if (this.disposed) return;
    const containers = this.error ? [] : [...this.containers.values()];
    const rows = stackRows(this.model, containers, { now: Date.now(), listening: (p) => this.listening.get(p) });
    this.current = { rows, summary: summarize(rows), error: this.error, at: Date.now(), cause };
    this.emit('snapshot', this.current);
  }

  /** Resolves with the first snapshot that satisfies `test` (tests, the CLI). */
  waitFor(test: (s: StackSnapshot) => boolean, timeoutMs: number): Promise<StackSnapshot> {
    return new Promise((resolve, reject) => {
      if (this.current && test(this.current)) return resolve(this.current);
      const timer = setTimeout(() => {
        this.off('snapshot', on);
        reject(new Error(`stack state: condition not met in ${timeoutMs} ms; last: ${JSON.stringify(this.current?.rows.map((r) => [r.name, r.state]))} ${this.current?.error?.message ?? ''}`));
      }, timeoutMs);
      const on = (s: StackSnapshot) => {
        if (!test(s)) return;
        clearTimeout(timer);
        this.off('snapshot', on);
        resolve(s);
      };
      this.on('snapshot', on);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.watch?.dispose();
    clearInterval(this.pollTimer);
    clearTimeout(this.debounceTimer);
    this.removeAllListeners();
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port within a second. */
export function portListens(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * One reading without the event stream, for `nself-env status`: list + inspect, then rows.
 * Throws EngineError when the engine cannot be reached.
 */
export async function readStackOnce(docker: Docker, endpoint: Endpoint, model: ServiceModel): Promise<StackSnapshot> {
  const state = new StackState({ docker, endpoint, model });
  try {
    await state.refresh();
    const s = state.current!;
    if (s.error) throw s.error;
    return s;
  } finally {
    state.dispose();
  }
}
