/**
 * The fuzz test of issue 8, bounded in count and time and reproducible: `NSELF_FUZZ_SEED` and
 * `NSELF_FUZZ_COUNT` choose the inputs (a failure names its seed and index), `NSELF_FUZZ_MS` the
 * time budget. Every input is parsed, checked in every environment, printed as CLI text and
 * generated into every target; nginx output goes through the real `nginx -t`.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { hasCommand, nginxTest, requireTool } from '../../helpers/realTools';
import { foreignNginx, runFuzz, seedFiles } from './fuzzHarness';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('hostile input: fuzzing parser, rules and generators', function () {
  this.timeout(600_000);

  it('finds a directive the generator did not write (the checker is real)', () => {
    assert.deepEqual(foreignNginx('server { listen 80; server_name a.b; location / { return 404; } }\n', 'http'), []);
    const injected = 'server { listen 80; server_name api; } server { listen 81; location / { root /; autoindex on; } } server { server_name x.local; }\n';
    assert.ok(foreignNginx(injected, 'http').some((p) => /listen 81|root in location|autoindex/.test(p)));
  });

  it('no exception, one line per finding, and only our own nginx directives, accepted by nginx -t', function () {
    requireTool(this, hasCommand('nginx'), 'nginx (apt-get install nginx)');
    const seed = Number(process.env.NSELF_FUZZ_SEED ?? 20261202);
    const counts = runFuzz({
      seed,
      count: Number(process.env.NSELF_FUZZ_COUNT ?? 250),
      budgetMs: Number(process.env.NSELF_FUZZ_MS ?? 120_000),
      seeds: seedFiles(REPO),
      nginxCheck: (dir) => nginxTest(dir),
      nginxLimit: 60,
    });
    console.log(`      seed ${seed}: ${counts.inputs} inputs, ${counts.refusals} targets refused, ${counts.nginxChecked} nginx -t runs`);
    assert.ok(counts.inputs >= 20, `only ${counts.inputs} inputs ran within the budget`);
    const show = (list: string[]) => list.slice(0, 5).join('\n');
    assert.deepEqual(counts.exceptions.length, 0, show(counts.exceptions));
    assert.deepEqual(counts.ruleErrors.length, 0, show(counts.ruleErrors));
    assert.deepEqual(counts.brokenText.length, 0, show(counts.brokenText));
    assert.deepEqual(counts.foreignDirectives.length, 0, show(counts.foreignDirectives));
    assert.deepEqual(counts.nginxRejected.length, 0, show(counts.nginxRejected));
  });
});
