import type { EntryLine, Line } from '../parser/ast';
import type { EnvDocument } from '../parser/parse';
import type { Fix, TextEdit } from './types';

/*
 * Edit conventions shared by every fix:
 * - Offsets are UTF-16 offsets into `EnvDocument.text` (the text after the BOM).
 * - A fix may edit several files (e.g. moving a secret into `.env.secrets`). An edit on a file
 *   that does not exist yet uses `start = end = 0` on the new path; whoever applies the fix
 *   creates the file first (the language server sends a `CreateFile` operation before the edit).
 * - Edits of one fix never overlap; apply them from the last offset to the first.
 */

/** Deletes a whole line (or the lines of a multi-line entry), its line ending included. */
export function deleteLineEdit(doc: EnvDocument, line: Line): TextEdit {
  return { file: doc.path, start: line.start, end: line.eolEnd, newText: '' };
}

/** Replaces a span of a document. */
export function replaceEdit(doc: EnvDocument, start: number, end: number, newText: string): TextEdit {
  return { file: doc.path, start, end, newText };
}

const eols = new WeakMap<EnvDocument, string>();

/** The line ending a document uses (`\n` unless it uses CRLF). Cached: fixes ask once per finding. */
export function eolOf(doc: EnvDocument | undefined): string {
  if (!doc) return '\n';
  let eol = eols.get(doc);
  if (eol === undefined) {
    const first = doc.text.indexOf('\n');
    eol = first > 0 && doc.text.charCodeAt(first - 1) === 13 ? '\r\n' : '\n';
    eols.set(doc, eol);
  }
  return eol;
}

/** Inserts a line after another one, keeping the file's line ending style. */
export function insertLineAfter(doc: EnvDocument, line: Line, text: string): TextEdit {
  const eol = doc.text.slice(line.end, line.eolEnd) || eolOf(doc);
  if (line.eolEnd === line.end) return { file: doc.path, start: line.end, end: line.end, newText: eol + text };
  return { file: doc.path, start: line.eolEnd, end: line.eolEnd, newText: text + eol };
}

/** Inserts a line before another one. */
export function insertLineBefore(doc: EnvDocument, line: Line, text: string): TextEdit {
  return { file: doc.path, start: line.start, end: line.start, newText: text + eolOf(doc) };
}

/**
 * Appends a line at the end of a file. `doc` undefined means the file does not exist yet: the
 * edit is `start = end = 0` on `file` (see the conventions above).
 */
export function appendLineEdit(file: string, doc: EnvDocument | undefined, text: string): TextEdit {
  if (!doc) return { file, start: 0, end: 0, newText: text + '\n' };
  const eol = eolOf(doc);
  const end = doc.text.length;
  const needsBreak = end > 0 && !doc.finalNewline;
  return { file: doc.path, start: end, end, newText: (needsBreak ? eol : '') + text + eol };
}

/** Renames the key of an entry. */
export function renameKeyEdit(doc: EnvDocument, entry: EntryLine, newKey: string): TextEdit {
  return { file: doc.path, start: entry.keySpan.start, end: entry.keySpan.end, newText: newKey };
}

/** A quick fix that renames an entry's key; `preferred` is set only when given. */
export function renameKeyFix(doc: EnvDocument, entry: EntryLine, newKey: string, preferred?: boolean): Fix {
  const title = `Rename to ${newKey}`;
  const edits = [renameKeyEdit(doc, entry, newKey)];
  return preferred === undefined ? { title, edits } : { title, preferred, edits };
}

/** Replaces the value of an entry (quotes included) with `newValue`, written as is. */
export function replaceValueEdit(doc: EnvDocument, entry: EntryLine, newValue: string): TextEdit {
  const span = entry.value.span.end > entry.value.span.start ? entry.value.span : { start: entry.equals + 1, end: entry.equals + 1 };
  return { file: doc.path, start: span.start, end: span.end, newText: newValue };
}

const DOUBLE_UNSAFE = /["\\`]/;

/**
 * Quotes an unquoted value without changing what it means: double quotes when every `$` in it
 * is a reference (which double quotes keep expanding), single quotes when it has no `$` at all.
 * Undefined when neither is safe.
 */
export function quoteValueEdit(doc: EnvDocument, entry: EntryLine): TextEdit | undefined {
  const value = entry.value;
  if (value.quote !== 'none' || value.span.end <= value.span.start) return undefined;
  const text = value.text;
  let dollars = 0;
  for (let i = text.indexOf('$'); i !== -1; i = text.indexOf('$', i + 1)) dollars++;
  if (!DOUBLE_UNSAFE.test(text) && dollars === value.references.length) {
    return { file: doc.path, start: value.span.start, end: value.span.end, newText: `"${text}"` };
  }
  if (dollars === 0 && !text.includes("'")) return { file: doc.path, start: value.span.start, end: value.span.end, newText: `'${text}'` };
  return undefined;
}

/** Applies edits for one file to its text (for tests and the CLI's `--fix`). Edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}
