/**
 * The lossless syntax tree of one env file.
 *
 * Every node carries UTF-16 offsets into the original text (after the BOM, if any, which
 * `EnvDocument.bom` records), so `text.slice(line.start, line.eolEnd)` over all lines gives the
 * file back byte for byte. Positions for editors come from `LineIndex`.
 */

/** A half-open range of offsets `[start, end)` into `EnvDocument.text`. */
export interface Span {
  start: number;
  end: number;
}

/** A `${NAME}`, `${NAME:-default}`, `${NAME-default}` or `$NAME` reference inside a value. */
export interface Reference {
  name: string;
  /** The whole reference, from `$` to the closing `}` (or the end of the name). */
  span: Span;
  nameSpan: Span;
  form: 'braced' | 'simple';
  /** The default after `:-` / `-`, raw text, when one is given. */
  defaultValue?: string;
  /** `:-` (used when unset or empty) or `-` (used only when unset). */
  defaultOp?: ':-' | '-';
  /** False for `${NAME` with no closing brace. */
  closed: boolean;
}

export type QuoteKind = 'none' | 'single' | 'double';

export interface Value {
  /** The raw value as written, quotes included. Empty span for `KEY=`. */
  span: Span;
  /** The text between the quotes (the trimmed value when unquoted). */
  contentSpan: Span;
  quote: QuoteKind;
  /** The value after quote and escape processing, before `${}` expansion. */
  text: string;
  /** False for a quote that never closes; the value then runs to the end of its first line. */
  closed: boolean;
  /** True when the quoted value spans several lines. */
  multiline: boolean;
  /** References nself would expand (none inside single quotes). */
  references: Reference[];
}

interface LineBase {
  /** 0-based number of the line the node starts on. */
  line: number;
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just past the last character, line ending excluded. */
  end: number;
  /** Offset just past the line ending (equal to `end` on the last line without a newline). */
  eolEnd: number;
}

export interface EntryLine extends LineBase {
  kind: 'entry';
  /** Present when the line starts with `export `. */
  exportSpan?: Span;
  key: string;
  keySpan: Span;
  /** Offset of the `=`. */
  equals: number;
  /** Whitespace between the key and `=`, or between `=` and the value. */
  spaceAroundEquals: boolean;
  value: Value;
  /** An inline `# comment` after the value. */
  comment?: Span;
  /** Non-comment text after a closing quote (`"a"b`), if any. */
  trailing?: Span;
  /** Leading whitespace before the key or `export`. */
  indent: number;
  /** 0-based number of the last line the entry occupies (multi-line values). */
  endLine: number;
}

export interface CommentLine extends LineBase {
  kind: 'comment';
  /** From `#` to the end of the line. */
  comment: Span;
}

export interface BlankLine extends LineBase {
  kind: 'blank';
}

/** A line nself cannot read: no `=`, or no key before it. */
export interface InvalidLine extends LineBase {
  kind: 'invalid';
  reason: 'missing-equals' | 'missing-key';
}

export type Line = EntryLine | CommentLine | BlankLine | InvalidLine;

/** Why a file as a whole is not something nself would load. */
export interface FileProblem {
  kind: 'nul-byte' | 'too-large' | 'binary';
  message: string;
  offset: number;
}
