/**
 * server.json problems: every code with its exact 0-based range (the key or value at fault, a
 * syntax error where the JSON stops), hostile values refused with their value in the message, and
 * the positioned JSON parser accepting exactly what JSON.parse accepts.
 */
import { strict as assert } from 'assert';
import { jsonValue, parseJsonTree } from '../../../server/src/core/project/jsonTree';
import { parseServerJson, SERVER_JSON_CODES } from '../../../server/src/core/project/serverJson';
import { tooLargeStandIn } from '../../../server/src/core/limits';

/** The codes the tests below produced (the last test checks that none is left untested). */
const produced = new Set<string>();

/** `code l:c-l:c severity: message`, the shape asserted below. */
function shape(text: string): string[] {
  const { problems } = parseServerJson(text);
  for (const p of problems) produced.add(p.code);
  return problems.map((p) => `${p.code} ${p.range.start.line}:${p.range.start.character}-${p.range.end.line}:${p.range.end.character} ${p.severity}: ${p.message}`);
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('server.json diagnostics: codes and ranges', () => {
  it('a valid file has no problem and its defaults', () => {
    const { value, problems } = parseServerJson(lines('{', '  "name": "prod",', '  "host": "203.0.113.7",', '  "user": "deploy",', '  "orchestrator": "swarm"', '}'));
    assert.deepEqual(problems, []);
    assert.equal(value?.port, 22);
    assert.equal(value?.deploy_path, '/opt/nself');
  });

  it('hostile values are errors on the value, quoted in clear messages', () => {
    const text = lines(
      '{',
      '  "name": "prod",',
      '  "host": "a;b",',
      '  "user": "$(id)",',
      '  "deploy_path": "/opt/../etc",',
      '  "project_subdir": "../up",',
      '  "port": 70000',
      '}',
    );
    assert.deepEqual(shape(text), [
      'server-json-value 2:10-2:15 error: host "a;b" is not a host name or IP address',
      'server-json-value 3:10-3:17 error: user "$(id)" is not a POSIX user name',
      'server-json-value 4:17-4:30 error: deploy_path must be a plain absolute path (no .. and no control characters), got "/opt/../etc"',
      'server-json-value 5:20-5:27 error: project_subdir must stay inside deploy_path (no ..), got "../up"',
      'server-json-value 6:10-6:15 error: port 70000 is not a whole number from 1 to 65535',
    ]);
    assert.equal(parseServerJson(text).value, undefined);
    assert.deepEqual(shape(lines('{', '"name": "x",', '"host": "-oProxyCommand=x",', '"user": "u"', '}')), [
      'server-json-value 2:8-2:26 error: host "-oProxyCommand=x" must not start with "-" (ssh would read it as an option)',
    ]);
  });

  it('wrong types on the value, missing keys on the opening brace, the root on its first line', () => {
    assert.deepEqual(shape(lines('{', '  "name": ["prod"],', '  "port": "22",', '  "type": 3', '}')), [
      'server-json-missing 0:0-0:1 error: host is missing: the server\'s host name or IP address',
      'server-json-missing 0:0-0:1 error: user is missing: the ssh user, e.g. "deploy"',
      'server-json-type 1:10-1:18 error: name: expected a string, found an array',
      'server-json-type 2:10-2:14 error: port: expected a number, found a string',
      'server-json-type 3:10-3:11 error: type: expected one of local, staging, production, prod, development, dev, found a number',
    ]);
    assert.deepEqual(shape('[\n  1\n]\n'), ['server-json-type 0:0-0:1 error: server.json must be an object with name, host and user, not an array']);
    assert.deepEqual(shape(lines('{', '"name": "",', '"host": "h",', '"user": "u",', '"type": "qa"', '}')), [
      'server-json-value 1:8-1:10 error: name must not be empty',
      'server-json-value 4:8-4:12 error: type: expected one of local, staging, production, prod, development, dev, found "qa"',
    ]);
  });

  it('syntax errors at their position; an empty or over-limit file at the start', () => {
    assert.deepEqual(shape(lines('{', '  "name": "prod",', '  "host": "h",', '}')), ['server-json-syntax 3:0-3:1 error: server.json is not valid JSON: expected a quoted key after ",", found "}"']);
    assert.deepEqual(shape(lines('{', '  "name": "prod"', '  "host": "h"', '}')), ['server-json-syntax 2:2-2:3 error: server.json is not valid JSON: expected "," or "}" after a value, found "\\""']);
    assert.deepEqual(shape('{\n  "host": "h\n}'), ['server-json-syntax 1:10-1:12 error: server.json is not valid JSON: a string is not closed before the end of the line']);
    assert.deepEqual(shape('{\n  // prod\n}'), ['server-json-syntax 1:2-1:3 error: server.json is not valid JSON: expected a quoted key or "}", found "/"']);
    assert.deepEqual(shape('{"name": "x"'), ['server-json-syntax 0:12-0:12 error: server.json is not valid JSON: expected "," or "}" after a value, found the end of the file']);
    assert.deepEqual(shape('  \n'), ['server-json-syntax 0:0-0:0 error: server.json is empty: expected an object with name, host and user']);
    assert.deepEqual(shape(tooLargeStandIn(2_000_000)), ["server-json-syntax 0:0-0:0 error: server.json is not read: 2000000 bytes is over nself's 1 MB limit"]);
    // CRLF files: the line breaks are counted as LSP counts them, and no range takes the \r.
    assert.deepEqual(shape('{\r\n"name": "x",\r\n"host": "a b",\r\n"user": "u"\r\n}\r\n'), ['server-json-value 2:8-2:13 error: host "a b" is not a host name or IP address']);
  });

  it('orchestrator keys judged as in control-plane.yaml, on their value', () => {
    assert.deepEqual(shape(lines('{', '"name": "k",', '"host": "h",', '"user": "u",', '"orchestrator": "nomad",', '"namespace": "Bad NS",', '"docker_host": 5', '}')), [
      'server-json-value 4:16-4:23 error: orchestrator must be one of compose, swarm, kubernetes (found "nomad")',
      'server-json-value 5:13-5:21 error: namespace must be a DNS label (lowercase letters, digits and -, at most 63)',
      'server-json-type 6:15-6:16 error: docker_host must be a string',
    ]);
    // An invalid orchestrator does not hide the target: it stays, with its problems, so nothing deploys it as a plain server.
    assert.ok(parseServerJson(lines('{', '"name": "k",', '"host": "h",', '"user": "u",', '"orchestrator": "nomad"', '}')).value);
  });

  it('unknown keys and one-line layout are warnings on the key; a duplicate key is an error on the second', () => {
    assert.deepEqual(shape(lines('{', '  "name": "p",', '  "hots": "x",', '  "host": "h", "user": "u",', '  "deploy-path": "/srv",', '  "name": "q"', '}')), [
      'server-json-unknown-key 2:2-2:8 warning: unknown key "hots" in server.json; did you mean "host"?',
      'server-json-layout 3:15-3:21 warning: "user" is on the same line as "host": nself 0.9 reads server.json with grep, one key per line',
      'server-json-unknown-key 4:2-4:15 warning: unknown key "deploy-path" in server.json; did you mean "deploy_path"?',
      'server-json-duplicate 5:2-5:8 error: "name" is written twice; nself 0.9 reads the first and JSON readers the last: keep one',
    ]);
    const warningsOnly = parseServerJson('{"name": "p",\n"host": "h",\n"user": "u",\n"color": "blue"\n}');
    assert.equal(warningsOnly.value?.color, 'blue', 'unknown keys are kept');
  });

  it('every code is documented once, and each one is produced by some file above', () => {
    const codes = SERVER_JSON_CODES.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of SERVER_JSON_CODES) assert.ok(c.title && c.description.length > 40, c.code);
    assert.deepEqual([...produced].sort(), [...codes].sort());
  });
});

