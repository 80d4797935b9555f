/**
 * Checks that work grows in proportion to its input, without a wall-clock budget: the same work is
 * measured at two sizes, interleaved, best of several runs, and only their ratio is judged. It is
 * measured in CPU time of this process, which other processes on a busy machine do not inflate
 * (wall time does: a long run is preempted more often than a short one). A quadratic algorithm
 * makes the ratio of a 20× larger input about 400 instead of about 20.
 */
import * as assert from 'assert';

export interface ScalingResult {
  smallMs: number;
  largeMs: number;
  ratio: number;
}

/**
 * Times `work(size)` for `small` and `large` (best of `runs`, alternating) and asserts that
 * `largeMs / smallMs` stays under `maxRatio`. `prepare` builds the input outside the timing.
 */
export function assertScalesLinearly<T>(
  what: string,
  options: { small: number; large: number; maxRatio: number; runs?: number; prepare: (size: number) => T; work: (input: T) => void },
): ScalingResult {
  const runs = options.runs ?? 7;
  const inputs = { small: options.prepare(options.small), large: options.prepare(options.large) };
  // Warm up both (JIT, caches built once per process).
  options.work(inputs.small);
  options.work(inputs.large);
  let smallMs = Infinity;
  let largeMs = Infinity;
  const time = (input: T) => {
    (globalThis as { gc?: () => void }).gc?.();
    const start = process.cpuUsage();
    options.work(input);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  for (let i = 0; i < runs; i++) {
    smallMs = Math.min(smallMs, time(inputs.small));
    largeMs = Math.min(largeMs, time(inputs.large));
  }
  // CPU time is counted in steps of a few microseconds to a millisecond: keep the small size well above that.
  const ratio = largeMs / Math.max(smallMs, 0.5);
  const sizeRatio = options.large / options.small;
  console.log(`      ${what}: ${options.small} → ${smallMs.toFixed(1)} ms, ${options.large} → ${largeMs.toFixed(1)} ms of CPU (×${ratio.toFixed(1)} for ×${sizeRatio})`);
  assert.ok(ratio < options.maxRatio, `${what}: ${sizeRatio}× the input took ${ratio.toFixed(1)}× the time (linear ≈ ${sizeRatio}, quadratic ≈ ${sizeRatio ** 2}; bound ${options.maxRatio})`);
  return { smallMs, largeMs, ratio };
}
