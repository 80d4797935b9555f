import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { EnvDocument, Line } from '../core/parser';
import type { Session } from '../service/session';

/** `# ---`, `# ===`, `# === Title ===`, `#####`, `# --- Title`: a section header. */
const HEADER = /^#+\s*(?:[-=#*~_]{3,}.*|.*[-=#*~_]{3,}\s*)$/;

/**
 * Sections start at a header comment, or at a comment block (after a blank line) that is followed
 * by entries, and run to the last non-blank line before the next section. Multi-line values fold too.
 */
export function getFoldingRanges(session: Session, params: FoldingRangeParams): FoldingRange[] | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const doc = model.doc;
  const lines = doc.lines;
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.kind !== 'comment') continue;
    const previous = lines[i - 1];
    if (previous?.kind === 'comment') continue; // only the first line of a comment block
    let j = i;
    let header = false;
    while (j < lines.length && lines[j].kind === 'comment') {
      if (HEADER.test(commentText(doc, lines[j]))) header = true;
      j++;
    }
    const followedByEntry = lines[j]?.kind === 'entry';
    if (header || (followedByEntry && (previous === undefined || previous.kind === 'blank'))) starts.push(i);
  }
  const ranges: FoldingRange[] = [];
  for (let s = 0; s < starts.length; s++) {
    const first = starts[s];
    let last = (s + 1 < starts.length ? starts[s + 1] : lines.length) - 1;
    while (last > first && lines[last].kind === 'blank') last--;
    const startLine = lines[first].line;
    const endLine = lastLineOf(lines[last]);
    if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  }
  for (const entry of doc.entries) {
    if (entry.endLine > entry.line) ranges.push({ startLine: entry.line, endLine: entry.endLine });
  }
  return ranges;
}

function commentText(doc: EnvDocument, line: Line): string {
  return doc.text.slice(line.start, line.end).trim();
}

function lastLineOf(line: Line): number {
  return line.kind === 'entry' ? line.endLine : line.line;
}
