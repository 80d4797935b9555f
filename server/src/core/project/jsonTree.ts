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

/** Thrown inside the parser only; not an Error, so no stack is captured for a refused file. */
class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** Parses `text` as one JSON value; a leading BOM is skipped (grep, nself 0.9's reader, ignores it too). */
export function parseJsonTree(text: string): JsonParse {
  const parser = new Parser(text);
  try {
    const root = parser.value(0);
    parser.skipSpace();
    if (parser.i < text.length) parser.fail(`unexpected ${parser.found()} after the end of the JSON value`);
    return { ok: true, root };
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { ok: false, error: { message: error.message, start: error.start, end: error.end } };
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A recursive descent over `text` (methods, not closures: one parse allocates no functions). */
class Parser {
  i: number;
  constructor(private readonly text: string) {
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  fail(message: string, at = this.i, length = 1): never {
    throw new SyntaxFailure(message, at, Math.min(this.text.length, at + length));
  }

  found(): string {
    return this.i >= this.text.length ? 'the end of the file' : JSON.stringify(this.text[this.i]);
  }

  skipSpace(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  private expect(c: string, what: string): void {
    if (this.text[this.i] !== c) this.fail(`expected ${what}, found ${this.found()}`);
    this.i++;
  }

  string(): { value: string; start: number; end: number } {
    const { text } = this;
    const start = this.i;
    this.i++; // the opening quote
    let value = '';
    let run = this.i;
    for (;;) {
      if (this.i >= text.length) this.fail('a string is not closed', start, text.length - start);
      const code = text.charCodeAt(this.i);
      if (code === 0x22) break;
      if (code === 0x0a || code === 0x0d) this.fail('a string is not closed before the end of the line', start, this.i - start);
      if (code < 0x20) this.fail('a control character must be escaped in a string');
      if (code !== 0x5c) {
        this.i++;
        continue;
      }
      value += text.slice(run, this.i);
      const e = text[this.i + 1];
      if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
        value += ESCAPES[e];
        this.i += 2;
      } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(this.i + 2, this.i + 6))) {
        value += String.fromCharCode(Number.parseInt(text.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else this.fail(`invalid escape ${JSON.stringify(text.slice(this.i, this.i + 2))} in a string`, this.i, 2);
      run = this.i;
    }
    value += text.slice(run, this.i);
    this.i++; // the closing quote
    return { value, start, end: this.i };
  }

  private number(): JsonNode {
    const { text } = this;
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(text);
    if (!m) return this.fail(`expected a value, found ${this.found()}`);
    const start = this.i;
    this.i += m[0].length;
    // `01`, `1.`, `1e`: the number matched stops early, and what follows is not JSON.
    if (/[0-9.eE+-]/.test(text[this.i] ?? '')) this.fail(`invalid number ${JSON.stringify(text.slice(start, this.i + 1))}`, start, this.i + 1 - start);
    return { type: 'number', start, end: this.i, value: Number(m[0]) };
  }

  value(depth: number): JsonNode {
    const { text } = this;
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    this.skipSpace();
    const start = this.i;
    const c = text[this.i];
    if (c === '{') return this.object(start, depth);
    if (c === '[') return this.array(start, depth);
    if (c === '"') return { type: 'string', ...this.string() };
    if (text.startsWith('true', this.i)) return { type: 'boolean', start, end: (this.i += 4), value: true };
    if (text.startsWith('false', this.i)) return { type: 'boolean', start, end: (this.i += 5), value: false };
    if (text.startsWith('null', this.i)) return { type: 'null', start, end: (this.i += 4), value: null };
    return this.number();
  }

  private object(start: number, depth: number): JsonNode {
    const { text } = this;
    this.i++;
    const properties: JsonProperty[] = [];
    this.skipSpace();
    if (text[this.i] === '}') return { type: 'object', start, end: ++this.i, properties };
    for (;;) {
      this.skipSpace();
      if (text[this.i] !== '"') this.fail(properties.length ? `expected a quoted key after ",", found ${this.found()}` : `expected a quoted key or "}", found ${this.found()}`);
      const key = this.string();
      this.skipSpace();
      this.expect(':', `":" after the key ${JSON.stringify(key.value)}`);
      properties.push({ key, value: this.value(depth + 1) });
      this.skipSpace();
      if (text[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect('}', '"," or "}" after a value');
      return { type: 'object', start, end: this.i, properties };
    }
  }

  private array(start: number, depth: number): JsonNode {
    const { text } = this;
    this.i++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (text[this.i] === ']') return { type: 'array', start, end: ++this.i, items };
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (text[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect(']', '"," or "]" after a value');
      return { type: 'array', start, end: this.i, items };
    }
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
