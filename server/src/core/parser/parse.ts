import { MAX_FILE_BYTES, standInSize } from '../limits';
import type { EntryLine, FileProblem, Line, QuoteKind, Reference, Span, Value } from './ast';
import { LineIndex } from './lineIndex';

/** One parsed env file. Immutable; re-parse on every change (it is cheap). */
export interface EnvDocument {
  /** Absolute path of the file; identity across the project. */
  path: string;
  /** The text without its BOM. All offsets point into this string. */
  text: string;
  bom: boolean;
  lines: Line[];
  /** The `entry` lines, in file order. */
  entries: EntryLine[];
  fileProblems: FileProblem[];
  lineIndex: LineIndex;
  /** True when the last line ends with a newline (or the file is empty). */
  finalNewline: boolean;
}

export { MAX_FILE_BYTES } from '../limits';

/** The longest quoted value the parser looks for a closing quote in. */
const MAX_QUOTED_LENGTH = 64 * 1024;

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const DOLLAR = 36;
const LBRACE = 123;
const RBRACE = 125;
const BACKSLASH = 92;

const isBlank = (c: number) => c === SPACE || c === TAB;
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/**
 * Parses env text the way godotenv (nself 1.x) reads it, keeping every position.
 * Never throws: unreadable lines become `invalid` lines and parsing goes on.
 */
export function parseEnv(source: string, path = ''): EnvDocument {
  const bom = source.charCodeAt(0) === 0xfeff;
  const text = bom ? source.slice(1) : source;
  const lines: Line[] = [];
  const entries: EntryLine[] = [];
  const n = text.length;
  let pos = 0;
  let lineNo = 0;

  while (pos < n) {
    const newline = text.indexOf('\n', pos);
    const eolEnd = newline === -1 ? n : newline + 1;
    const end = newline === -1 ? n : newline > pos && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
    const line = parseLine(text, pos, end, eolEnd, lineNo);
    lines.push(line);
    if (line.kind === 'entry') {
      entries.push(line);
      // A multi-line value consumed the following lines too.
      lineNo = line.endLine + 1;
      pos = line.eolEnd;
    } else {
      lineNo++;
      pos = eolEnd;
    }
  }

  return {
    path,
    text,
    bom,
    lines,
    entries,
    fileProblems: fileProblems(source, text),
    lineIndex: new LineIndex(text),
    finalNewline: n === 0 || text.charCodeAt(n - 1) === NL,
  };
}

function fileProblems(source: string, text: string): FileProblem[] {
  const problems: FileProblem[] = [];
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    problems.push({ kind: 'nul-byte', offset: nul, message: `The file contains a NUL byte at offset ${nul}; nself refuses to load it. Is this a binary file?` });
  }
  const skipped = standInSize(text);
  if (skipped !== undefined) {
    const size = skipped >= 10 * 1024 * 1024 ? `${Math.round(skipped / 1024 / 1024)} MB` : `${(skipped / 1024 / 1024).toFixed(1)} MB`;
    problems.push({ kind: 'too-large', offset: 0, message: `The file is ${size}; nself refuses files over 1 MB ("config file too large"), so it is not read or checked.` });
  } else if (source.length > MAX_FILE_BYTES / 4 && Buffer.byteLength(source, 'utf8') > MAX_FILE_BYTES) {
    problems.push({ kind: 'too-large', offset: 0, message: 'The file is larger than 1 MB; nself refuses to load it ("config file too large").' });
  }
  const replacement = text.indexOf('\uFFFD');
  if (replacement !== -1) {
    problems.push({ kind: 'binary', offset: replacement, message: 'The file is not valid UTF-8 text: nself and Docker would read other values than the ones shown.' });
  }
  return problems;
}

