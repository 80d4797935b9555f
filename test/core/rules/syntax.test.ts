import * as assert from 'assert';
import { applyFix, lintText, withCode } from '../../helpers/ruleHarness';

/** Findings of one code for a text checked alone. */
function check(code: string, text: string, options: Parameters<typeof lintText>[1] = {}) {
  return withCode(lintText(text, options), code);
}

describe('rules: syntax and hygiene', () => {
  it('missing-equals: a bare word, with a fix that adds `=`', () => {
    const found = check('missing-equals', 'A=1\nREDIS_ENABLED\n');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].line, 2);
    assert.match(found[0].message, /REDIS_ENABLED=/);
    assert.strictEqual(applyFix('A=1\nREDIS_ENABLED\n', found[0].fixes[0]), 'A=1\nREDIS_ENABLED=\n');
    assert.strictEqual(check('missing-equals', 'A=1\n# REDIS_ENABLED\n\n').length, 0);
  });

  it('missing-key: `=value`', () => {
    const found = check('missing-key', '=oops\nA=1\n');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].line, 1);
    assert.strictEqual(applyFix('=oops\nA=1\n', found[0].fixes[0]), '# =oops\nA=1\n');
    assert.strictEqual(check('missing-key', 'A==1\n').length, 0);
  });

  it('invalid-key: dashes and leading digits, with a rename', () => {
    const found = check('invalid-key', 'MY-KEY=1\n1ST=2\nGOOD_KEY=3\n');
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2]);
    assert.match(found[0].message, /contains `-`/);
    assert.strictEqual(applyFix('MY-KEY=1\n', found[0].fixes[0]), 'MY_KEY=1\n');
    assert.match(found[1].message, /starts with a digit/);
    assert.strictEqual(check('invalid-key', '_A1=1\nlower=2\n').length, 0);
  });

  it('lowercase-key: warns and offers the upper-case name', () => {
    const found = check('lowercase-key', 'redis_enabled=true\nREDIS_ENABLED=true\n');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'warning');
    assert.strictEqual(applyFix('redis_enabled=true\n', found[0].fixes[0]), 'REDIS_ENABLED=true\n');
    assert.strictEqual(check('lowercase-key', 'my-key=1\n').length, 0, 'invalid keys are left to invalid-key');
  });

  it('space-around-equals: fixes both sides', () => {
    const text = 'A = 1\nB =2\nC= 3\nD=4\nE= # only a comment\n';
    const found = check('space-around-equals', text);
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2, 3]);
    assert.strictEqual(applyFix('A = 1\n', found[0].fixes[0]), 'A=1\n');
    assert.strictEqual(applyFix('B =2\n', check('space-around-equals', 'B =2\n')[0].fixes[0]), 'B=2\n');
    assert.strictEqual(applyFix('C= 3\n', check('space-around-equals', 'C= 3\n')[0].fixes[0]), 'C=3\n');
  });

  it('leading-whitespace: warning in 0.9, information in 1.x', () => {
    const text = '  A=1\nB=2\n';
    const legacy = check('leading-whitespace', text, { profile: '0.9' });
    assert.strictEqual(legacy.length, 1);
    assert.strictEqual(legacy[0].severity, 'warning');
    assert.strictEqual(check('leading-whitespace', text)[0].severity, 'information');
    assert.strictEqual(applyFix(text, legacy[0].fixes[0]), 'A=1\nB=2\n');
    assert.strictEqual(check('leading-whitespace', 'A=1\n  # indented comment\n').length, 0);
  });

  it('export-prefix: 0.9 skips the line', () => {
    const text = 'export PROJECT_NAME=demo\n';
    const legacy = check('export-prefix', text, { profile: '0.9' });
    assert.strictEqual(legacy[0].severity, 'warning');
    assert.match(legacy[0].message, /skips/);
    assert.strictEqual(applyFix(text, legacy[0].fixes[0]), 'PROJECT_NAME=demo\n');
    assert.strictEqual(check('export-prefix', text)[0].severity, 'hint');
    assert.strictEqual(check('export-prefix', 'EXPORTED=1\n').length, 0);
  });

  it('unterminated-quote: error with a closing fix', () => {
    const text = 'A="abc\nB=2\n';
    const found = check('unterminated-quote', text);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'error');
    assert.strictEqual(applyFix(text, found[0].fixes[0]), 'A="abc"\nB=2\n');
    assert.strictEqual(check('unterminated-quote', 'A="abc"\nB=\'x\'\nC="multi\nline"\n').length, 0);
  });

  it('text-after-quote: unescaped inner quotes are re-quoted with single quotes', () => {
    const text = 'HASURA_GRAPHQL_JWT_SECRET="{"type":"HS256","key":"abc"}"\n';
    const found = check('text-after-quote', text);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(applyFix(text, found[0].fixes[0]), `HASURA_GRAPHQL_JWT_SECRET='{"type":"HS256","key":"abc"}'\n`);
    const glued = check('text-after-quote', 'A="a"b\n');
    assert.strictEqual(glued.length, 1);
    assert.strictEqual(glued[0].fixes.length, 0, 'no guess when the text does not end with a quote');
    assert.strictEqual(check('text-after-quote', 'A="a" # note\n').length, 0);
  });

  it('unterminated-reference: missing brace and empty name', () => {
    const found = check('unterminated-reference', 'A=${BASE_DOMAIN\nB=${}\nC=${OK}\n');
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2]);
    assert.strictEqual(applyFix('A=${BASE_DOMAIN\n', found[0].fixes[0]), 'A=${BASE_DOMAIN}\n');
    assert.strictEqual(check('unterminated-reference', "A='${literal'\nB=$$\n").length, 0);
  });

  it('unquoted-space: quotes the value without changing it', () => {
    const text = 'A=two words\nB=api ${BASE_DOMAIN}\nC="quoted words"\n';
    const found = check('unquoted-space', text, { profile: '0.9' });
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2]);
    assert.strictEqual(found[0].severity, 'warning');
    assert.strictEqual(applyFix('A=two words\n', found[0].fixes[0]), 'A="two words"\n');
    assert.strictEqual(check('unquoted-space', 'A=two words\n')[0].severity, 'information');
    assert.strictEqual(check('unquoted-space', 'A=x # comment with spaces\n').length, 0);
  });

  it('unquoted-json: single-quotes JSON', () => {
    const text = 'HASURA_GRAPHQL_JWT_SECRET={"type":"HS256","key":"k"}\n';
    const found = check('unquoted-json', text, { profile: '0.9' });
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'warning');
    assert.strictEqual(applyFix(text, found[0].fixes[0]), `HASURA_GRAPHQL_JWT_SECRET='{"type":"HS256","key":"k"}'\n`);
    assert.strictEqual(check('unquoted-json', `A='{"a":1}'\nB=[1,2]\n`).length, 0);
  });

  it('inline-comment: moves the comment above', () => {
    const text = 'SSL_MODE=local  # local or letsencrypt\n';
    const found = check('inline-comment', text, { profile: '0.9' });
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'warning');
    assert.strictEqual(applyFix(text, found[0].fixes[0]), '# local or letsencrypt\nSSL_MODE=local\n');
    assert.strictEqual(check('inline-comment', text)[0].severity, 'hint');
    assert.strictEqual(check('inline-comment', 'A=a#b\n# comment\n').length, 0);
  });

  it('trailing-whitespace: warning on 0.9 values, fix removes it', () => {
    const text = 'A=1  \n# c \nB="x"\n';
    const found = check('trailing-whitespace', text, { profile: '0.9' });
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[1, 'warning'], [2, 'information']]);
    assert.strictEqual(applyFix(text, found[0].fixes[0]), 'A=1\n# c \nB="x"\n');
    assert.strictEqual(check('trailing-whitespace', 'A=1\n\n  \n').length, 0);
  });

  it('missing-final-newline', () => {
    const found = check('missing-final-newline', 'A=1\nB=2');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].line, 2);
    assert.strictEqual(applyFix('A=1\nB=2', found[0].fixes[0]), 'A=1\nB=2\n');
    assert.strictEqual(check('missing-final-newline', 'A=1\r\nB=2').length, 1);
    assert.strictEqual(applyFix('A=1\r\nB=2', check('missing-final-newline', 'A=1\r\nB=2')[0].fixes[0]), 'A=1\r\nB=2\r\n');
    assert.strictEqual(check('missing-final-newline', 'A=1\n').length + check('missing-final-newline', '').length, 0);
  });

  it('file-problem: NUL byte and invalid UTF-8', () => {
    const found = check('file-problem', 'A=1\nB=\0\n');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'error');
    assert.strictEqual(found[0].line, 2);
    assert.match(check('file-problem', 'A=caf\uFFFD\n')[0].message, /UTF-8/);
    assert.strictEqual(check('file-problem', 'A=café\n').length, 0);
  });

  it('file-problem: over 1 MB', () => {
    const big = 'A=' + 'x'.repeat(1024 * 1024) + '\n';
    assert.match(check('file-problem', big)[0].message, /1 MB/);
  });

  it('self-reference', () => {
    const found = check('self-reference', 'PATH_LIST=${PATH_LIST}:/x\nB=${A}\n');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].text, '${PATH_LIST}');
    assert.strictEqual(check('self-reference', 'A=1\nB=${A}\n').length, 0);
  });
});
