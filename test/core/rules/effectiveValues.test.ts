/**
 * Rules judge the value nself will use: after `${}` expansion across the cascade, where a
 * reference no file sets is empty. A lone file cannot know that, so it is judged only on what it
 * can resolve itself.
 */
import * as assert from 'assert';
import { lintText, tempProject, withCode } from '../../helpers/ruleHarness';

const STRONG16 = 'Zq8vN2kLp4Rt7Wx9';
const STRONG32 = 'Zq8vN2kLp4Rt7Wx9Zq8vN2kLp4Rt7Wx9';
const BASE = `PROJECT_NAME=demo\nBASE_DOMAIN=example.com\nHASURA_GRAPHQL_ADMIN_SECRET=${STRONG32}\n`;

describe('rules: effective (expanded) values', () => {
  it('required-secret: a secret that expands to nothing in prod is missing, and the message names the reference', () => {
    const p = tempProject({ '.env': BASE, '.env.dev': `POSTGRES_PASSWORD=${STRONG16}\n`, '.env.prod': 'POSTGRES_PASSWORD=${DB_PASS}\n' });
    try {
      const prod = p.lintFile('.env.prod', { env: 'prod' });
      const missing = withCode(prod, 'required-secret');
      assert.deepStrictEqual(missing.map((f) => [f.file, f.line, f.text, f.severity]), [['.env.prod', 1, 'POSTGRES_PASSWORD', 'error']]);
      assert.match(missing[0].message, /`POSTGRES_PASSWORD` expands to an empty string: `DB_PASS` is not set in any file of the prod cascade/);
      // The reference itself: a warning, since the file belongs to a project.
      const reference = withCode(prod, 'undefined-reference');
      assert.deepStrictEqual(reference.map((f) => [f.line, f.text, f.severity]), [[1, '${DB_PASS}', 'warning']]);
      // Dev has its own value: nothing to say there.
      assert.deepStrictEqual(withCode(p.lintFile('.env.dev', { env: 'dev' }), 'required-secret'), []);
    } finally {
      p.dispose();
    }
  });

  it('required-secret: a reference to an empty value, or an empty default, says where the empty value is', () => {
    const p = tempProject({
      '.env': BASE,
      '.env.secrets': 'DB_PASS=\n',
      '.env.prod': 'POSTGRES_PASSWORD=${DB_PASS}\n',
      '.env.staging': 'POSTGRES_PASSWORD="${STAGING_DB_PASS:-}"\n',
    });
    try {
      const prod = withCode(p.lintFile('.env.prod', { env: 'prod' }), 'required-secret');
      assert.strictEqual(prod.length, 1);
      assert.match(prod[0].message, /`DB_PASS` is empty \(\.env\.secrets:1\)/);
      assert.deepStrictEqual(prod[0].related.map((r) => [r.file, r.line]), [['.env.secrets', 1]]);
      const staging = withCode(p.lintFile('.env.staging', { env: 'staging' }), 'required-secret');
      assert.strictEqual(staging.length, 1);
      assert.match(staging[0].message, /`STAGING_DB_PASS` is not set in any file of the staging cascade/);
    } finally {
      p.dispose();
    }
  });

  it('required-secret: values from the process (${USER}) or a cycle are not called missing; a lone file is not judged', () => {
    const p = tempProject({ '.env': BASE, '.env.prod': 'POSTGRES_PASSWORD=${USER}\n', '.env.staging': 'POSTGRES_PASSWORD=${A}\nA=${POSTGRES_PASSWORD}\n' });
    try {
      assert.deepStrictEqual(withCode(p.lintFile('.env.prod', { env: 'prod' }), 'required-secret'), []);
      const staging = p.lintFile('.env.staging', { env: 'staging' });
      assert.deepStrictEqual(withCode(staging, 'required-secret'), []);
      assert.strictEqual(withCode(staging, 'reference-cycle').length, 2);
    } finally {
      p.dispose();
    }
    assert.deepStrictEqual(withCode(lintText('POSTGRES_PASSWORD=${DB_PASS}\n', { name: '.env.prod', env: 'prod' }), 'required-secret'), []);
    assert.strictEqual(withCode(lintText('POSTGRES_PASSWORD=${DB_PASS}\n', { name: '.env.prod', env: 'prod' }), 'undefined-reference')[0].severity, 'information');
  });

  it('undefined-reference: a warning in a project even for a key nself has a default for', () => {
    const p = tempProject({ '.env': 'PROJECT_NAME=demo\n', '.env.prod': 'HASURA_GRAPHQL_CORS_DOMAIN=https://app.${BASE_DOMAIN}\n' });
    try {
      const found = withCode(p.lint({ envs: ['prod'] }), 'undefined-reference');
      assert.deepStrictEqual(found.map((f) => [f.file, f.text, f.severity]), [['.env.prod', '${BASE_DOMAIN}', 'warning']]);
      assert.match(found[0].fixes[0].title, /\$\{BASE_DOMAIN:-localhost\}/);
    } finally {
      p.dispose();
    }
  });

  it('weak-secret: judges the expanded value and names the reference that shortened it', () => {
    const p = tempProject({ '.env': BASE, '.env.prod': 'POSTGRES_PASSWORD=${DB_PASS}pw-1\n', '.env.staging': `PG_BASE=${STRONG16}\nPOSTGRES_PASSWORD=\${PG_BASE}changeme\n` });
    try {
      const prod = withCode(p.lintFile('.env.prod', { env: 'prod' }), 'weak-secret');
      assert.deepStrictEqual(prod.map((f) => [f.file, f.line, f.severity]), [['.env.prod', 1, 'error']]);
      assert.match(prod[0].message, /has 4 characters after expansion \(`DB_PASS` is not set in any file of the prod cascade\)/);
      assert.ok(!prod[0].message.includes('pw-1'), 'never shows the value');
      const staging = withCode(p.lintFile('.env.staging', { env: 'staging' }), 'weak-secret');
      assert.deepStrictEqual(staging.map((f) => [f.file, f.line]), [['.env.staging', 2]]);
      assert.match(staging[0].message, /guessable word `changeme`/);
    } finally {
      p.dispose();
    }
  });

  it('value rules judge the expanded value on the line the environment uses, without a fix that would drop the reference', () => {
    const p = tempProject({
      '.env': `${BASE}APP_HOST=localhost\nAUTH_CLIENT_URL=\${APP_HOST}:3000\nUSE_REDIS=yes\nREDIS_ENABLED=\${USE_REDIS}\nNGINX_PORT=\${APP_PORT}\nAPP_PORT=70000\n`,
      '.env.dev': 'SEARCH_ENGINE=${ENGINE}\nENGINE=elastic\nACME_EMAIL=${ACME_USER}\nACME_USER=ops\n',
      '.env.staging': 'AUTH_RATE_LIMIT=${RATE}\n',
    });
    try {
      const dev = p.lint({ envs: ['dev'] });
      const url = withCode(dev, 'invalid-url');
      assert.deepStrictEqual(url.map((f) => [f.file, f.line]), [['.env', 5]]);
      assert.match(url[0].message, /`localhost:3000` \(`\$\{APP_HOST\}:3000` expanded\) has none/);
      const flag = withCode(dev, 'flag-value');
      assert.deepStrictEqual(flag.map((f) => [f.file, f.line, f.fixes.length]), [['.env', 7, 0]]);
      assert.match(flag[0].message, /`REDIS_ENABLED` is `yes` \(`\$\{USE_REDIS\}` expanded\)/);
      const ports = withCode(dev, 'invalid-port');
      assert.deepStrictEqual(ports.map((f) => [f.file, f.line]), [['.env', 8], ['.env', 9]]);
      assert.match(ports[0].message, /`NGINX_PORT` is `70000` \(`\$\{APP_PORT\}` expanded\), outside the port range/);
      const engine = withCode(dev, 'enum-value');
      assert.deepStrictEqual(engine.map((f) => [f.file, f.line, f.fixes.length]), [['.env.dev', 1, 0]]);
      assert.deepStrictEqual(withCode(dev, 'invalid-email').map((f) => [f.file, f.line]), [['.env.dev', 3]]);
      // Staging: RATE is set nowhere, so the value is empty, and an empty value is not judged.
      assert.deepStrictEqual(withCode(p.lintFile('.env.staging', { env: 'staging' }), 'invalid-rate-limit'), []);
    } finally {
      p.dispose();
    }
  });

  it('value rules: an overridden line is not judged, and a lone file only on what it resolves itself', () => {
    const p = tempProject({ '.env': `${BASE}APP_HOST=localhost\nAUTH_CLIENT_URL=\${APP_HOST}:3000\n`, '.env.dev': 'AUTH_CLIENT_URL=https://app.example.com\n' });
    try {
      assert.deepStrictEqual(withCode(p.lint({ envs: ['dev'] }), 'invalid-url'), []);
    } finally {
      p.dispose();
    }
    assert.strictEqual(withCode(lintText('HOST=localhost\nAUTH_CLIENT_URL=${HOST}:3000\n'), 'invalid-url').length, 1);
    assert.deepStrictEqual(withCode(lintText('AUTH_CLIENT_URL=${HOST}:3000\n'), 'invalid-url'), [], 'HOST may come from a file we cannot see');
  });
});