function parseLine(text: string, start: number, end: number, eolEnd: number, line: number): Line {
  let i = start;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  const indent = i - start;
  if (i === end) return { kind: 'blank', line, start, end, eolEnd };
  if (text.charCodeAt(i) === HASH) return { kind: 'comment', line, start, end, eolEnd, comment: { start: i, end } };

  let exportSpan: Span | undefined;
  if (text.startsWith('export', i) && i + 6 < end && isBlank(text.charCodeAt(i + 6))) {
    exportSpan = { start: i, end: i + 6 };
    i += 6;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
  }

  const keyStart = i;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === EQUALS || isBlank(c)) break;
    i++;
  }
  const keyEnd = i;
  let spaceAroundEquals = false;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== EQUALS) {
    return { kind: 'invalid', reason: 'missing-equals', line, start, end, eolEnd };
  }
  if (i > keyEnd) spaceAroundEquals = true;
  if (keyEnd === keyStart) return { kind: 'invalid', reason: 'missing-key', line, start, end, eolEnd };
  const equals = i++;
  const afterEquals = i;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i > afterEquals && i < end && text.charCodeAt(i) !== HASH) spaceAroundEquals = true;

  const entry: EntryLine = {
    kind: 'entry',
    line,
    endLine: line,
    start,
    end,
    eolEnd,
    exportSpan,
    key: text.slice(keyStart, keyEnd),
    keySpan: { start: keyStart, end: keyEnd },
    equals,
    spaceAroundEquals,
    indent,
    value: EMPTY_VALUE,
  };

  const first = i < end ? text.charCodeAt(i) : -1;
  if (first === DQUOTE || first === SQUOTE) {
    parseQuoted(text, entry, i, first === DQUOTE ? 'double' : 'single');
  } else {
    parseUnquoted(text, entry, afterEquals, end);
  }
  return entry;
}

const EMPTY_VALUE: Value = {
  span: { start: 0, end: 0 },
  contentSpan: { start: 0, end: 0 },
  quote: 'none',
  text: '',
  closed: true,
  multiline: false,
  references: [],
};

function parseUnquoted(text: string, entry: EntryLine, from: number, end: number): void {
  let i = from;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  const valueStart = i;
  let valueEnd = end;
  for (let j = i; j < end; j++) {
    // An inline comment starts at a `#` that follows whitespace (or stands first).
    if (text.charCodeAt(j) === HASH && (j === valueStart || isBlank(text.charCodeAt(j - 1)))) {
      entry.comment = { start: j, end };
      valueEnd = j;
      break;
    }
  }
  while (valueEnd > valueStart && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
  const span = { start: valueStart, end: valueEnd };
  entry.value = {
    span,
    contentSpan: span,
    quote: 'none',
    text: text.slice(valueStart, valueEnd),
    closed: true,
    multiline: false,
    references: scanReferences(text, valueStart, valueEnd, false),
  };
}

function parseQuoted(text: string, entry: EntryLine, open: number, quote: Exclude<QuoteKind, 'none'>): void {
  const q = quote === 'double' ? DQUOTE : SQUOTE;
  const n = text.length;
  let close = -1;
  // A multi-line value longer than this is no value but a quote that never closes; the bound
  // also keeps a file full of unterminated quotes from costing quadratic time.
  const limit = Math.min(n, open + MAX_QUOTED_LENGTH);
  for (let j = open + 1; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH && quote === 'double') j++;
    else if (c === q) {
      close = j;
      break;
    }
  }

  if (close !== -1) {
    const closeLineEnd = lineEndAt(text, close);
    const rest = restAfterQuote(text, close + 1, closeLineEnd.end);
    const multiline = close > entry.end;
    // A quote that "closes" on a later line followed by junk was really never closed:
    // `A="x` then `B="y"` must not swallow B.
    if (!(multiline && rest.trailing)) {
      const contentSpan = { start: open + 1, end: close };
      entry.value = {
        span: { start: open, end: close + 1 },
        contentSpan,
        quote,
        text: quote === 'double' ? unescapeDouble(text, contentSpan.start, contentSpan.end) : text.slice(open + 1, close),
        closed: true,
        multiline,
        references: quote === 'double' ? scanReferences(text, contentSpan.start, contentSpan.end, true) : [],
      };
      entry.comment = rest.comment;
      entry.trailing = rest.trailing;
      if (multiline) {
        entry.end = closeLineEnd.end;
        entry.eolEnd = closeLineEnd.eolEnd;
        entry.endLine = entry.line + countNewlines(text, entry.start, close);
      }
      return;
    }
  }

  // Unterminated: the value runs to the end of its own line.
  let valueEnd = entry.end;
  while (valueEnd > open + 1 && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
  const contentSpan = { start: open + 1, end: valueEnd };
  entry.value = {
    span: { start: open, end: valueEnd },
    contentSpan,
    quote,
    text: text.slice(contentSpan.start, contentSpan.end),
    closed: false,
    multiline: false,
    references: quote === 'double' ? scanReferences(text, contentSpan.start, contentSpan.end, true) : [],
  };
}

function lineEndAt(text: string, offset: number): { end: number; eolEnd: number } {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return { end: text.length, eolEnd: text.length };
  return { end: newline > offset && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline, eolEnd: newline + 1 };
}

function restAfterQuote(text: string, from: number, end: number): { comment?: Span; trailing?: Span } {
  let i = from;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i >= end) return {};
  if (text.charCodeAt(i) === HASH) return { comment: { start: i, end } };
  let trailingEnd = end;
  let hash = i;
  while (hash < end - 1 && !(text.charCodeAt(hash) === SPACE && text.charCodeAt(hash + 1) === HASH)) hash++;
  let comment: Span | undefined;
  if (hash < end - 1) {
    trailingEnd = hash;
    comment = { start: hash + 1, end };
  }
  return { trailing: { start: i, end: trailingEnd }, comment };
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function unescapeDouble(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  if (raw.indexOf('\\') === -1) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const next = raw[++i];
    switch (next) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '"': case '\\': case '$': out += next; break;
      default: out += '\\' + next;
    }
  }
  return out;
}

