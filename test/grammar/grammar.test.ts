import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { parseEnv } from '../../server/src/core/parser';
import { PATIENCE } from '../helpers/patience';

const root = join(__dirname, '..', '..');
const grammarPath = join(root, 'syntaxes', 'nself-env.tmLanguage.json');
const casesDir = join(__dirname, 'cases');

// vscode-textmate and vscode-oniguruma come with vscode-tmgrammar-test: load them from there,
// so the tokenizer here is the very one the CLI uses.
const toolRequire = createRequire(require.resolve('vscode-tmgrammar-test/package.json'));
const cliPath: string = join(
  root,
  'node_modules',
  'vscode-tmgrammar-test',
  (toolRequire('vscode-tmgrammar-test/package.json') as { bin: Record<string, string> }).bin['vscode-tmgrammar-test'],
);
const vsctm = toolRequire('vscode-textmate') as typeof import('vscode-textmate');
const onig = toolRequire('vscode-oniguruma') as typeof import('vscode-oniguruma');

/** Runs the vscode-tmgrammar-test CLI. A timeout guards against its assertion parser hanging. */
function runCli(glob: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [cliPath, '--compact', '-g', grammarPath, glob], {
    cwd: root,
    encoding: 'utf8',
    timeout: PATIENCE.build,
  });
  assert.ok(!result.error, `vscode-tmgrammar-test did not finish: ${result.error?.message ?? ''}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const caseFiles = readdirSync(casesDir).filter((f) => f.endsWith('.env')).sort();

describe('grammar: vscode-tmgrammar-test cases', function () {
  this.timeout(PATIENCE.build * 2);

  it('has a case file per construct', () => {
    assert.ok(caseFiles.length >= 8, `only ${caseFiles.length} case files in ${casesDir}`);
  });

  it('passes every assertion in test/grammar/cases', () => {
    const { status, output } = runCli('test/grammar/cases/*.env');
    assert.equal(status, 0, output);
    for (const file of caseFiles) {
      assert.match(output, new RegExp(`${file.replace('.', '\\.')}`), `${file} was not run:\n${output}`);
    }
  });

  it('fails when an assertion is wrong (the harness is not vacuous)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nself-grammar-'));
    try {
      writeFileSync(
        join(dir, 'broken.env'),
        ['# SYNTAX TEST "source.nself-env" "deliberately wrong"', 'A=b#c', '#  ^ comment.line.number-sign.inline.nself-env', ''].join('\n'),
      );
      const { status, output } = runCli(join(dir, '*.env'));
      assert.notEqual(status, 0, `a wrong assertion passed:\n${output}`);
      assert.match(output, /missing required scopes/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

type Grammar = import('vscode-textmate').IGrammar;
let grammarPromise: Promise<Grammar> | undefined;

function loadGrammar(): Promise<Grammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(toolRequire.resolve('vscode-oniguruma/release/onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
        createOnigString: (text: string) => new onig.OnigString(text),
      }),
      loadGrammar: async () => vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath),
    });
    const grammar = await registry.loadGrammar('source.nself-env');
    assert.ok(grammar, 'grammar source.nself-env did not load');
    return grammar;
  })();
  return grammarPromise;
}

/** Scopes of the token that covers `column` on each line. */
async function tokenize(text: string): Promise<Array<(column: number) => string[]>> {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line.replace(/\r$/, ''), stack);
    stack = ruleStack;
    return (column: number) => (tokens.find((t) => t.startIndex <= column && column < t.endIndex) ?? tokens[tokens.length - 1]).scopes;
  });
}

const has = (scopes: string[], prefix: string) => scopes.some((s) => s.startsWith(prefix));

/**
 * The grammar must cut lines the way the parser does: every key the parser sees is a key for the
 * grammar (nothing spilled into it), every line inside a multi-line value is string, and inline
 * comments start where the parser says.
 */
async function assertAgreesWithParser(name: string, text: string): Promise<void> {
  const doc = parseEnv(text);
  const lines = await tokenize(doc.text);
  const col = (offset: number) => doc.lineIndex.positionAt(offset);
  for (const line of doc.lines) {
    const at = lines[line.line];
    const where = `${name}:${line.line + 1}`;
    if (line.kind === 'comment') {
      assert.ok(has(at(line.comment.start - line.start), 'comment.line.number-sign'), `${where}: comment line not scoped as a comment`);
    } else if (line.kind === 'entry') {
      const key = at(line.keySpan.start - line.start);
      assert.ok(has(key, 'variable.other.key') || has(key, 'invalid.illegal.key'), `${where}: key ${line.key} scoped ${key.join(' ')}`);
      assert.ok(!has(key, 'string.'), `${where}: key ${line.key} is inside a string (a value spilled over)`);
      for (let l = line.line + 1; l <= line.endLine; l++) {
        const first = doc.text.slice(doc.lineIndex.offsetAt({ line: l, character: 0 }));
        if (first.startsWith('\n') || first.length === 0) continue;
        assert.ok(has(lines[l](0), 'string.quoted'), `${name}:${l + 1}: inside the multi-line value of ${line.key} but not a string`);
      }
      if (line.comment) {
        const pos = col(line.comment.start);
        assert.ok(has(lines[pos.line](pos.character), 'comment.line.number-sign'), `${where}: inline comment not scoped`);
      }
      const { span } = line.value;
      for (let offset = span.start; offset < span.end; offset++) {
        const pos = col(offset);
        if (doc.text[offset] === '\n') continue;
        assert.ok(!has(lines[pos.line](pos.character), 'comment.'), `${where}: value of ${line.key} is scoped as a comment at column ${pos.character}`);
      }
    }
  }
}

/** A test case file as the grammar sees it: no header, no assertion lines. */
function stripAssertions(text: string): string {
  return text
    .split('\n')
    .slice(1)
    .filter((l) => !/^#\s*(\^|<[~]*-)/.test(l))
    .join('\n');
}

describe('grammar: agrees with the parser', function () {
  this.timeout(PATIENCE.start);

  for (const file of caseFiles) {
    it(`on test/grammar/cases/${file}`, async () => {
      await assertAgreesWithParser(file, stripAssertions(readFileSync(join(casesDir, file), 'utf8')));
    });
  }

  it('on the example project env files', async () => {
    const exampleDir = join(root, 'examples', 'demo');
    const files = existsSync(exampleDir) ? readdirSync(exampleDir).filter((f) => f.startsWith('.env') && statSync(join(exampleDir, f)).isFile()) : [];
    for (const file of files) {
      const path = join(exampleDir, file);
      await assertAgreesWithParser(relative(root, path), readFileSync(path, 'utf8'));
    }
  });
});