describe('positioned JSON parser', () => {
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  }

  it('accepts exactly what JSON.parse accepts, with the same value, on mutated files', () => {
    const next = random(7);
    const seeds = [
      '{\n  "name": "prod",\n  "port": 2222,\n  "tags": ["a", 1.5e3, -0, true, null],\n  "nested": {"k": "\\u00e9\\n\\"q\\""}\n}\n',
      '[1, 2.25, -3e-2, "x", {"": {}}]',
      '"\\/\\b\\f\\r\\t"',
    ];
    const noise = ['"', ',', '}', '{', ']', '[', ':', '0', '01', '1.', '-', 'e', ' ', '\n', '\\', '\\u12', 'tru', 'null', '\u0001', '/*'];
    let accepted = 0;
    let refused = 0;
    for (let n = 0; n < 4000; n++) {
      let text = seeds[n % seeds.length]!;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits && n % 5 !== 0; e++) {
        const at = Math.floor(next() * (text.length + 1));
        const cut = next() < 0.5 ? Math.floor(next() * 3) : 0;
        text = text.slice(0, at) + (next() < 0.7 ? noise[Math.floor(next() * noise.length)] : '') + text.slice(at + cut);
      }
      let expected: { ok: true; value: unknown } | { ok: false };
      try {
        expected = { ok: true, value: JSON.parse(text) };
      } catch {
        expected = { ok: false };
      }
      const ours = parseJsonTree(text);
      assert.equal(ours.ok, expected.ok, JSON.stringify(text));
      if (ours.ok && expected.ok) {
        accepted++;
        assert.deepStrictEqual(jsonValue(ours.root), expected.value, JSON.stringify(text));
      } else refused++;
      if (!ours.ok) assert.ok(ours.error.start >= 0 && ours.error.end <= text.length && ours.error.start <= ours.error.end, JSON.stringify(ours.error));
    }
    assert.ok(accepted > 500 && refused > 500, `accepted ${accepted}, refused ${refused}`);
  });

  it('refuses nesting deep enough to exhaust the stack, as a syntax error', () => {
    const parsed = parseJsonTree('['.repeat(100_000));
    assert.equal(parsed.ok, false);
    assert.match(!parsed.ok ? parsed.error.message : '', /nested more than/);
    // A "__proto__" key is data, as with JSON.parse, never the prototype.
    const proto = parseJsonTree('{"__proto__": {"polluted": true}}');
    assert.ok(proto.ok);
    const value = jsonValue(proto.root) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
  });
});
