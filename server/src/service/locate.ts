import type { EntryLine, Line, Reference } from '../core/parser';
import type { EnvDocument } from '../core/parser';
import { within } from './convert';

/** What the caret is on. Features ask this instead of re-scanning the text. */
export type Located =
  | { kind: 'key'; line: EntryLine }
  | { kind: 'reference'; line: EntryLine; ref: Reference }
  | { kind: 'value'; line: EntryLine }
  | { kind: 'other'; line: Line | undefined };

/** The line (or multi-line entry) containing `offset`, by binary search over the parsed lines. */
export function lineAt(doc: EnvDocument, offset: number): Line | undefined {
  const lines = doc.lines;
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const line = lines[mid];
    if (offset < line.start) high = mid - 1;
    else if (offset > line.end && offset >= line.eolEnd) low = mid + 1;
    else return line;
  }
  return undefined;
}

export function locate(doc: EnvDocument, offset: number): Located {
  const line = lineAt(doc, offset);
  if (!line || line.kind !== 'entry') return { kind: 'other', line };
  if (within(offset, line.keySpan.start, line.keySpan.end)) return { kind: 'key', line };
  for (const ref of line.value.references) {
    if (within(offset, ref.span.start, ref.span.end)) return { kind: 'reference', line, ref };
  }
  if (offset > line.equals) return { kind: 'value', line };
  return { kind: 'other', line };
}

/** Every entry of `doc` with this key (a file may define a key twice). */
export function entriesOf(doc: EnvDocument, key: string): EntryLine[] {
  return doc.entries.filter((entry) => entry.key === key);
}
