/**
 * Inputs whose size or depth the user (or a hostile project) controls must cost time and memory in
 * proportion, never the call stack: a chain of references, nested defaults, a key repeated 100,000
 * times. Each case here overflowed the stack or went quadratic before (issue 8).
 */
import { strict as assert } from 'assert';
import { parseEnv } from '../../../server/src/core/parser';
import { buildEffectiveConfig } from '../../../server/src/core/project/effective';
import { validateDocument } from '../../../server/src/core/rules';
import { cli, project } from './helpers';

function configOf(text: string) {
  const doc = parseEnv(text, '/p/.env');
  return { doc, config: buildEffectiveConfig([{ path: doc.path, role: 'base', doc }], 'dev', '1.x', false) };
}

/** `K0=${K1}`, `K1=${K2}`, … `K{n-1}=end`. */
function chain(n: number): string {
  let text = '';
  for (let i = 0; i < n - 1; i++) text += `K${i}=\${K${i + 1}}\n`;
  return text + `K${n - 1}=end\n`;
}

describe('hostile input: depth and size', function () {
  this.timeout(120_000);

  it('expands a chain of 2,000 references without recursion, and finds no cycle in it', () => {
    const { doc, config } = configOf(chain(2000));
    assert.equal(config.get('K0'), 'end');
    assert.equal(config.binding('K0')?.cycle, undefined);
    const crashes: string[] = [];
    const found = validateDocument(doc, undefined, { profile: '1.x', onRuleError: (rule) => crashes.push(rule.code) });
    assert.deepEqual(found.filter((d) => d.code === 'reference-cycle'), []);
    assert.deepEqual(crashes, []);
  });

  it('expands a chain of 100,000 references', () => {
    const { config } = configOf(chain(100_000));
    assert.equal(config.get('K0'), 'end');
    assert.equal(config.bindings.size, 100_000);
  });

  it('still finds a real cycle at the end of a long chain, with the loop only', () => {
    const { config } = configOf(chain(5000).replace('K4999=end', 'K4999=${K4998}'));
    assert.deepEqual(config.binding('K4998')?.cycle, ['K4998', 'K4999', 'K4998']);
    assert.equal(config.get('K0'), '');
  });

  it('expands 5,000 nested defaults `${A:-${B:-…}}` and takes only the defaults it needs', () => {
    const depth = 5000;
    const value = '${U0:-'.repeat(1) + Array.from({ length: depth - 1 }, (_, i) => `\${U${i + 1}:-`).join('') + 'deep' + '}'.repeat(depth);
    const { config } = configOf(`A="${value}"\nU2500=mid\n`);
    assert.equal(config.get('A'), 'mid');
    // A default that is not taken is not walked: no cycle through it.
    assert.equal(configOf('A=${B:-${A}}\nB=set\n').config.binding('A')?.cycle, undefined);
    assert.deepEqual(configOf('A=${B:-${A}}\n').config.binding('A')?.cycle, ['A', 'A']);
  });

  it('keeps 100,000 repeats of one key in linear time, latest override first', () => {
    let text = '';
    for (let i = 0; i < 100_000; i++) text += `CS_1=api:express-js:${8000 + (i % 1000)}\n`;
    const { config } = configOf(text);
    const binding = config.binding('CS_1')!;
    assert.equal(binding.entry.line, 99_999);
    assert.equal(binding.overrides.length, 99_999);
    assert.equal(binding.overrides[0]!.entry.line, 99_998);
    assert.equal(binding.overrides[99_998]!.entry.line, 0);
  });
});

describe('hostile input: a rule that throws', () => {
  it('is reported to the caller, not turned into an undocumented diagnostic, and its half-made findings are dropped', () => {
    const { doc } = configOf('A=1\nB=2\n');
    const crashing = {
      code: 'crashing-rule',
      title: 'x',
      description: 'x',
      severity: 'error' as const,
      scope: 'file' as const,
      check(ctx: { report: (r: { start: number; end: number; message: string }) => void }) {
        ctx.report({ start: 0, end: 1, message: 'half' });
        throw new TypeError('boom');
      },
    };
    const errors: string[] = [];
    const found = validateDocument(doc, undefined, { profile: '1.x', rules: [crashing], onRuleError: (rule, file, error) => errors.push(`${rule.code} ${file} ${(error as Error).message}`) });
    assert.deepEqual(found, []);
    assert.deepEqual(errors, ['crashing-rule /p/.env boom']);
  });
});

describe('hostile input: a file just under the size limit with 100,000 keys', function () {
  this.timeout(120_000);
  it('nself-env check judges every key (no exit 2 from a stack overflow)', async () => {
    let text = 'PROJECT_NAME=shop\n';
    for (let i = 0; text.length < 1_000_000 - 20; i++) text += `K${i}=${i % 10}\n`;
    const root = project({ '.env': text });
    const run = await cli(['check', '--profile', '1.x', '--format', 'json'], root);
    assert.notEqual(run.code, 2, run.stderr);
    const list = JSON.parse(run.stdout) as { code: string; message: string }[];
    // Every key was judged: the one unknown-key summary counts them all.
    const summary = list.find((f) => f.code === 'unknown-key');
    const counted = Number(/does not read ([\d,]+) keys/.exec(summary?.message ?? '')?.[1]?.replace(/,/g, ''));
    assert.ok(counted > 90_000, JSON.stringify(summary));
  });
});
