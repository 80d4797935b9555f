import * as assert from 'assert';
import * as fs from 'fs';
import { FIXABLE, PROFILE_DEPENDENT, allRules } from '../../../server/src/core/rules/registry';
import { README_PATH, RULE_DOCS_PATH, renderReadme, renderRuleDocs } from '../../../scripts/genRuleDocs';

describe('rules: registry and docs/rules.md', () => {
  it('docs/rules.md is up to date (run `npx tsx scripts/genRuleDocs.ts`)', () => {
    assert.ok(fs.existsSync(RULE_DOCS_PATH), 'docs/rules.md is missing');
    assert.strictEqual(fs.readFileSync(RULE_DOCS_PATH, 'utf8'), renderRuleDocs(), 'docs/rules.md is stale: run `npx tsx scripts/genRuleDocs.ts`');
  });

  it('the rule table in README.md is up to date (run `npx tsx scripts/genRuleDocs.ts`)', () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    assert.strictEqual(readme, renderReadme(readme), 'README.md rule table is stale: run `npx tsx scripts/genRuleDocs.ts`');
  });

  it('codes are unique kebab-case, and every rule is documented', () => {
    const codes = allRules.map((r) => r.code);
    assert.strictEqual(new Set(codes).size, codes.length);
    for (const rule of allRules) {
      assert.match(rule.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(rule.title.length > 5 && rule.description.length > 20, rule.code);
    }
    for (const code of [...FIXABLE, ...PROFILE_DEPENDENT]) assert.ok(codes.includes(code), `${code} is not a registered rule`);
  });
});
