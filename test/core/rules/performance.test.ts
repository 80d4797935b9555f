import * as assert from 'assert';
import { getCatalog } from '../../../server/src/core/catalog';
import { parseEnv } from '../../../server/src/core/parser/parse';
import { validateDocument } from '../../../server/src/core/rules/validate';

/** A large but ordinary file: comments, app keys declared in ENV_ALLOWLIST, references, a few services. */
function typicalFile(): string {
  const lines: string[] = ['PROJECT_NAME=big', 'BASE_DOMAIN=local.nself.org', 'ENV_ALLOWLIST=SHOP_*', 'POSTGRES_PASSWORD=Zq8vN2kLp4Rt7Wx9'];
  for (let i = 0; lines.length < 10_000; i++) {
    if (i % 4 === 0) lines.push(`# Setting group ${i}`);
    else if (i % 4 === 1) lines.push(`SHOP_SETTING_${i}=value-${i}`);
    else if (i % 4 === 2) lines.push(`SHOP_URL_${i}="https://shop-${i}.\${BASE_DOMAIN}/api"`);
    else lines.push(i % 400 === 3 ? `CS_${(i / 400 | 0) % 10 + 1}=svc${i}:express-js:${8100 + i}` : '');
  }
  return lines.join('\n') + '\n';
}

/** A pathological 10,000-line file where nearly every line breaks several rules at once. */
function bigFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    switch (i % 10) {
      case 0: lines.push(`# section ${i}`); break;
      case 1: lines.push(`APP_SETTING_${i}=value ${i}`); break;
      case 2: lines.push(`CS_${(i % 12) + 1}=svc${i}:express-js:${8000 + (i % 900)}`); break;
      case 3: lines.push(`FRONTEND_APP_${(i % 20) + 1}_PORT=${3000 + (i % 50)}`); break;
      case 4: lines.push(`URL_${i}=https://\${BASE_DOMAIN}/x/\${MISSING_${i}}`); break;
      case 5: lines.push(`FLAG_${i}_ENABLED=yes`); break;
      case 6: lines.push(`POSTGRES_PASSWROD_${i}="quoted # not a comment"  # comment`); break;
      case 7: lines.push(`  export lower_${i} = x   `); break;
      case 8: lines.push(`SECRET_${i}_KEY='{"a":1}'`); break;
      default: lines.push(''); break;
    }
  }
  return lines.join('\n') + '\n';
}

describe('rules: performance', function () {
  this.timeout(60_000);

  const measure = (text: string, profile: '1.x' | '0.9') => {
    getCatalog(profile);
    // Warm up (JIT, catalog tables), then measure a fresh parse + validation as on a keystroke.
    validateDocument(parseEnv(text, '/virtual/.env.dev'), undefined, { profile, env: 'dev' });
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const doc = parseEnv(text, '/virtual/.env.dev');
      // With --expose-gc, keep the parser's garbage out of the rules' time.
      (globalThis as { gc?: () => void }).gc?.();
      const start = process.hrtime.bigint();
      validateDocument(doc, undefined, { profile, env: 'dev' });
      runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return Math.min(...runs);
  };

  it('all rules on an ordinary 10,000-line file take a few tens of milliseconds', () => {
    const text = typicalFile();
    for (const profile of ['1.x', '0.9'] as const) {
      const best = measure(text, profile);
      console.log(`      ${profile}: best of 5 = ${best.toFixed(1)} ms`);
      // Target: 30 ms on a quiet developer machine. The bound only guards against quadratic blow-ups
      // (seconds at this size), because shared CI machines under load measure several times slower.
      assert.ok(best < 250, `${profile}: ${best.toFixed(1)} ms`);
    }
  });

  it('a 10,000-line file with findings on nearly every line stays linear', () => {
    const text = bigFile();
    for (const profile of ['1.x', '0.9'] as const) {
      const best = measure(text, profile);
      console.log(`      ${profile}: best of 5 = ${best.toFixed(1)} ms (tens of thousands of findings)`);
      assert.ok(best < 3000, `${profile}: ${best.toFixed(1)} ms`);
    }
  });
});
