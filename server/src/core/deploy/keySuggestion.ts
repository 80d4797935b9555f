/** "Did you mean" for a key of a deploy target file (control-plane.yaml, server.json). */

/** The known key `key` is most likely a typo of: one or two edits away, or `-` written for `_`. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  return known.find((k) => editDistance(k, key) <= 2 || k === key.replace(/-/g, '_'));
}

/** Levenshtein distance, cut short at 3 (only "two edits or fewer" matters here). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
