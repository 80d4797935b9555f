import { getCatalog } from '../../../server/src/core/catalog';
import { parseEnv } from '../../../server/src/core/parser/parse';
import { validateDocument } from '../../../server/src/core/rules/validate';
import { PATIENCE } from '../../helpers/patience';
import { assertScalesLinearly } from '../../helpers/scaling';

/** An ordinary file of `size` lines: comments, app keys declared in ENV_ALLOWLIST, references, a few services. */
function typicalFile(size: number): string {
  const lines: string[] = ['PROJECT_NAME=big', 'BASE_DOMAIN=local.nself.org', 'ENV_ALLOWLIST=SHOP_*', 'POSTGRES_PASSWORD=Zq8vN2kLp4Rt7Wx9'];
  for (let i = 0; lines.length < size; i++) {
    if (i % 4 === 0) lines.push(`# Setting group ${i}`);
    else if (i % 4 === 1) lines.push(`SHOP_SETTING_${i}=value-${i}`);
    else if (i % 4 === 2) lines.push(`SHOP_URL_${i}="https://shop-${i}.\${BASE_DOMAIN}/api"`);
    else lines.push(i % 400 === 3 ? `CS_${(i / 400 | 0) % 10 + 1}=svc${i}:express-js:${8100 + i}` : '');
  }
  return lines.join('\n') + '\n';
}

/** A pathological file where nearly every line breaks several rules at once. */
function bigFile(size: number): string {
  const lines: string[] = [];
  for (let i = 0; i < size; i++) {
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
  this.timeout(PATIENCE.build);

  // A fresh parse each time, as on a keystroke: a parsed document caches what the rules derive from it.
  const validate = (text: string, profile: '1.x' | '0.9') => {
    getCatalog(profile);
    return () => validateDocument(parseEnv(text, '/virtual/.env.dev'), undefined, { profile, env: 'dev' });
  };

  // Figures against a quiet machine live in bench/ (npm run bench); here only the growth is judged,
  // which a busy CI machine cannot fake: 20× the lines must not cost anywhere near 400× the time.
  it('all rules on an ordinary file grow linearly with its length (500 → 10,000 lines)', () => {
    for (const profile of ['1.x', '0.9'] as const) {
      assertScalesLinearly(`ordinary file, ${profile}`, { small: 500, large: 10_000, maxRatio: 100, prepare: (n) => validate(typicalFile(n), profile), work: (run) => run() });
    }
  });

  it('a file with findings on nearly every line stays linear (500 → 10,000 lines)', () => {
    for (const profile of ['1.x', '0.9'] as const) {
      assertScalesLinearly(`findings on every line, ${profile}`, { small: 500, large: 10_000, maxRatio: 100, prepare: (n) => validate(bigFile(n), profile), work: (run) => run() });
    }
  });
});
