import * as assert from 'assert';
import * as path from 'path';
import type { Profile } from '../../../server/src/core/catalog/types';
import { nodeHost } from '../../../server/src/core/project/discover';
import { Project } from '../../../server/src/core/project/project';
import { FIXABLE, allRules } from '../../../server/src/core/rules/registry';
import type { Diagnostic } from '../../../server/src/core/rules/types';
import { validateProject } from '../../../server/src/core/rules/validate';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'projects');

/** The fixture projects and the profile each one is written for. */
const PROJECTS: { name: string; profile: Profile }[] = [
  { name: 'shop', profile: '1.x' },
  { name: 'legacy', profile: '0.9' },
];

/** Every rule that threw while the fixtures were checked. */
const crashes: string[] = [];

function lintFixture(name: string, profile: Profile): Diagnostic[] {
  const root = path.join(FIXTURES, name);
  // Git keeps only the executable bit, so the mode `.env.secrets` is checked with is pinned here.
  const project = new Project(root, { ...nodeHost, mode: (file) => (path.basename(file) === '.env.secrets' ? 0o644 : nodeHost.mode!(file)) });
  const tracked = (file: string) => !['.env.secrets', '.env.local'].includes(path.basename(file));
  return validateProject(project, { profile, gitTracked: tracked, onRuleError: (rule, file, error) => crashes.push(`${rule.code} on ${file}: ${String(error)}`) });
}

describe('rules: fixture projects', () => {
  const all = new Map<string, Diagnostic[]>();
  before(() => {
    for (const { name, profile } of PROJECTS) all.set(name, lintFixture(name, profile));
  });

  it('every registered rule fires at least once across the fixtures', () => {
    const fired = new Set([...all.values()].flat().map((d) => d.code));
    const silent = allRules.map((r) => r.code).filter((code) => !fired.has(code));
    assert.deepStrictEqual(silent, []);
  });

  it('the rule table marks every rule that offered a fix as fixable', () => {
    const withFixes = new Set([...all.values()].flat().filter((d) => d.fixes?.length).map((d) => d.code));
    assert.deepStrictEqual([...withFixes].filter((code) => !FIXABLE.has(code)), []);
  });

  it('no rule crashes on the fixtures', () => {
    assert.deepStrictEqual(crashes, []);
  });

  it('the example file gets no secret findings', () => {
    const example = all.get('shop')!.filter((d) => d.file.endsWith('.env.example'));
    assert.deepStrictEqual(example.filter((d) => ['weak-secret', 'required-secret', 'secret-in-tracked-file'].includes(d.code)), []);
  });

  it('cross-file findings land in the file that holds the line', () => {
    const clash = all.get('shop')!.filter((d) => d.code === 'port-clash').map((d) => path.basename(d.file)).sort();
    assert.deepStrictEqual([...new Set(clash)], ['.env', '.env.dev']);
    // HASURA_DEV_MODE=true in the shared .env is on in prod too, so it is reported there as well.
    const prod = all.get('shop')!.filter((d) => d.code.startsWith('prod-')).map((d) => `${path.basename(d.file)} ${d.code}`);
    assert.ok(prod.includes('.env.prod prod-ssl-disabled') && prod.includes('.env prod-dev-mode'), prod.join('\n'));
    assert.ok(!prod.some((p) => p.startsWith('.env.dev') || p.startsWith('.env.staging')));
  });
});