/** Finds `${…}` and `$NAME` between `start` and `end`; `escapes` honours `\$`. */
export function scanReferences(text: string, start: number, end: number, escapes: boolean): Reference[] {
  let i = start;
  while (i < end && text.charCodeAt(i) !== DOLLAR) i++;
  if (i >= end) return [];
  const refs: Reference[] = [];
  for (; i < end; i = nextDollar(text, i + 1, end)) {
    if (escapes && i > start && text.charCodeAt(i - 1) === BACKSLASH) continue;
    const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    if (next === LBRACE) {
      const ref = scanBraced(text, i, end);
      refs.push(ref);
      i = ref.span.end - 1;
    } else if (isNameStart(next)) {
      let j = i + 2;
      while (j < end && isNameChar(text.charCodeAt(j))) j++;
      refs.push({ name: text.slice(i + 1, j), span: { start: i, end: j }, nameSpan: { start: i + 1, end: j }, form: 'simple', closed: true });
      i = j - 1;
    }
  }
  return refs;
}

/** Like `indexOf('$')` but never looks past `end` (an unbounded search would make parsing quadratic). */
function nextDollar(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) !== DOLLAR) i++;
  return i;
}

function scanBraced(text: string, dollar: number, end: number): Reference {
  const nameStart = dollar + 2;
  let j = nameStart;
  while (j < end && isNameChar(text.charCodeAt(j))) j++;
  const nameSpan = { start: nameStart, end: j };
  const name = text.slice(nameStart, j);
  if (j < end && text.charCodeAt(j) === RBRACE) {
    return { name, span: { start: dollar, end: j + 1 }, nameSpan, form: 'braced', closed: true };
  }
  let defaultOp: ':-' | '-' | undefined;
  if (text.startsWith(':-', j)) defaultOp = ':-';
  else if (text.charCodeAt(j) === 45 /* - */) defaultOp = '-';
  const defaultStart = j + (defaultOp ? defaultOp.length : 0);
  // Defaults may nest references: `${A:-${B}}`.
  let depth = 1;
  let k = defaultStart;
  for (; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === LBRACE && text.charCodeAt(k - 1) === DOLLAR) depth++;
    else if (c === RBRACE && --depth === 0) break;
  }
  if (k >= end) {
    return { name, span: { start: dollar, end }, nameSpan, form: 'braced', closed: false, defaultOp, defaultValue: defaultOp ? text.slice(defaultStart, end) : undefined };
  }
  return {
    name,
    span: { start: dollar, end: k + 1 },
    nameSpan,
    form: 'braced',
    closed: true,
    defaultOp,
    defaultValue: defaultOp ? text.slice(defaultStart, k) : undefined,
  };
}
