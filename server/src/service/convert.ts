import { fileURLToPath, pathToFileURL } from 'url';
import type { Range } from 'vscode-languageserver';
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
