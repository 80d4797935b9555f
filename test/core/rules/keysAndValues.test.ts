import * as assert from 'assert';
import { applyFix, lintText, tempProject, withCode } from '../../helpers/ruleHarness';

const check = (code: string, text: string, options: Parameters<typeof lintText>[1] = {}) => withCode(lintText(text, options), code);

describe('rules: keys, flags and typed values', () => {
  it('unknown-key: did-you-mean fix; user prefixes and ENV_ALLOWLIST are honoured', () => {
    const text = 'POSTGRES_PASSWROD=x\nMY_APP_SETTING=1\nSTRIPE_WHATEVER=1\nOTHER_APP_X=1\nENV_ALLOWLIST=MY_APP_SETTING,OTHER_*\nCS_1=a:express-js:8001\n';
    const found = check('unknown-key', text);
    assert.deepStrictEqual(found.map((f) => f.text), ['POSTGRES_PASSWROD']);
    assert.strictEqual(found[0].severity, 'warning', 'a near miss of a known key is a typo nself silently ignores');
    assert.strictEqual(applyFix(text, found[0].fixes[0]).split('\n')[0], 'POSTGRES_PASSWORD=x');
    assert.strictEqual(check('unknown-key', 'TOTALLY_MINE=1\n')[0].fixes.length, 0);
    assert.strictEqual(check('unknown-key', 'TOTALLY_MINE=1\n')[0].severity, 'information');
    assert.strictEqual(check('unknown-key', 'TOTALLY_MINE=1\n', { profile: '0.9' })[0].severity, 'hint');
  });

  it('unknown-key: a near miss of a known key is a warning with the rename, wherever it sits; unknown keys stay information', () => {
    // 600 app keys first: the did-you-mean used to stop after 500 lookups, so a typo further down
    // the file lost its suggestion (and would now lose its warning).
    const app = Array.from({ length: 600 }, (_, i) => `ACME_SETTING_${i}=${i}`).join('\n');
    const text = `${app}\nAUTH_SMTP_HOTS=smtp.example.com\nACME_MAILER_MODE=fast\n`;
    for (const profile of ['1.x', '0.9'] as const) {
      const found = check('unknown-key', text, { profile });
      const typo = found.filter((f) => f.text === 'AUTH_SMTP_HOTS');
      assert.strictEqual(typo.length, 1);
      assert.strictEqual(typo[0].severity, 'warning', profile);
      assert.match(typo[0].message, /Did you mean `AUTH_SMTP_HOST`\?/);
      assert.strictEqual(typo[0].fixes[0].preferred, true);
      assert.strictEqual(applyFix(text, typo[0].fixes[0]).split('\n')[600], 'AUTH_SMTP_HOST=smtp.example.com');
      // 601 app keys: one finding counts them, on the first, instead of 601.
      const others = found.filter((f) => f.text !== 'AUTH_SMTP_HOTS');
      assert.strictEqual(others.length, 1);
      assert.strictEqual(others[0].text, 'ACME_SETTING_0');
      assert.match(others[0].message, /does not read 601 keys of this file \(`ACME_SETTING_0`, `ACME_SETTING_1`, `ACME_SETTING_2`, …\).*by prefix: `ACME_\*`/);
      assert.ok(others.every((f) => f.severity === (profile === '0.9' ? 'hint' : 'information') && f.fixes.length === 0), profile);
    }
  });

  it('unknown-key: up to 50 unknown keys are marked one by one, more are counted in one finding', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `MY_KEY_${i}=${i}`).join('\n') + '\n';
    assert.strictEqual(check('unknown-key', keys(50)).length, 50);
    const many = check('unknown-key', keys(51));
    assert.strictEqual(many.length, 1);
    assert.match(many[0].message, /51 keys/);
  });

  it('unknown-key: ENV_ALLOWLIST in another file of the cascade', () => {
    const p = tempProject({ '.env': 'ENV_ALLOWLIST=APP_*\n', '.env.dev': 'APP_COLOR=blue\nNOT_ALLOWED=1\n' });
    try {
      assert.deepStrictEqual(withCode(p.lint({ envs: ['dev'] }), 'unknown-key').map((f) => [f.file, f.text]), [['.env.dev', 'NOT_ALLOWED']]);
    } finally {
      p.dispose();
    }
  });

  it('synonym: renames to the key the profile reads', () => {
    const found = check('synonym', 'HASURA_DEV_MODE=true\n');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(applyFix('HASURA_DEV_MODE=true\n', found[0].fixes[0]), 'HASURA_GRAPHQL_DEV_MODE=true\n');
    const legacy = check('synonym', 'HASURA_GRAPHQL_DEV_MODE=true\n', { profile: '0.9' });
    assert.strictEqual(applyFix('HASURA_GRAPHQL_DEV_MODE=true\n', legacy[0].fixes[0]), 'HASURA_DEV_MODE=true\n');
    assert.strictEqual(check('synonym', 'HASURA_GRAPHQL_DEV_MODE=true\n').length, 0);
    const both = check('synonym', 'MEILI_MASTER_KEY=a\nMEILISEARCH_MASTER_KEY=b\n');
    assert.match(both[0].message, /already set/);
    assert.strictEqual(applyFix('MEILI_MASTER_KEY=a\nMEILISEARCH_MASTER_KEY=b\n', both[0].fixes[0]), 'MEILISEARCH_MASTER_KEY=b\n');
  });

  it('flag-value: yes/1/TRUE/on get a fix', () => {
    const text = 'REDIS_ENABLED=yes\nMINIO_ENABLED=1\nMAILPIT_ENABLED=TRUE\nSEARCH_ENABLED=off\nMLFLOW_ENABLED=maybe\nAUTH_ENABLED=true\nX_ENABLED=${Y}\n';
    const found = check('flag-value', text);
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2, 3, 4, 5]);
    assert.strictEqual(applyFix(text, found[0].fixes[0]).split('\n')[0], 'REDIS_ENABLED=true');
    assert.strictEqual(applyFix(text, found[3].fixes[0]).split('\n')[3], 'SEARCH_ENABLED=false');
    assert.strictEqual(found[4].fixes.length, 2);
    assert.strictEqual(check('flag-value', 'REDIS_ENABLED="true"\nA_ENABLED=\n').length, 0);
  });

  it('unknown-flag: typo gets a warning with a fix; app flags an information', () => {
    const text = 'REDDIS_ENABLED=true\nMODERATION_ENABLED=true\nREDIS_ENABLED=true\nSTRIPE_ENABLED=false\n';
    const found = check('unknown-flag', text);
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[1, 'warning'], [2, 'information']]);
    assert.strictEqual(applyFix(text, found[0].fixes[0]).split('\n')[0], 'REDIS_ENABLED=true');
    assert.strictEqual(check('unknown-flag', 'MODERATION_ENABLED=true\nENV_ALLOWLIST=MODERATION_ENABLED\n').length, 0);
  });

  it('invalid-port', () => {
    const found = check('invalid-port', 'POSTGRES_PORT=54x32\nHASURA_PORT=70000\nPORT=0\nAUTH_PORT=4000\nPOSTGRES_EXPOSE_PORT=auto\nREDIS_PORT=${X}\n');
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2, 3]);
    assert.strictEqual(found[0].severity, 'error');
  });

  it('enum-value', () => {
    const found = check('enum-value', 'POSTGRES_EXPOSE_PORT=yes\nPOSTGRES_EXPOSE_PORT=AUTO\n');
    assert.strictEqual(found.length, 2);
    assert.strictEqual(applyFix('POSTGRES_EXPOSE_PORT=yes\nPOSTGRES_EXPOSE_PORT=AUTO\n', found[1].fixes[0]), 'POSTGRES_EXPOSE_PORT=yes\nPOSTGRES_EXPOSE_PORT=auto\n');
    assert.strictEqual(check('enum-value', 'POSTGRES_EXPOSE_PORT=true\n').length, 0);
  });

  it('invalid-url: known keys warn, app keys inform', () => {
    const found = check('invalid-url', 'AUTH_CLIENT_URL=localhost:3000\nMY_API_URL=/api\nAUTH_SERVER_URL=http://localhost:4000\nDATABASE_URL=postgres://u:p@db/x\n');
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[1, 'warning'], [2, 'information']]);
  });

  it('invalid-email', () => {
    assert.strictEqual(check('invalid-email', 'ACME_EMAIL=admin\nADMIN_EMAIL=ops@example.com\n').length, 1);
  });

  it('invalid-base-domain: with a fix for a URL', () => {
    const found = check('invalid-base-domain', 'BASE_DOMAIN=https://example.com/\n');
    assert.strictEqual(found[0].severity, 'error');
    assert.strictEqual(applyFix('BASE_DOMAIN=https://example.com/\n', found[0].fixes[0]), 'BASE_DOMAIN=example.com\n');
    assert.strictEqual(check('invalid-base-domain', 'BASE_DOMAIN=local.nself.org\nBASE_DOMAIN=localhost\n').length, 0);
  });

  it('invalid-project-name: sanitized fix', () => {
    const found = check('invalid-project-name', 'PROJECT_NAME=My_Project\n');
    assert.strictEqual(applyFix('PROJECT_NAME=My_Project\n', found[0].fixes[0]), 'PROJECT_NAME=my-project\n');
    assert.strictEqual(applyFix('PROJECT_NAME=1app\n', check('invalid-project-name', 'PROJECT_NAME=1app\n')[0].fixes[0]), 'PROJECT_NAME=app-1app\n');
    assert.strictEqual(check('invalid-project-name', `PROJECT_NAME=${'a'.repeat(31)}\n`).length, 1);
    assert.strictEqual(check('invalid-project-name', 'PROJECT_NAME=nself-tv\n').length, 0);
  });

  it('invalid-jwt-secret: JSON, fields and key length', () => {
    const found = check('invalid-jwt-secret', `HASURA_GRAPHQL_JWT_SECRET='{"type":"HS256","key":"k"'\n`);
    assert.strictEqual(found[0].severity, 'error');
    assert.strictEqual(check('invalid-jwt-secret', `HASURA_GRAPHQL_JWT_SECRET='{"type":"HS256","key":"short"}'\n`)[0].severity, 'warning');
    assert.strictEqual(check('invalid-jwt-secret', `HASURA_GRAPHQL_JWT_SECRET='{"type":"HS256","key":"${'k'.repeat(32)}"}'\n`).length, 0);
    assert.strictEqual(check('invalid-jwt-secret', `HASURA_GRAPHQL_JWT_SECRET='{"type":"HS256","key":"\${HASURA_JWT_KEY}"}'\n`).length, 0);
  });

  it('invalid-rate-limit and invalid-body-size', () => {
    assert.strictEqual(check('invalid-rate-limit', 'AUTH_RATE_LIMIT=100\n').length, 1);
    assert.strictEqual(check('invalid-rate-limit', 'AUTH_RATE_LIMIT=10r/s\n').length, 0);
    const size = check('invalid-body-size', 'NGINX_CLIENT_MAX_BODY_SIZE=100MB\n');
    assert.strictEqual(applyFix('NGINX_CLIENT_MAX_BODY_SIZE=100MB\n', size[0].fixes[0]), 'NGINX_CLIENT_MAX_BODY_SIZE=100m\n');
    assert.strictEqual(check('invalid-body-size', 'NGINX_CLIENT_MAX_BODY_SIZE=100m\n').length, 0);
  });
});
