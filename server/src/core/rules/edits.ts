import type { Line } from '../parser/ast';
import type { EnvDocument } from '../parser/parse';
import type { TextEdit } from './types';

/** Deletes a whole line (or the lines of a multi-line entry), its line ending included. */
export function deleteLineEdit(doc: EnvDocument, line: Line): TextEdit {
  return { file: doc.path, start: line.start, end: line.eolEnd, newText: '' };
}

/** Replaces a span of a document. */
export function replaceEdit(doc: EnvDocument, start: number, end: number, newText: string): TextEdit {
  return { file: doc.path, start, end, newText };
}

/** Inserts a line after another one, keeping the file's line ending style. */
export function insertLineAfter(doc: EnvDocument, line: Line, text: string): TextEdit {
  const eol = doc.text.slice(line.end, line.eolEnd) || (doc.text.includes('\r\n') ? '\r\n' : '\n');
  if (line.eolEnd === line.end) return { file: doc.path, start: line.end, end: line.end, newText: eol + text };
  return { file: doc.path, start: line.eolEnd, end: line.eolEnd, newText: text + eol };
}
