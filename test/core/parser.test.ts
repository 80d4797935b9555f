import { strict as assert } from 'assert';
import { parseEnv, type EntryLine, type EnvDocument } from '../../server/src/core/parser';

function entry(doc: EnvDocument, key: string): EntryLine {
  const found = doc.entries.find((e) => e.key === key);
  assert.ok(found, `no entry ${key}`);
  return found;
}

const slice = (doc: EnvDocument, span: { start: number; end: number }) => doc.text.slice(span.start, span.end);

/** Concatenating every line (with its line ending) must give the text back: the parse is lossless. */
function assertLossless(doc: EnvDocument): void {
  assert.equal(doc.lines.map((l) => doc.text.slice(l.start, l.eolEnd)).join(''), doc.text);
  let previous = 0;
  for (const line of doc.lines) {
    assert.equal(line.start, previous, `line ${line.line} starts where the previous ended`);
    previous = line.eolEnd;
  }
}

describe('parser', () => {
  it('reads plain, quoted and empty values with positions for key, value and quotes', () => {
    const doc = parseEnv('A=1\nB="two words"\nC=\'lit\'\nD=\n', '/p/.env');
    assertLossless(doc);
    assert.deepEqual(doc.entries.map((e) => [e.key, e.value.text, e.value.quote]), [
      ['A', '1', 'none'],
      ['B', 'two words', 'double'],
      ['C', 'lit', 'single'],
      ['D', '', 'none'],
    ]);
    const b = entry(doc, 'B');
    assert.equal(slice(doc, b.keySpan), 'B');
    assert.equal(slice(doc, b.value.span), '"two words"');
    assert.equal(slice(doc, b.value.contentSpan), 'two words');
    assert.equal(doc.text[b.equals], '=');
    assert.equal(b.line, 1);
  });

  it('keeps full-line and inline comments, but not a # inside a value or quotes', () => {
    const doc = parseEnv('# header\nA=1 # note\nB=a#b\nC="x # y" # after\nD=#start\n');
    assertLossless(doc);
    assert.equal(doc.lines[0].kind, 'comment');
    assert.equal(entry(doc, 'A').value.text, '1');
    assert.equal(slice(doc, entry(doc, 'A').comment!), '# note');
    assert.equal(entry(doc, 'B').value.text, 'a#b');
    assert.equal(entry(doc, 'B').comment, undefined);
    assert.equal(entry(doc, 'C').value.text, 'x # y');
    assert.equal(slice(doc, entry(doc, 'C').comment!), '# after');
    // godotenv only starts a comment at a `#` after whitespace; a value that starts with # is a comment.
    assert.equal(entry(doc, 'D').value.text, '');
  });

  it('accepts `export` and records it', () => {
    const doc = parseEnv('export A=1\nexportB=2\n');
    assert.equal(slice(doc, entry(doc, 'A').exportSpan!), 'export');
    assert.equal(entry(doc, 'exportB').exportSpan, undefined);
  });

  it('records spaces around = and leading whitespace', () => {
    const doc = parseEnv('A = 1\n  B=2\nC= 3\nD=4\n');
    assert.equal(entry(doc, 'A').spaceAroundEquals, true);
    assert.equal(entry(doc, 'A').value.text, '1');
    assert.equal(entry(doc, 'B').indent, 2);
    assert.equal(entry(doc, 'C').spaceAroundEquals, true);
    assert.equal(entry(doc, 'D').spaceAroundEquals, false);
  });

  it('keeps a second = in the value', () => {
    const doc = parseEnv('CS_1_ENV=A=1,B=2\n');
    assert.equal(entry(doc, 'CS_1_ENV').value.text, 'A=1,B=2');
  });

  it('processes escapes in double quotes only', () => {
    const doc = parseEnv('A="a\\nb \\"q\\" \\$x"\nB=\'a\\nb\'\n');
    assert.equal(entry(doc, 'A').value.text, 'a\nb "q" $x');
    assert.equal(entry(doc, 'A').value.references.length, 0, 'escaped $ is not a reference');
    assert.equal(entry(doc, 'B').value.text, 'a\\nb');
  });

  it('finds ${VAR}, ${VAR:-default}, ${VAR-default}, nested defaults and $VAR with positions', () => {
    const doc = parseEnv('A=${B} $C ${D:-x${E}} ${F-y}\nS=\'${NOT}\'\n');
    const refs = entry(doc, 'A').value.references;
    assert.deepEqual(refs.map((r) => [r.name, r.form, r.defaultOp, r.defaultValue]), [
      ['B', 'braced', undefined, undefined],
      ['C', 'simple', undefined, undefined],
      ['D', 'braced', ':-', 'x${E}'],
      ['F', 'braced', '-', 'y'],
    ]);
    assert.equal(slice(doc, refs[0].span), '${B}');
    assert.equal(slice(doc, refs[0].nameSpan), 'B');
    assert.equal(slice(doc, refs[2].span), '${D:-x${E}}');
    assert.equal(entry(doc, 'S').value.references.length, 0, 'single quotes are literal');
  });

  it('marks an unbalanced ${ without swallowing the next line', () => {
    const doc = parseEnv('A=${B\nC=1\n');
    const ref = entry(doc, 'A').value.references[0];
    assert.equal(ref.closed, false);
    assert.equal(ref.name, 'B');
    assert.equal(entry(doc, 'C').value.text, '1');
  });

  it('reads multi-line double-quoted values', () => {
    const doc = parseEnv('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\n');
    assertLossless(doc);
    const key = entry(doc, 'KEY');
    assert.equal(key.value.multiline, true);
    assert.equal(key.value.text, '-----BEGIN-----\nabc\n-----END-----');
    assert.equal(key.endLine, 2);
    assert.equal(entry(doc, 'NEXT').line, 3);
  });

  it('limits an unterminated quote to its own line and keeps parsing', () => {
    const doc = parseEnv('A="open\nB="closed"\nC=3\n');
    assertLossless(doc);
    assert.equal(entry(doc, 'A').value.closed, false);
    assert.equal(entry(doc, 'A').value.text, 'open');
    assert.equal(entry(doc, 'B').value.text, 'closed');
    assert.equal(entry(doc, 'C').value.text, '3');
  });

  it('records text after a closing quote', () => {
    const doc = parseEnv('A="x"y\n');
    assert.equal(slice(doc, entry(doc, 'A').trailing!), 'y');
  });

  it('turns lines without = or without a key into invalid lines', () => {
    const doc = parseEnv('JUSTAKEY\n=value\nok=1\n');
    assert.deepEqual(doc.lines.map((l) => (l.kind === 'invalid' ? l.reason : l.kind)), ['missing-equals', 'missing-key', 'entry']);
  });

  it('handles CRLF line endings: values and positions exclude the \\r', () => {
    const doc = parseEnv('A=1\r\nB="x"\r\n# c\r\n');
    assertLossless(doc);
    assert.equal(entry(doc, 'A').value.text, '1');
    assert.equal(entry(doc, 'B').value.text, 'x');
    assert.equal(doc.lines[0].end, 3);
    assert.equal(doc.lines[0].eolEnd, 5);
    assert.deepEqual(doc.lineIndex.positionAt(entry(doc, 'B').keySpan.start), { line: 1, character: 0 });
  });

  it('strips a BOM and records it', () => {
    const doc = parseEnv('\uFEFFA=1\n');
    assert.equal(doc.bom, true);
    assert.equal(entry(doc, 'A').keySpan.start, 0);
  });

  it('knows whether the file ends with a newline', () => {
    assert.equal(parseEnv('A=1').finalNewline, false);
    assert.equal(parseEnv('A=1\n').finalNewline, true);
    assert.equal(parseEnv('').finalNewline, true);
    assert.equal(parseEnv('A=1').entries[0].value.text, '1');
  });

  it('reports a NUL byte and keeps parsing', () => {
    const doc = parseEnv('A=1\nB=\0x\nC=3\n');
    assert.equal(doc.fileProblems[0].kind, 'nul-byte');
    assert.equal(doc.fileProblems[0].offset, 6);
    assert.equal(entry(doc, 'C').value.text, '3');
  });

  it('reports a file over 1 MB and still parses a 2 MB file quickly', () => {
    const line = 'SOME_KEY_NAME=some value that is long enough to fill\n';
    const text = line.repeat(Math.ceil((2 * 1024 * 1024) / line.length));
    const doc = parseEnv(text);
    assert.equal(doc.fileProblems.some((p) => p.kind === 'too-large'), true);
    assert.equal(doc.entries.length, text.split('\n').length - 1);
  });

  it('reports text that is not valid UTF-8', () => {
    const doc = parseEnv(Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x0a]).toString('utf8'));
    assert.equal(doc.fileProblems.some((p) => p.kind === 'binary'), true);
  });

  it('never throws and stays lossless on random bytes', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['=', '"', "'", '$', '{', '}', '#', '\n', '\r', ' ', '\\', 'A', '_', 'export ', ':-', '\0', '\uFFFD', 'é', '\t'];
    for (let round = 0; round < 500; round++) {
      let text = '';
      const length = Math.floor(random() * 200);
      for (let i = 0; i < length; i++) text += random() < 0.7 ? alphabet[Math.floor(random() * alphabet.length)] : String.fromCharCode(Math.floor(random() * 0xffff));
      const doc = parseEnv(text);
      assertLossless(doc);
      for (const e of doc.entries) {
        assert.ok(e.value.span.start >= e.equals && e.value.span.end <= doc.text.length);
        for (const r of e.value.references) assert.ok(r.span.start >= e.value.span.start && r.span.end <= e.value.span.end + 1);
      }
    }
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    assertLossless(parseEnv(bytes.toString('latin1')));
    assertLossless(parseEnv(bytes.toString('utf8')));
  });

  it('converts offsets and positions both ways', () => {
    const doc = parseEnv('A=1\nBB=22\n');
    const b = entry(doc, 'BB');
    const position = doc.lineIndex.positionAt(b.value.span.start);
    assert.deepEqual(position, { line: 1, character: 3 });
    assert.equal(doc.lineIndex.offsetAt(position), b.value.span.start);
    assert.equal(doc.lineIndex.offsetAt({ line: 99, character: 0 }), doc.text.length);
    assert.equal(doc.lineIndex.offsetAt({ line: 0, character: 80 }), 3, 'past the end of a line is its end');
    assert.equal(parseEnv('A=1\r\nB=2').lineIndex.offsetAt({ line: 0, character: 9 }), 3, 'before the \\r\\n');
  });
});
