/**
 * Checks that work grows in proportion to its input, without a wall-clock budget: the same work is
 * timed at two sizes, interleaved, best of several runs, and only their ratio is judged. A busy
 * machine slows both sizes alike; a quadratic algorithm makes the ratio of a 10× larger input
 * about 100 instead of about 10.
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
    const start = process.hrtime.bigint();
    options.work(input);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let i = 0; i < runs; i++) {
    smallMs = Math.min(smallMs, time(inputs.small));
    largeMs = Math.min(largeMs, time(inputs.large));
  }
  const ratio = largeMs / Math.max(smallMs, 0.05);
  const sizeRatio = options.large / options.small;
  console.log(`      ${what}: ${options.small} → ${smallMs.toFixed(1)} ms, ${options.large} → ${largeMs.toFixed(1)} ms (×${ratio.toFixed(1)} for ×${sizeRatio})`);
  assert.ok(ratio < options.maxRatio, `${what}: ${sizeRatio}× the input took ${ratio.toFixed(1)}× the time (linear ≈ ${sizeRatio}, quadratic ≈ ${sizeRatio ** 2}; bound ${options.maxRatio})`);
  return { smallMs, largeMs, ratio };
}
