/**
 * A line diff for the deploy plan: what a file on the server becomes. Longest common subsequence
 * over lines with the common head and tail trimmed first (generated files change in a few places);
 * files too large for that are shown as replaced whole rather than costing seconds.
 */

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** Above this many cells of the LCS table the diff is "replaced" instead. */
const MAX_CELLS = 4_000_000;

/** Every line of `before` and `after`, marked kept, added or removed. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ op: ' ', text }));
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    out.push(...midA.map((text) => ({ op: '-' as const, text })), ...midB.map((text) => ({ op: '+' as const, text })));
  } else {
    out.push(...lcsDiff(midA, midB));
  }
  out.push(...a.slice(a.length - tail).map((text) => ({ op: ' ' as const, text })));
  return out;
}

function lcsDiff(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Unified-diff text (`@@` hunks with `context` lines around each change); empty when equal. */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  const lines = diffLines(before, after);
  const changed = lines.map((l) => l.op !== ' ');
  if (!changed.includes(true)) return '';
  const out = [`--- ${file} (on the server)`, `+++ ${file} (this deploy)`];
  let k = 0;
  while (k < lines.length) {
    if (!changed[k]) {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while the next change is within 2*context lines.
    for (let next = k; next < lines.length; next++) {
      if (changed[next]) end = next;
      else if (next - end > 2 * context) break;
    }
    const stop = Math.min(lines.length, end + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (let x = 0; x < start; x++) {
      if (lines[x]!.op !== '+') oldLine++;
      if (lines[x]!.op !== '-') newLine++;
    }
    const hunk = lines.slice(start, stop);
    const oldCount = hunk.filter((l) => l.op !== '+').length;
    const newCount = hunk.filter((l) => l.op !== '-').length;
    out.push(`@@ -${oldLine},${oldCount} +${newLine},${newCount} @@`);
    for (const l of hunk) out.push(l.op + l.text);
    k = stop;
  }
  return out.join('\n') + '\n';
}
