/**
 * The log pane of a swarm service: `docker service logs --follow --timestamps` across all its
 * tasks (node/swarm/swarmStatus), in a pseudoterminal like the compose log panes: the last
 * `nself.logs.tail` lines first, secrets masked, writes batched through the bounded line queue.
 * Closing the pane ends the docker CLI.
 */
import * as vscode from 'vscode';
import { TerminalPanes } from './logPanes';
import type { SwarmEndpoint } from '../../../server/src/core/orchestrators/swarm';
import type { SecretMasker } from '../../../server/src/core/secrets';
import { LineQueue } from '../../../server/src/core/stack/lineQueue';
import { followSwarmServiceLogs, type SwarmLogStream } from '../../../server/src/node/swarm/swarmStatus';
import { SECTION } from '../config';

const FLUSH_MS = 50;

export class SwarmLogPane implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private readonly queue = new LineQueue(5_000, 2_000_000);
  private timer: NodeJS.Timeout | undefined;
  private stream: SwarmLogStream | undefined;
  private opened = false;
  /** The last lines (tests). */
  readonly lines: string[] = [];

  constructor(
    private readonly endpoint: SwarmEndpoint,
    private readonly service: string,
    private readonly masker: SecretMasker,
    private readonly keepLines = 1000,
  ) {}

  open(): void {
    this.opened = true;
    const tail = Math.max(0, vscode.workspace.getConfiguration(SECTION).get<number>('logs.tail') ?? 500);
    this.push(`\x1b[2m── docker service logs --follow ${this.service} (all tasks)\x1b[0m`);
    this.stream = followSwarmServiceLogs(this.endpoint, this.service, {
      tail,
      masker: this.masker,
      onLine: (line) => this.push(line),
      onExit: (code, detail) => this.push(`\x1b[2m── the log stream ended (exit ${code ?? 'error'})${detail ? `: ${detail}` : ''}\x1b[0m`),
    });
  }

  private push(line: string): void {
    this.queue.push(line);
    this.lines.push(line);
    if (this.lines.length > this.keepLines) this.lines.splice(0, this.lines.length - this.keepLines);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const { lines, dropped } = this.queue.drain();
    if (!this.opened || lines.length === 0) return;
    const head = dropped ? `\x1b[2m… ${dropped.toLocaleString('en')} lines skipped\x1b[0m\r\n` : '';
    this.writer.fire(head + lines.join('\r\n').replace(/\r?\n/g, '\r\n') + '\r\n');
  }

  close(): void {
    this.stream?.stop();
    this.stream = undefined;
    clearTimeout(this.timer);
    this.opened = false;
  }

  dispose(): void {
    this.close();
    this.writer.dispose();
  }
}

/** One pane per swarm service; showing it again reveals the open one. */
export class SwarmLogPanes extends TerminalPanes<SwarmLogPane> {
  open(key: string, endpoint: SwarmEndpoint, service: string, masker: SecretMasker, title: string): SwarmLogPane {
    return this.show(key, title, () => new SwarmLogPane(endpoint, service, masker));
  }
}
