/**
 * Following a service's logs across restarts and recreations (OPS §4). Docker's `since` keeps
 * lines at or after the time given, so a re-attach with `since` = the last timestamp shown gets
 * that line (and any of the same nanosecond) again; the cursor drops exactly those, which gives a
 * stream with no gap and no duplicate. Pure: the follower in `node/docker` feeds it lines.
 */

/** `2026-12-01T10:00:00.123456789Z rest` → timestamp and rest; undefined when the line has none. */
export function splitTimestamp(line: string): { ts: string; text: string } | undefined {
  const space = line.indexOf(' ');
  const ts = space < 0 ? line : line.slice(0, space);
  if (timestampNanos(ts) === undefined) return undefined;
  return { ts, text: space < 0 ? '' : line.slice(space + 1) };
}

/** RFC 3339 with up to nine fraction digits → nanoseconds since the epoch; undefined if unreadable. */
export function timestampNanos(ts: string): bigint | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  const ms = Date.parse(m[1]! + m[3]!);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** The Engine API's `since` for a timestamp: `<seconds>.<nanoseconds>`. */
export function sinceParam(nanos: bigint): string {
  return `${nanos / 1_000_000_000n}.${String(nanos % 1_000_000_000n).padStart(9, '0')}`;
}

export class LogCursor {
  private last: bigint | undefined;
  /** How many lines with exactly `last` were shown (a burst can share one nanosecond). */
  private atLast = 0;
  /** Of those, how many the current attachment has seen again (and dropped). */
  private replayed = 0;

  /** The `since` for the next attachment; undefined before anything was shown (then use `tail`). */
  since(): string | undefined {
    return this.last === undefined ? undefined : sinceParam(this.last);
  }

  /** The last timestamp shown, as nanoseconds. */
  get lastNanos(): bigint | undefined {
    return this.last;
  }

  /** Call when a new attachment starts: the lines it replays at `since` are counted again. */
  reattach(): void {
    this.replayed = 0;
  }

  /** True when the line should be shown (and is now the last one shown). */
  accept(ts: string): boolean {
    const t = timestampNanos(ts);
    if (t === undefined) return true;
    if (this.last !== undefined) {
      if (t < this.last) return false;
      if (t === this.last) {
        if (this.replayed < this.atLast) {
          this.replayed++;
          return false;
        }
        this.atLast++;
        this.replayed++;
        return true;
      }
    }
    this.last = t;
    this.atLast = 1;
    this.replayed = 1;
    return true;
  }
}

export type LogEvent = 'restarted' | 'recreated' | 'stopped' | 'started' | 'engine-lost' | 'engine-back' | 'removed';

/** The marker line a pane prints between attachments, e.g. `── api: container recreated (3f2a1c…) ──`. */
export function markerLine(service: string, event: LogEvent, detail?: string): string {
  const words: Record<LogEvent, string> = {
    restarted: 'container restarted',
    recreated: 'container recreated',
    stopped: 'container stopped; waiting for it to start',
    started: 'container started',
    removed: 'container removed; waiting for a new one',
    'engine-lost': 'lost the Docker engine; reconnecting',
    'engine-back': 'Docker engine is back',
  };
  return `── ${service}: ${words[event]}${detail ? ` (${detail})` : ''} ──`;
}
