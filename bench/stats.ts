/** Runs `fn` repeatedly and returns per-call milliseconds (after `warmup` discarded runs). */
export function sample(fn: () => void, runs: number, warmup = Math.min(5, runs)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

export function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2)).padStart(8);

/** Prints a row `label | p50 | p95 | budget`. */
export function row(label: string, times: number[], budgetMs?: number): void {
  const p95 = percentile(times, 95);
  const verdict = budgetMs === undefined ? '' : p95 <= budgetMs ? `  ok (< ${budgetMs} ms)` : `  OVER (${budgetMs} ms)`;
  console.log(`${label.padEnd(46)} p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(p95)} ms${verdict}`);
}
