import { fileURLToPath, pathToFileURL } from 'url';
import type { Position, Range } from 'vscode-languageserver';
import type { EnvDocument } from '../core/parser';

/** The file-system path of a `file:` URI; undefined for any other scheme (untitled, git, …). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).toString();
}

/** The LSP range of `[start, end)` in a parsed document. */
export function rangeOf(doc: EnvDocument, start: number, end: number): Range {
  return { start: doc.lineIndex.positionAt(start), end: doc.lineIndex.positionAt(end) };
}

/** True when `offset` lies in `[start, end]` (the end counts: the caret may sit just after a word). */
export function within(offset: number, start: number, end: number): boolean {
  return offset >= start && offset <= end;
}

/**
 * The offset of an LSP position. A character past the end of its line means the end of that line
 * (LSP's rule), not the start of the next one; lines past the end mean the end of the text.
 */
export function offsetAt(doc: EnvDocument, position: Position): number {
  const index = doc.lineIndex;
  if (position.line < 0) return 0;
  if (position.line >= index.lineCount) return doc.text.length;
  const start = index.lineStart(position.line);
  let end = position.line + 1 < index.lineCount ? index.lineStart(position.line + 1) - 1 : doc.text.length;
  if (end > start && doc.text.charCodeAt(end - 1) === 13) end--;
  return Math.min(start + Math.max(0, position.character), Math.max(start, end));
}
