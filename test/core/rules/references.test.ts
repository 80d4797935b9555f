import * as assert from 'assert';
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
