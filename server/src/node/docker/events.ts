/**
 * The engine's event stream for one compose project (label com.docker.compose.project=<project>),
 * reconnected with a bounded backoff when it drops. Every (re)connect is reported, so the stack
 * state can read everything again: events missed while the engine was away are not replayed.
 */
import type Docker from 'dockerode';

/** The fields of a container event we use (Engine API `EventMessage`). */
export interface ContainerEvent {
  /** `start`, `die`, `stop`, `destroy`, `health_status: healthy`, `create`, `restart`, `pause`… */
  action: string;
  id: string;
  service?: string;
  project?: string;
  exitCode?: number;
  /** Nanoseconds since the epoch, the engine's clock. */
  timeNano: bigint;
  /** When we parsed it (ms, performance-independent Date.now()). */
  receivedAt: number;
}

export interface EventWatchOptions {
  onEvent(e: ContainerEvent): void;
  /** The stream is up (again): read the state in full. */
  onConnected(): void;
  onDisconnected(error: unknown): void;
  /** Backoff bounds (ms): starts at `min`, doubles, never above `max`. */
  backoff?: { min: number; max: number };
  /** Counts requests made (benchmarks). */
  onRequest?: () => void;
}

export class EventWatch {
  private stream: NodeJS.ReadableStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private delay: number;
  private stopped = false;
  private generation = 0;

  constructor(
    private readonly docker: Docker,
    private readonly project: string,
    private readonly options: EventWatchOptions,
  ) {
    this.delay = options.backoff?.min ?? 250;
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.options.onRequest?.();
    this.docker.getEvents({ filters: { type: ['container'], label: [`com.docker.compose.project=${this.project}`] } }, (error, stream) => {
      if (this.stopped || gen !== this.generation) {
        (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
        return;
      }
      if (error || !stream) return this.lost(error ?? new Error('no event stream'));
      this.stream = stream;
      this.delay = this.options.backoff?.min ?? 250;
      let buffer = '';
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) this.parse(line);
        }
      });
      const end = (e?: unknown) => {
        if (gen === this.generation && !this.stopped) this.lost(e ?? Object.assign(new Error('event stream ended'), { code: 'ECONNRESET' }));
      };
      stream.on('error', end);
      stream.on('end', () => end());
      stream.on('close', () => end());
      this.options.onConnected();
    });
  }

  private parse(line: string): void {
    try {
      const m = JSON.parse(line) as { Action?: string; status?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; timeNano?: number; time?: number };
      const attrs = m.Actor?.Attributes ?? {};
      const timeNano = m.timeNano !== undefined ? BigInt(Math.round(m.timeNano / 1000)) * 1000n : BigInt(m.time ?? 0) * 1_000_000_000n;
      this.options.onEvent({
        action: m.Action ?? m.status ?? '',
        id: m.Actor?.ID ?? m.id ?? '',
        service: attrs['com.docker.compose.service'],
        project: attrs['com.docker.compose.project'],
        exitCode: attrs.exitCode !== undefined ? Number(attrs.exitCode) : undefined,
        timeNano,
        receivedAt: Date.now(),
      });
    } catch {
      // A line that is not JSON is no event.
    }
  }

  private lost(error: unknown): void {
    this.generation++;
    (this.stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    this.stream = undefined;
    this.options.onDisconnected(error);
    const max = this.options.backoff?.max ?? 5000;
    this.timer = setTimeout(() => this.connect(), this.delay);
    this.delay = Math.min(max, this.delay * 2);
  }

  /** Reconnect now (Retry in the view), resetting the backoff. */
  retry(): void {
    if (this.stopped || this.stream) return;
    clearTimeout(this.timer);
    this.delay = this.options.backoff?.min ?? 250;
    this.connect();
  }

  get connected(): boolean {
    return this.stream !== undefined;
  }

  dispose(): void {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.timer);
    (this.stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    this.stream = undefined;
  }
}
