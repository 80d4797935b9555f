/**
 * Log panes: one pseudoterminal per service (ANSI colours kept), following the service across
 * restarts and recreations (node/docker/logFollower), the last `nself.logs.tail` lines first,
 * timestamps by setting; Stack Logs interleaves every service with a coloured prefix. Writes are
 * batched through a bounded queue, so memory stays flat whatever the log volume; closing a pane
 * ends its streams.
 */
import * as vscode from 'vscode';
import { LineQueue } from '../../../server/src/core/stack/lineQueue';
import type { LogFollower } from '../../../server/src/node/docker/logFollower';
import { SECTION } from '../config';
import { dockerModule } from './dockerModule';
import type { StackContext } from './servicesView';

const FLUSH_MS = 50;
const COLOURS = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92];

export class LogPane implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private readonly closer = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closer.event;
  private readonly queue = new LineQueue(5_000, 2_000_000);
  private timer: NodeJS.Timeout | undefined;
  private followers: LogFollower[] = [];
  private opened = false;
  /** Lines written to the terminal (tests, benchmarks). */
  written = 0;
  readonly lines: string[] = [];

  constructor(
    private readonly ctx: StackContext,
    private readonly services: string[],
    private readonly keepLines = 0,
  ) {}

  open(): void {
    this.opened = true;
    const config = vscode.workspace.getConfiguration(SECTION);
    const tail = Math.max(0, config.get<number>('logs.tail') ?? 500);
    const timestamps = config.get<boolean>('logs.timestamps') === true;
    const { LogFollower } = dockerModule();
    const prefixed = this.services.length > 1;
    this.services.forEach((service, i) => {
      const prefix = prefixed ? `\x1b[${COLOURS[i % COLOURS.length]}m${service.padEnd(12)}|\x1b[0m ` : '';
      const follower = new LogFollower({
        docker: this.ctx.engine.docker,
        project: this.ctx.model.projectName,
        service,
        tail,
        timestamps,
        events: this.ctx.state,
        write: (line) => this.push(prefix + (line.startsWith('──') ? `\x1b[2m${line}\x1b[0m` : line)),
      });
      this.followers.push(follower);
      void follower.start();
    });
  }

  /** A line for the pane: queued (bounded) and written in batches. */
  push(line: string): void {
    this.queue.push(line);
    if (this.keepLines) {
      this.lines.push(line);
      if (this.lines.length > this.keepLines) this.lines.splice(0, this.lines.length - this.keepLines);
    }
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    this.timer = undefined;
    const { lines, dropped } = this.queue.drain();
    if (!this.opened || lines.length === 0) return;
    const head = dropped ? `\x1b[2m… ${dropped.toLocaleString('en')} lines skipped (the pane keeps up with at most ${this.queue.maxLines.toLocaleString('en')} at a time)\x1b[0m\r\n` : '';
    this.written += lines.length;
    this.writer.fire(head + lines.join('\r\n').replace(/\r?\n/g, '\r\n') + '\r\n');
  }

  close(): void {
    for (const f of this.followers) f.dispose();
    this.followers = [];
    clearTimeout(this.timer);
    this.opened = false;
  }

  dispose(): void {
    this.close();
    this.writer.dispose();
    this.closer.dispose();
  }
}

/** Terminal panes, one per key: opening a key again shows its pane; closing the terminal disposes the pane. */
export class TerminalPanes<P extends vscode.Pseudoterminal & vscode.Disposable> implements vscode.Disposable {
  private readonly panes = new Map<string, { terminal: vscode.Terminal; pane: P }>();
  private readonly sub = vscode.window.onDidCloseTerminal((t) => {
    for (const [key, p] of this.panes) if (p.terminal === t) {
      p.pane.dispose();
      this.panes.delete(key);
    }
  });

  protected show(key: string, title: string, make: () => P): P {
    const existing = this.panes.get(key);
    if (existing) {
      existing.terminal.show(true);
      return existing.pane;
    }
    const pane = make();
    const terminal = vscode.window.createTerminal({ name: title, pty: pane, iconPath: new vscode.ThemeIcon('output') });
    terminal.show(true);
    this.panes.set(key, { terminal, pane });
    return pane;
  }

  get open_(): number {
    return this.panes.size;
  }

  dispose(): void {
    this.sub.dispose();
    for (const p of this.panes.values()) {
      p.pane.dispose();
      p.terminal.dispose();
    }
    this.panes.clear();
  }
}

export class LogPanes extends TerminalPanes<LogPane> {
  /** Opens (or shows) the pane of `services` (one service, or the whole stack). */
  open(ctx: StackContext, services: string[], title: string, keepLines = 0): LogPane {
    return this.show(`${ctx.model.projectName}:${services.join(',')}`, title, () => new LogPane(ctx, services, keepLines));
  }
}
