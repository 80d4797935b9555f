/**
 * Follows one service's logs, not one container's (OPS §4): attaches to its container with
 * timestamps, and on the next `start` event of a container with the same project and service
 * labels re-attaches with `since` = the last timestamp shown. core/stack/logCursor drops the lines
 * the engine replays at that instant, so nothing is lost and nothing repeated; a marker line says
 * what happened. Survives the engine going away and coming back (the stack state reports both).
 */
import type { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { LogCursor, markerLine, splitTimestamp, type LogEvent } from '../../core/stack/logCursor';
import type { ContainerEvent } from './events';

export interface LogFollowerOptions {
  docker: Docker;
  project: string;
  service: string;
  /** Lines of history shown on the first attachment. */
  tail: number;
  /** Show the engine's timestamp before each line. */
  timestamps: boolean;
  /** The stack state (or anything emitting its `container`, `connected` and `disconnected` events). */
  events: EventEmitter;
  /** One complete line, ANSI kept, without its newline. Marker lines start with `──`. */
  write(line: string): void;
}

interface Attachment {
  containerId: string;
  stream: NodeJS.ReadableStream & { destroy?: () => void };
  ended: Promise<void>;
}

export class LogFollower {
  private readonly cursor = new LogCursor();
  private current: Attachment | undefined;
  private lastContainer: string | undefined;
  private generation = 0;
  private disposed = false;
  private engineLost = false;
  private readonly listeners: [string, (...args: unknown[]) => void][] = [];

  constructor(private readonly options: LogFollowerOptions) {
    const on = <T extends unknown[]>(name: string, fn: (...args: T) => void) => {
      const f = fn as unknown as (...args: unknown[]) => void;
      options.events.on(name, f);
      this.listeners.push([name, f]);
    };
    on('container', (e: ContainerEvent) => this.onEvent(e));
    on('disconnected', () => {
      if (this.engineLost) return;
      this.engineLost = true;
      this.marker('engine-lost');
    });
    on('connected', () => {
      if (!this.engineLost) return;
      this.engineLost = false;
      this.marker('engine-back');
      void this.attach();
    });
  }

  /** First attachment: the running container of the service, else its latest one, else wait. */
  async start(): Promise<void> {
    await this.attach();
    if (!this.current && !this.disposed) this.options.write(markerLine(this.options.service, 'removed').replace('container removed; ', 'no container yet; '));
  }

  private onEvent(e: ContainerEvent): void {
    if (this.disposed || e.service !== this.options.service || (e.project !== undefined && e.project !== this.options.project)) return;
    if (e.action === 'start') {
      const what: LogEvent = this.lastContainer === undefined || this.lastContainer === e.id ? 'restarted' : 'recreated';
      void this.attach(e.id, what);
    }
  }

  private marker(event: LogEvent, detail?: string): void {
    if (!this.disposed) this.options.write(markerLine(this.options.service, event, detail));
  }

  /**
   * Attaches to `id` (or looks the service's container up). A stream on another container (the
   * one a recreate replaced) is left to finish first, so its last lines are not cut off.
   */
  private async attach(id?: string, event?: LogEvent): Promise<void> {
    const gen = ++this.generation;
    const previous = this.current;
    if (previous) {
      if (id && previous.containerId !== id) await Promise.race([previous.ended, new Promise((r) => setTimeout(r, 5000))]);
      previous.stream.destroy?.();
      if (this.current === previous) this.current = undefined;
    }
    if (gen !== this.generation || this.disposed) return;
    const { docker } = this.options;
    let containerId = id;
    let tty = false;
    try {
      if (!containerId) {
        const list = await docker.listContainers({
          all: true,
          filters: { label: [`com.docker.compose.project=${this.options.project}`, `com.docker.compose.service=${this.options.service}`] },
        });
        const pick = list.find((c) => c.State === 'running') ?? list.sort((a, b) => b.Created - a.Created)[0];
        containerId = pick?.Id;
      }
      if (!containerId) return;
      const container = docker.getContainer(containerId);
      tty = (await container.inspect()).Config.Tty === true;
      if (gen !== this.generation || this.disposed) return;
      if (event) this.marker(event, containerId.slice(0, 12));
      this.cursor.reattach();
      const since = this.cursor.since();
      const stream = (await container.logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        ...(since ? { since: since as unknown as number } : { tail: this.options.tail }),
      })) as Attachment['stream'];
      if (gen !== this.generation || this.disposed) {
        stream.destroy?.();
        return;
      }
      this.lastContainer = containerId;
      let resolveEnded: () => void = () => undefined;
      const ended = new Promise<void>((r) => (resolveEnded = r));
      const attachment: Attachment = { containerId, stream, ended };
      this.current = attachment;
      const lines = new LineSplitter((line) => this.line(line));
      const frames = tty ? undefined : new FrameReader((kind, payload) => lines.push(kind, payload));
      stream.on('data', (chunk: Buffer) => (frames ? frames.push(chunk) : lines.push(1, chunk)));
      const finish = () => {
        lines.flush();
        resolveEnded();
        if (this.current === attachment) this.current = undefined;
      };
      stream.on('end', finish);
      stream.on('close', finish);
      stream.on('error', finish);
    } catch {
      // The engine is away or the container vanished: the next start event or reconnect retries.
    }
  }

  private line(raw: string): void {
    const parsed = splitTimestamp(raw);
    if (!parsed) return this.options.write(raw);
    if (!this.cursor.accept(parsed.ts)) return;
    this.options.write(this.options.timestamps ? `${parsed.ts} ${parsed.text}` : parsed.text);
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.current?.stream.destroy?.();
    this.current = undefined;
    for (const [name, fn] of this.listeners) this.options.events.off(name, fn);
  }
}

/** The engine's multiplexed stream (8-byte header: stream type, 0, 0, 0, big-endian length). */
class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(private readonly emit: (kind: number, payload: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 8) {
      const size = this.buffer.readUInt32BE(4);
      if (this.buffer.length < 8 + size) break;
      this.emit(this.buffer[0]!, this.buffer.subarray(8, 8 + size));
      this.buffer = this.buffer.subarray(8 + size);
    }
  }
}

/** Complete lines per stream (stdout, stderr), in arrival order; a line over 64 KB is cut. */
class LineSplitter {
  private partial = new Map<number, string>();
  constructor(private readonly emit: (line: string) => void) {}
  push(kind: number, payload: Buffer): void {
    let text = (this.partial.get(kind) ?? '') + payload.toString('utf8');
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      this.emit(text.slice(0, nl).replace(/\r$/, ''));
      text = text.slice(nl + 1);
    }
    if (text.length > 65_536) {
      this.emit(text);
      text = '';
    }
    this.partial.set(kind, text);
  }
  flush(): void {
    for (const text of this.partial.values()) if (text) this.emit(text);
    this.partial.clear();
  }
}
