/**
 * Values that reach nginx or compose must fit their place there (issue 8): a route of
 * `api; } server { … }` added a server block that served the file system, and nginx accepted it.
 * Now the rule reports such values in `check`, and `generate` refuses to write the target.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { dockerComposeConfig, hasCommand, nginxTest, requireTool } from '../../helpers/realTools';
import { cli, listFiles, project } from './helpers';
import { foreignNginx } from './fuzzHarness';

const PAYLOAD = 'api; } server { listen 81; location / { root /; autoindex on; } } server { server_name x';
const BASE = 'PROJECT_NAME=shop\nBASE_DOMAIN=local.nself.org\nPOSTGRES_PASSWORD=Vq8rT2mX9kL4pW7nZ3cY\nHASURA_GRAPHQL_ADMIN_SECRET=4f8e2a9c7b1d3e5f6a0b8c2d4e6f1a3b\n';

interface Finding {
  file: string;
  line: number;
  code: string;
  severity: string;
  message: string;
}

async function findings(root: string): Promise<Finding[]> {
  const { stdout } = await cli(['check', '--profile', '1.x', '--env', 'dev', '--format', 'json'], root);
  return JSON.parse(stdout) as Finding[];
}

describe('hostile input: values that would inject nginx or compose config', function () {
  this.timeout(60_000);

  const cases: { name: string; env: string; key: string; code: string; leftOut?: boolean }[] = [
    { name: 'a built-in route (HASURA_ROUTE)', env: `HASURA_ROUTE='${PAYLOAD}'\n`, key: 'HASURA_ROUTE', code: 'unsafe-value' },
    { name: 'a custom service route (CS_1_ROUTE)', env: `CS_1=api:express-ts:8001\nCS_1_ROUTE='${PAYLOAD}'\n`, key: 'CS_1_ROUTE', code: 'unsafe-value' },
    // nself cannot build a CS_N whose value does not parse: the model leaves it out, so nothing of it is written.
    { name: 'the route field of CS_N (cs-route reports it)', env: `CS_1='api:express-ts:8001:${PAYLOAD}'\n`, key: 'CS_1', code: 'cs-route', leftOut: true },
    { name: 'BASE_DOMAIN (invalid-base-domain reports it)', env: `BASE_DOMAIN='${PAYLOAD}'\n`, key: 'BASE_DOMAIN', code: 'invalid-base-domain' },
    { name: 'BASE_DOMAIN through a reference (invalid-base-domain judges the expanded value)', env: `DOMAIN_PART='x;} server {'\nBASE_DOMAIN=\${DOMAIN_PART}\n`, key: 'BASE_DOMAIN', code: 'invalid-base-domain' },
    { name: 'a frontend app route', env: `FRONTEND_APP_1_NAME=web\nFRONTEND_APP_1_ROUTE='-x.y'\n`, key: 'FRONTEND_APP_1_ROUTE', code: 'unsafe-value' },
  ];

  for (const c of cases) {
    it(`${c.name}: check reports it once on its line, generate refuses naming key and line`, async () => {
      const root = project({ '.env': BASE, '.env.dev': c.env });
      const line = c.env.split('\n').findIndex((l) => l.startsWith(`${c.key}=`)) + 1;
      const list = await findings(root);
      const here = list.filter((f) => f.file === '.env.dev' && f.line === line && f.severity === 'error' && ['unsafe-value', 'cs-route', 'invalid-base-domain'].includes(f.code));
      assert.deepEqual(here.map((f) => f.code), [c.code], JSON.stringify(list, null, 2));

      const out = path.join(root, 'out');
      const run = await cli(['generate', 'nginx', '--env', 'dev', '--out', out], root);
      if (c.leftOut) {
        const written = listFiles(out).map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n');
        assert.ok(!written.includes('autoindex') && !written.includes('listen 81'), written);
        return;
      }
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`refusing to write the nginx config: ${c.key} \\(\\.env\\.dev:${line}\\)`));
      assert.deepEqual(listFiles(out), [], 'nothing is written');
      const printed = await cli(['generate', 'nginx', '--env', 'dev'], root);
      assert.equal(printed.code, 2);
      assert.equal(printed.stdout, '', 'no preview of a refused target either');
    });
  }

  it('the refused payload really is an injection: nginx accepts the config the old generator wrote', function () {
    requireTool(this, hasCommand('nginx'), 'nginx (apt-get install nginx)');
    // What `generate nginx` wrote before: the payload as server_name of a site.
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'nself-inject-'));
    fs.mkdirSync(path.join(dir, 'sites'));
    fs.writeFileSync(path.join(dir, 'nginx.conf'), 'events {}\nhttp { include sites/*.conf; }\n');
    fs.writeFileSync(path.join(dir, 'sites', 'api.conf'), `server {\n    listen 80;\n    server_name ${PAYLOAD}.local.nself.org;\n}\n`);
    const result = nginxTest(dir);
    assert.ok(result.ok, `nginx -t rejected it, so this test proves nothing: ${result.stderr}`);
  });

  it('keeps a line break in a deploy target folder name inside the header comment', async function () {
    requireTool(this, hasCommand('nginx'), 'nginx (apt-get install nginx)');
    const target = 'x\nserver { listen 81; }\n#';
    const root = project({ '.env': BASE, [`.environments/${target}/.env`]: 'SSL_ENABLED=false\n' });
    const out = path.join(root, 'out');
    const run = await cli(['generate', 'nginx', '--env', target, '--out', out], root);
    assert.equal(run.code, 0, run.stderr);
    for (const file of listFiles(out)) {
      const text = fs.readFileSync(path.join(out, file), 'utf8');
      assert.deepEqual(foreignNginx(text, file === path.join('nginx', 'nginx.conf') ? 'main' : 'http'), [], text);
      assert.ok(text.includes('.environments/x\\nserver { listen 81; }\\n#/.env'), `the header names the target's file, escaped:\n${text}`);
    }
  });

  it('refuses an image with `$` or spaces in compose and Kubernetes, and reports it', async () => {
    const root = project({ '.env': BASE, '.env.dev': "CS_1=api:express-ts:8001\nCS_1_IMAGE='${HOME}/evil:latest'\n" });
    const list = await findings(root);
    assert.ok(list.some((f) => f.code === 'unsafe-value' && f.line === 2 && /compose image/.test(f.message)), JSON.stringify(list));
    for (const target of ['compose', 'k8s']) {
      const run = await cli(['generate', target, '--env', 'dev'], root);
      assert.equal(run.code, 2, `${target}: ${run.stdout}`);
      assert.match(run.stderr, /CS_1_IMAGE \(\.env\.dev:2\)/);
    }
  });

  it('refuses restart policies, sizes and variable names compose does not know', async () => {
    const root = project({
      '.env': BASE,
      '.env.dev': "CS_1=api:express-ts:8001\nCS_1_RESTART_POLICY='always\n  privileged: true'\nCS_1_MEMORY='1g; rm'\nCS_1_ENV='A B=1,OK=2'\n",
    });
    const run = await cli(['generate', 'compose', '--env', 'dev'], root);
    assert.equal(run.code, 2);
    for (const key of ['CS_1_RESTART_POLICY', 'CS_1_MEMORY', 'CS_1_ENV']) assert.match(run.stderr, new RegExp(key));
  });

  it('escapes `$` in every compose string, so compose reads each value literally', async function () {
    requireTool(this, hasCommand('docker-compose'), 'docker-compose (apt-get install docker-compose)');
    const root = project({
      '.env': BASE,
      '.env.dev': [
        'CS_1=api:express-ts:8001',
        "CS_1_VOLUMES='./data/$HOME:/data,./x/${PWD}:/x'",
        "CS_1_ENV='LITERAL=$USER and ${SHELL}'",
        "CS_1_COMMAND='node app.js --price $5'",
        "CS_1_DOCKERFILE='Dockerfile.$VARIANT'",
        '',
      ].join('\n'),
    });
    const out = path.join(root, 'out');
    for (const target of ['compose', 'env']) {
      const run = await cli(['generate', target, '--env', 'dev', '--out', out], root);
      assert.equal(run.code, 0, run.stderr);
    }
    fs.mkdirSync(path.join(out, 'services', 'api'), { recursive: true }); // compose checks that the build context exists
    const config = dockerComposeConfig(out, { envFile: '.env.runtime' });
    assert.ok(config.ok, config.stderr);
    const api = (parseYaml(config.stdout) as { services: Record<string, Record<string, unknown>> }).services.api!;
    // `config` prints what compose read, written back with `$$` for a literal `$` where it interpolates.
    const text = JSON.stringify(api).replace(/\$\$/g, '$');
    for (const literal of ['/data/$HOME:/data', '/x/${PWD}:/x', '$USER and ${SHELL}', '$5', 'Dockerfile.$VARIANT']) {
      assert.ok(text.includes(literal), `compose did not keep ${literal} literally: ${text}`);
    }
    assert.ok(!text.includes(process.env.HOME ?? '/root'), 'compose interpolated $HOME');
  });
});
