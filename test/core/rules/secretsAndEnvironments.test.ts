import * as assert from 'assert';
import { lintText, tempProject, withCode } from '../../helpers/ruleHarness';

const check = (code: string, text: string, options: Parameters<typeof lintText>[1] = {}) => withCode(lintText(text, options), code);
const STRONG16 = 'Zq8vN2kLp4Rt7Wx9';
const STRONG32 = 'Zq8vN2kLp4Rt7Wx9Zq8vN2kLp4Rt7Wx9';

describe('rules: secrets and environments', () => {
  it('required-secret: per environment over the cascade; REDIS_PASSWORD only in staging/prod', () => {
    const p = tempProject({
      '.env': `PROJECT_NAME=demo\nREDIS_ENABLED=true\nHASURA_GRAPHQL_ADMIN_SECRET=${STRONG32}\n`,
      '.env.secrets': `POSTGRES_PASSWORD=${STRONG16}\n`,
      '.env.prod': 'MINIO_ENABLED=true\nMINIO_ROOT_PASSWORD=\n',
    });
    try {
      assert.deepStrictEqual(withCode(p.lintFile('.env', { env: 'dev' }), 'required-secret'), []);
      const prod = withCode(p.lintFile('.env.prod', { env: 'prod' }), 'required-secret');
      assert.deepStrictEqual(prod.map((f) => [f.file, f.line, f.text]), [['.env.prod', 2, 'MINIO_ROOT_PASSWORD']]);
      const redis = withCode(p.lintFile('.env', { env: 'prod' }), 'required-secret');
      assert.deepStrictEqual(redis.map((f) => [f.file, f.line, f.text]), [['.env', 2, 'REDIS_ENABLED']]);
      assert.match(redis[0].message, /REDIS_PASSWORD/);
    } finally {
      p.dispose();
    }
    assert.strictEqual(check('required-secret', 'REDIS_ENABLED=true\n', { name: '.env.prod', env: 'prod' }).length, 0, 'a lone file cannot see its cascade');
  });

  it('weak-secret: lengths everywhere (warning in dev), words only in staging/prod; never shows the value', () => {
    const dev = check('weak-secret', 'POSTGRES_PASSWORD=dev_password\nREDIS_PASSWORD=short\n', { name: '.env.dev', env: 'dev' });
    assert.deepStrictEqual(dev.map((f) => [f.line, f.severity]), [[1, 'warning']]);
    assert.ok(!dev[0].message.includes('dev_password'));
    const prod = check('weak-secret', `POSTGRES_PASSWORD=${STRONG16}admin\nREDIS_PASSWORD=short\nHASURA_GRAPHQL_ADMIN_SECRET=${STRONG32}\n`, { name: '.env.prod', env: 'prod' });
    assert.deepStrictEqual(prod.map((f) => [f.line, f.severity]), [[1, 'error'], [2, 'error']]);
    assert.match(prod[0].message, /`admin`/);
    assert.strictEqual(check('weak-secret', 'POSTGRES_PASSWORD=changeme\n', { name: '.env.example', env: 'prod' }).length, 0, 'example files hold placeholders');
    assert.strictEqual(check('weak-secret', 'POSTGRES_PASSWORD=password\n', { name: '.env.prod', env: 'prod', profile: '0.9' })[0].severity, 'warning');
  });

  it('minio-default-user: outside dev only', () => {
    const text = 'MINIO_ENABLED=true\nMINIO_ROOT_USER=minioadmin\n';
    assert.strictEqual(check('minio-default-user', text, { name: '.env.staging', env: 'staging' })[0].severity, 'error');
    assert.strictEqual(check('minio-default-user', text, { name: '.env.dev', env: 'dev' }).length, 0);
    assert.strictEqual(check('minio-default-user', 'MINIO_ENABLED=true\n', { name: '.env.prod', env: 'prod' }).length, 1);
    assert.strictEqual(check('minio-default-user', 'MINIO_ENABLED=true\nMINIO_ROOT_USER=acme-store\n', { name: '.env.prod', env: 'prod' }).length, 0);
  });

  it('prod-only checks do not fire in staging', () => {
    const text = [
      'HASURA_GRAPHQL_CORS_DOMAIN=https://*.example.com',
      'HASURA_GRAPHQL_DEV_MODE=true',
      'BASE_DOMAIN=myapp.local',
      'SSL_ENABLED=false',
      'MAILPIT_ENABLED=true',
      'DEBUG=true',
      '',
    ].join('\n');
    const prod = lintText(text, { name: '.env.prod', env: 'prod' });
    const codes = ['prod-cors-wildcard', 'prod-dev-mode', 'prod-base-domain', 'prod-ssl-disabled', 'prod-mailpit', 'prod-debug'];
    assert.deepStrictEqual(codes.map((c) => withCode(prod, c).map((f) => [f.line, f.severity])), [
      [[1, 'error']],
      [[2, 'error']],
      [[3, 'error']],
      [[4, 'error']],
      [[5, 'warning']],
      [[6, 'warning']],
    ]);
    const staging = lintText(text, { name: '.env.staging', env: 'staging' });
    assert.deepStrictEqual(codes.flatMap((c) => withCode(staging, c)), []);
    assert.strictEqual(withCode(lintText('HASURA_GRAPHQL_CORS_DOMAIN=https://app.example.com\nSSL_ENABLED=true\n', { name: '.env.prod', env: 'prod' }), 'prod-cors-wildcard').length, 0);
  });

  it('secret-in-tracked-file: moves the line to .env.secrets in the project root', () => {
    const p = tempProject({ '.env': 'PROJECT_NAME=demo\nPOSTGRES_PASSWORD=s3cr3t-value-long\nJWT_REF=${HASURA_JWT_KEY}\nGITHUB_TOKEN=\n' });
    try {
      const tracked = (file: string) => file === '.env';
      const found = withCode(p.lintFile('.env', { gitTracked: tracked }), 'secret-in-tracked-file');
      assert.deepStrictEqual(found.map((f) => f.text), ['POSTGRES_PASSWORD']);
      assert.strictEqual(found[0].fixes[0].edits.length, 2);
      p.apply(found[0].fixes[0]);
      assert.strictEqual(p.read('.env'), 'PROJECT_NAME=demo\nJWT_REF=${HASURA_JWT_KEY}\nGITHUB_TOKEN=\n');
      assert.strictEqual(p.read('.env.secrets'), 'POSTGRES_PASSWORD=s3cr3t-value-long\n');
      assert.strictEqual(withCode(p.lintFile('.env.secrets', { gitTracked: () => true }), 'secret-in-tracked-file').length, 0);
      assert.strictEqual(withCode(p.lintFile('.env', { gitTracked: () => undefined }), 'secret-in-tracked-file').length, 0);
    } finally {
      p.dispose();
    }
  });

  it('secret-in-tracked-file: no move when an environment file overrides the key', () => {
    const p = tempProject({ '.env': 'POSTGRES_PASSWORD=base-value-long-1\n', '.env.dev': 'POSTGRES_PASSWORD=dev-value-long-12\n' });
    try {
      const found = withCode(p.lintFile('.env', { gitTracked: () => true }), 'secret-in-tracked-file');
      assert.strictEqual(found.length, 1);
      assert.strictEqual(found[0].fixes.length, 0);
    } finally {
      p.dispose();
    }
  });

  it('secrets-file-permissions', () => {
    const p = tempProject({ '.env': 'PROJECT_NAME=demo\n', '.env.secrets': `POSTGRES_PASSWORD=${STRONG16}\n` }, { modes: { '.env.secrets': 0o644 } });
    try {
      const found = withCode(p.lintFile('.env.secrets'), 'secrets-file-permissions');
      assert.strictEqual(found.length, 1);
      assert.match(found[0].message, /644.*chmod 600/);
    } finally {
      p.dispose();
    }
    const q = tempProject({ '.env': 'PROJECT_NAME=demo\n', '.env.secrets': 'A=1\n' }, { modes: { '.env.secrets': 0o600 } });
    try {
      assert.strictEqual(withCode(q.lintFile('.env.secrets'), 'secrets-file-permissions').length, 0);
    } finally {
      q.dispose();
    }
  });
});
