/**
 * A bounded line buffer for log panes: whatever the log volume, it holds at most `maxLines` lines
 * and `maxChars` characters; when full, the oldest lines go and are counted, so the pane can say
 * "… 1,234 lines skipped" instead of growing without end.
 */
export class LineQueue {
  private lines: string[] = [];
  private head = 0;
  private chars = 0;
  private skipped = 0;

  constructor(
    readonly maxLines = 10_000,
    readonly maxChars = 4_000_000,
  ) {}

  get length(): number {
    return this.lines.length - this.head;
  }

  /** Lines dropped since the last `drain`. */
  get dropped(): number {
    return this.skipped;
  }

  push(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    while (this.length > this.maxLines || (this.chars > this.maxChars && this.length > 1)) {
      this.chars -= this.lines[this.head]!.length;
      this.head++;
      this.skipped++;
    }
    // Compact now and then, so the dropped head does not keep the array large.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  /** Everything queued, oldest first, and how many lines were dropped before them. */
  drain(): { lines: string[]; dropped: number } {
    const out = { lines: this.lines.slice(this.head), dropped: this.skipped };
    this.lines = [];
    this.head = 0;
    this.chars = 0;
    this.skipped = 0;
    return out;
  }
}
