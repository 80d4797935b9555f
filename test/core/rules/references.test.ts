import * as assert from 'assert';
import { parseEnv } from '../../../server/src/core/parser/parse';
import { buildEffectiveConfig } from '../../../server/src/core/project/effective';
import { lintText, tempProject, withCode } from '../../helpers/ruleHarness';

describe('rules: references across the cascade', () => {
  it('undefined-reference: reported in the file that holds the reference, not when another file sets it', () => {
    const p = tempProject({
      '.env': 'PROJECT_NAME=demo\nHASURA_ROUTE=api.${BASE_DOMAIN}\nAPI_URL=https://${API_HOST}/v1\n',
      '.env.dev': 'BASE_DOMAIN=local.nself.org\n',
    });
    try {
      const found = withCode(p.lint({ envs: ['dev'] }), 'undefined-reference');
      assert.deepStrictEqual(found.map((f) => [f.file, f.line, f.text]), [['.env', 3, '${API_HOST}']]);
      assert.strictEqual(found[0].severity, 'warning');
      assert.match(found[0].message, /API_HOST.*not set in any file of the dev cascade/);
      p.apply(found[0].fixes[0]);
      assert.strictEqual(p.read('.env'), 'PROJECT_NAME=demo\nHASURA_ROUTE=api.${BASE_DOMAIN}\nAPI_URL=https://${API_HOST:-}/v1\n');
      // In staging BASE_DOMAIN is not set anywhere.
      const staging = withCode(p.lint({ envs: ['staging'] }), 'undefined-reference');
      assert.ok(staging.some((f) => f.text === '${BASE_DOMAIN}'));
    } finally {
      p.dispose();
    }
  });

  it('undefined-reference: defaults, process variables and lone files', () => {
    assert.strictEqual(withCode(lintText('A=${B:-x}\nC=${HOME}/x\nD=${A}\n'), 'undefined-reference').length, 0);
    const lone = withCode(lintText('A=${NOPE}\n'), 'undefined-reference');
    assert.strictEqual(lone.length, 1);
    assert.strictEqual(lone[0].severity, 'information', 'a lone file may rely on files we cannot see');
  });

  it('reference-cycle: reported on each member in its own file', () => {
    const p = tempProject({ '.env': 'A=${B}\nC=${A}\n', '.env.dev': 'B=x-${A}\n' });
    try {
      const found = withCode(p.lint({ envs: ['dev'] }), 'reference-cycle');
      assert.deepStrictEqual(found.map((f) => [f.file, f.line, f.text]).sort(), [['.env', 1, '${B}'], ['.env.dev', 1, '${A}']]);
      assert.strictEqual(found[0].severity, 'error');
      assert.match(found[0].message, /`A` → `B` → `A`|`B` → `A` → `B`/);
      assert.strictEqual(withCode(p.lint({ envs: ['dev'] }), 'undefined-reference').length, 0);
    } finally {
      p.dispose();
    }
    assert.strictEqual(withCode(lintText('A=${A}\nB=${C}\nC=1\n'), 'reference-cycle').length, 0);
  });
});

describe('rules: reference-cycle expands only what may loop', () => {
  /** A seeded generator, so a failure names a case that can be replayed. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  }

  it('reports the same cycles as expanding every key would, on random reference graphs with defaults', () => {
    const next = random(7);
    let withCycles = 0;
    for (let round = 0; round < 2000; round++) {
      const keys = Array.from({ length: 3 + Math.floor(next() * 12) }, (_, i) => `K${i}`);
      const lines = keys.map((key) => {
        const parts: string[] = [];
        const refs = Math.floor(next() * 3);
        for (let r = 0; r < refs; r++) {
          const target = next() < 0.9 ? keys[Math.floor(next() * keys.length)] : 'UNSET';
          const form = next();
          parts.push(form < 0.6 ? `\${${target}}` : form < 0.8 ? `\${${target}:-\${${keys[Math.floor(next() * keys.length)]}}}` : `\${${target}-x}`);
        }
        if (next() < 0.3) parts.push('text');
        return `${key}=${next() < 0.15 ? '' : parts.join('')}`;
      });
      const text = lines.join('\n') + '\n';
      const found = withCode(lintText(text), 'reference-cycle').map((f) => `${f.line}:${f.text}`).sort();
      // What expanding every key finds: each key on a loop of two or more keys, at its reference to the next.
      const config = buildEffectiveConfig([{ path: '/virtual/.env', role: 'base', doc: parseEnv(text, '/virtual/.env') }], 'dev', '1.x', false);
      const expected: string[] = [];
      for (const key of keys) {
        const binding = config.binding(key);
        const cycle = binding?.cycle;
        if (!binding || !cycle || binding.entry.value.references.length === 0) continue;
        const at = cycle.indexOf(key);
        if (at === -1 || new Set(cycle).size < 2) continue;
        const ref = binding.entry.value.references.find((r) => r.name === cycle[at + 1]);
        if (ref) expected.push(`${binding.entry.line + 1}:${binding.doc.text.slice(ref.span.start, ref.span.end)}`);
      }
      assert.deepStrictEqual(found, [...new Set(expected)].sort(), text);
      if (expected.length) withCycles++;
    }
    assert.ok(withCycles > 200, `only ${withCycles} of 2,000 graphs had a cycle: the comparison proves little`);
  });
});
