import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseEnv } from '../../server/src/core/parser';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}

const snippetsPath = join(__dirname, '..', '..', 'snippets', 'nself-env.code-snippets');
const snippets = JSON.parse(readFileSync(snippetsPath, 'utf8')) as Record<string, Snippet>;

/** Expands a snippet body the way accepting every default would: first choice, default text, mirrors. */
function expand(body: string): string {
  const defaults = new Map<string, string>();
  let text = body;
  for (let guard = 0; guard < 50; guard++) {
    const next = text
      .replace(/\$\{([A-Z_]+)\}/g, () => 'a1b2c3')
      .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => {
        const first = choices.split(',')[0];
        defaults.set(n, first);
        return first;
      })
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, value: string) => {
        defaults.set(n, value);
        return value;
      })
      .replace(/\$(\d+)/g, (mirror, n: string) => defaults.get(n) ?? mirror);
    if (next === text) break;
    text = next;
  }
  assert.ok(!/\$\{\d+:/.test(text), `unexpanded placeholder in ${text}`);
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a?: string, b?: string) => defaults.get((a ?? b)!) ?? '');
}

describe('snippets', () => {
  it('have prefixes and descriptions', () => {
    const names = Object.keys(snippets);
    assert.ok(names.length >= 6);
    for (const name of names) {
      const { prefix, description, body } = snippets[name];
      assert.ok((Array.isArray(prefix) ? prefix : [prefix]).every((p) => /^[a-z][a-z-]*$/.test(p)), `${name}: prefix`);
      assert.ok(description.length > 20, `${name}: description`);
      assert.ok(body.length > 0, `${name}: body`);
    }
  });

  it('expand to lines the parser reads as comments or KEY=value', () => {
    for (const [name, { body }] of Object.entries(snippets)) {
      const doc = parseEnv(expand(body.join('\n')) + '\n');
      for (const line of doc.lines) {
        assert.ok(line.kind === 'entry' || line.kind === 'comment', `${name}: line ${line.line + 1} is ${line.kind}`);
        if (line.kind === 'entry') assert.ok(/^[A-Z][A-Z0-9_]*$/.test(line.key), `${name}: key ${line.key}`);
      }
    }
  });

  it('give custom services a name:template:port value', () => {
    for (const [name, { body }] of Object.entries(snippets)) {
      for (const entry of parseEnv(expand(body.join('\n'))).entries.filter((e) => /^CS_\d+$/.test(e.key))) {
        assert.match(entry.value.text, /^[a-z][a-z0-9_-]*:[a-z][a-z0-9-]*:\d+$/, `${name}: ${entry.value.text}`);
      }
    }
  });

  it('give secrets a random default of 16+ characters', () => {
    for (const [name, { body }] of Object.entries(snippets)) {
      for (const entry of parseEnv(expand(body.join('\n'))).entries.filter((e) => /PASSWORD|SECRET|_KEY$|TOKEN|PRIVATE/.test(e.key))) {
        assert.ok(entry.value.text.length >= 16, `${name}: ${entry.key} default is too short`);
      }
    }
  });
});
