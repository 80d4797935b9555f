/**
 * Strict JSON (RFC 8259, what `JSON.parse` accepts) read into a tree that keeps where every key and
 * value is, so that a problem can be shown on the key or value at fault. A syntax error comes with
 * the offset where the parser stopped. Pure and small: server.json files are a dozen lines.
 */

/** A JSON value and the offsets `[start, end)` of its text. */
export type JsonNode =
  | { type: 'object'; start: number; end: number; properties: JsonProperty[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number; value: null };

/** One `"key": value` of an object; `key` spans the quoted key. */
export interface JsonProperty {
  key: { value: string; start: number; end: number };
  value: JsonNode;
}

export type JsonParse = { ok: true; root: JsonNode } | { ok: false; error: { message: string; start: number; end: number } };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Deeper nesting than this is refused (a hostile file must not exhaust the stack). */
const MAX_DEPTH = 200;

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Parses `text` as one JSON value; a leading BOM is skipped (grep, nself 0.9's reader, ignores it too). */
export function parseJsonTree(text: string): JsonParse {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, at = i, length = 1): never => {
    throw new SyntaxFailure(message, at, Math.min(text.length, at + length));
  };
  const found = (): string => (i >= text.length ? 'the end of the file' : `${JSON.stringify(text[i])}`);
  const skipSpace = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else break;
    }
  };
  const expect = (c: string, what: string): void => {
    if (text[i] !== c) fail(`expected ${what}, found ${found()}`);
    i++;
  };

  const string = (): { value: string; start: number; end: number } => {
    const start = i;
    i++; // the opening quote
    let value = '';
    for (;;) {
      if (i >= text.length) fail('a string is not closed', start, text.length - start);
      const code = text.charCodeAt(i);
      if (code === 0x22) break;
      if (code === 0x0a || code === 0x0d) fail('a string is not closed before the end of the line', start, i - start);
      if (code < 0x20) fail('a control character must be escaped in a string');
      if (code === 0x5c) {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          value += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`invalid escape ${JSON.stringify(text.slice(i, i + 2))} in a string`, i, 2);
        continue;
      }
      value += text[i];
      i++;
    }
    i++; // the closing quote
    return { value, start, end: i };
  };

  const number = (): JsonNode => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail(`expected a value, found ${found()}`);
    const start = i;
    i += m![0].length;
    // `01`, `1.`, `1e`: the number matched stops early, and what follows is not JSON.
    if (/[0-9.eE+\-]/.test(text[i] ?? '')) fail(`invalid number ${JSON.stringify(text.slice(start, i + 1))}`, start, i + 1 - start);
    return { type: 'number', start, end: i, value: Number(m![0]) };
  };

  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    skipSpace();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const properties: JsonProperty[] = [];
      skipSpace();
      if (text[i] === '}') {
        i++;
        return { type: 'object', start, end: i, properties };
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(properties.length ? `expected a quoted key after ",", found ${found()}` : `expected a quoted key or "}", found ${found()}`);
        const key = string();
        skipSpace();
        expect(':', `":" after the key ${JSON.stringify(key.value)}`);
        properties.push({ key, value: value(depth + 1) });
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}', '"," or "}" after a value');
        return { type: 'object', start, end: i, properties };
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return { type: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']', '"," or "]" after a value');
        return { type: 'array', start, end: i, items };
      }
    }
    if (c === '"') return { type: 'string', ...string() };
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v === null ? { type: 'null', start, end: i, value: null } : { type: 'boolean', start, end: i, value: v };
      }
    }
    return number();
  };

  try {
    const root = value(0);
    skipSpace();
    if (i < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
    return { ok: true, root };
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { ok: false, error: { message: error.message, start: error.start, end: error.end } };
  }
}

/** The plain value of a node, as `JSON.parse` gives it (the last of duplicate keys wins). */
export function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // defineProperty: a `"__proto__"` key is an own property, as with JSON.parse, never the prototype.
      for (const p of node.properties) Object.defineProperty(out, p.key.value, { value: jsonValue(p.value), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case 'array':
      return node.items.map(jsonValue);
    default:
      return node.value;
  }
}

/** 0-based line and UTF-16 character of offsets, with `\n`, `\r\n` and a lone `\r` as line breaks (as LSP counts them). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\r' && text[i + 1] === '\n') continue;
      if (c === '\n' || c === '\r') this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; character: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - this.starts[lo]! };
  }
}
