/**
 * One masking policy for every message and display (issue 8): values of keys that are not secret
 * but hold one, catalog secrets whose names do not say so, and values quoted into rule messages.
 */
import { strict as assert } from 'assert';
import { boundMessage } from '../../../server/src/core/rules/message';
import { isSecretKey, SecretMasker } from '../../../server/src/core/secrets';
import { cli, project } from './helpers';

const TOKEN = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const PASSWORD = 'Tr0ub4dor3xK9q';

describe('hostile input: secrets in messages and displays', () => {
  it('knows the catalog secrets whose names do not say so', () => {
    for (const key of ['AUTH_SMTP_PASS', 'SMTP_PASS', 'HASURA_AUTH_SMTP_PASS', 'AWS_ACCESS_KEY_ID']) assert.ok(isSecretKey(key), key);
    for (const key of ['AUTH_SMTP_HOST', 'PROJECT_NAME', 'CS_1_ENV']) assert.ok(!isSecretKey(key), key);
  });

  it('masks secrets nested in values of harmless keys, with or without a URL scheme', () => {
    const masker = new SecretMasker([PASSWORD]);
    assert.equal(masker.value('CS_1_ENV', `STRIPE_API_KEY=${TOKEN},MODE=live`), 'STRIPE_API_KEY=••••,MODE=live');
    assert.equal(masker.value('MY_BACKEND_URL', `admin:${PASSWORD}@db.internal/app`), 'admin:••••@db.internal/app');
    assert.equal(masker.value('X', `redis://:${TOKEN}@redis:6379`), 'redis://:••••@redis:6379');
    assert.equal(masker.value('X', 'postgres://bob:${POSTGRES_PASSWORD}@db/app'), 'postgres://bob:${POSTGRES_PASSWORD}@db/app', 'a reference shows no secret');
    assert.equal(masker.value('NOTE', `the password is ${PASSWORD}!`), 'the password is ••••!');
    assert.equal(masker.value('AUTH_SMTP_PASS', 'x'), '••••');
    assert.equal(new SecretMasker([PASSWORD], false).value('CS_1_ENV', `STRIPE_API_KEY=${TOKEN}`), `STRIPE_API_KEY=${TOKEN}`, 'reveal shows all');
  });

  it('masks a secret pair quoted in a message, but never our own words', () => {
    const masker = new SecretMasker();
    assert.equal(masker.message(`\`CS_2_ENV\` must be KEY=value pairs; \`API_TOKEN ${TOKEN}\` is not.`), '`CS_2_ENV` must be KEY=value pairs; `API_TOKEN ••••` is not.');
    const ours = '`HASURA_GRAPHQL_ADMIN_SECRET` has 12 characters; nself requires at least 32.';
    assert.equal(masker.message(ours), ours);
  });

  it('quotes at most an excerpt of a value, on one line, and masks a secret cut by the excerpt', () => {
    const huge = 'x'.repeat(500_000);
    const message = boundMessage(`\`SOME_URL\` should start with a scheme; \`${huge}\` does not.`);
    assert.ok(message.length < 300, `${message.length} characters`);
    assert.match(message, /\(500,000 characters\)/);
    assert.equal(boundMessage('a `b\nc\r\u2028d` e'), 'a `b\\nc\\r\\u2028d` e');
    const cut = boundMessage(`\`${'y'.repeat(40)}${TOKEN}${'z'.repeat(20)}\` is odd`);
    assert.ok(cut.includes(TOKEN.slice(0, 8)), 'the excerpt ends inside the secret');
    const shown = new SecretMasker([TOKEN]).message(cut);
    assert.ok(!shown.includes(TOKEN.slice(0, 4)), shown);
  });

  it('writes catalog secrets such as AUTH_SMTP_PASS only to the env file and Kubernetes Secrets', async () => {
    const root = project({ '.env': `PROJECT_NAME=shop\nBASE_DOMAIN=local.nself.org\nAUTH_SMTP_HOST=smtp.example.com\nAUTH_SMTP_PASS=${PASSWORD}\n` });
    const shown = await cli(['services', '--env', 'staging', '--json'], root);
    assert.ok(!shown.stdout.includes(PASSWORD), 'services --json shows it');
    for (const target of ['compose', 'k8s', 'env']) {
      const printed = await cli(['generate', target, '--env', 'staging'], root);
      assert.equal(printed.code, 0, printed.stderr);
      assert.ok(!printed.stdout.includes(PASSWORD), `generate ${target} prints it`);
    }
    const out = `${root}/out`;
    for (const target of ['compose', 'env', 'k8s']) assert.equal((await cli(['generate', target, '--env', 'staging', '--out', out], root)).code, 0);
    const fs = await import('fs');
    assert.ok(!fs.readFileSync(`${out}/docker-compose.yml`, 'utf8').includes(PASSWORD), 'compose file holds it in clear');
    assert.match(fs.readFileSync(`${out}/docker-compose.yml`, 'utf8'), /AUTH_SMTP_PASS: \$\{AUTH_SMTP_PASS:\?/);
    assert.ok(fs.readFileSync(`${out}/.env.runtime`, 'utf8').includes(PASSWORD));
    const k8s = fs.readFileSync(`${out}/k8s/shop.yaml`, 'utf8');
    const configMaps = k8s.split('---').filter((d) => /kind: ConfigMap/.test(d)).join('');
    assert.ok(!configMaps.includes(PASSWORD), 'a ConfigMap holds it');
  });

  it('nself-env check masks them in text, JSON and SARIF, one finding per line', async () => {
    const root = project({
      '.env': `PROJECT_NAME=shop\nCS_1=api:express-ts:8001\nCS_1_ENV=API_TOKEN ${TOKEN}\nMY_BACKEND_URL=admin:${PASSWORD}@db.internal/app\nAUTH_SMTP_PASS=${PASSWORD}\nNOTE="line one\nline two ${'z'.repeat(3000)}"\n`,
    });
    for (const format of ['text', 'json', 'sarif']) {
      const { stdout, stderr } = await cli(['check', '--profile', '1.x', '--format', format], root);
      assert.ok(!stdout.includes(TOKEN) && !stdout.includes(PASSWORD), `${format} shows a secret:\n${stdout}`);
      assert.ok(!stdout.includes(TOKEN.slice(0, 10)), `${format} shows the start of a secret`);
      assert.ok(!stdout.includes('z'.repeat(200)), `${format} quotes a long value whole`);
      assert.equal(stderr.includes('internal error'), false, stderr);
      if (format === 'text') {
        for (const line of stdout.trimEnd().split('\n')) assert.match(line, /^\.env:\d+:\d+ (error|warning|information|hint) [a-z-]+ /, `not one finding per line: ${line}`);
        assert.match(stdout, /API_TOKEN ••••/);
        assert.match(stdout, /admin:••••@db\.internal/);
      }
    }
  });
});
