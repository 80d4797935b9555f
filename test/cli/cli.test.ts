import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { cli as run } from '../helpers/cli';
import { PATIENCE } from '../helpers/patience';

const repo = path.resolve(__dirname, '..', '..');
const SECRET = 'k9Xq2Lr7Vb4Nw8Zt5Hs1Jd6Fg3Mc0Pe';

function makeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const clean = {
  '.env': 'PROJECT_NAME=shop\nBASE_DOMAIN=local.nself.org\nREDIS_ENABLED=true\nCS_1=api:express-ts:8001\n',
  '.env.secrets': `POSTGRES_PASSWORD=${SECRET}\nHASURA_GRAPHQL_ADMIN_SECRET=4f8e2a9c7b1d3e5f6a0b8c2d4e6f1a3b5c7d9e0f\nREDIS_PASSWORD=7f3c9a1e5b2d8f4a6c0e\n`,
};

describe('nself-env CLI', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  it('reports like a compiler and exits 1 on an error, on the right line of the right file', async () => {
    const root = makeProject({ ...clean, '.env.dev': 'CS_2=worker:no-such-template:8002\n' });
    const { code, stdout, stderr } = await run(['check', '--profile', '1.x'], root);
    assert.equal(code, 1);
    assert.match(stdout, /^\.env\.dev:1:\d+ error \S+ .*no-such-template/m);
    assert.match(stderr, /\d+ errors?, \d+ warnings?/);
  });

  it('exits 0 when only warnings or notes are found', async () => {
    const root = makeProject(clean);
    const { code, stdout } = await run(['check', '--profile', '1.x', '--format', 'json'], root);
    const list = JSON.parse(stdout);
    assert.equal(list.filter((d: { severity: string }) => d.severity === 'error').length, 0, stdout);
    assert.equal(code, 0);
  });

  it('prints JSON with 1-based positions', async () => {
    const root = makeProject({ ...clean, '.env.dev': '\nSEARCH_ENABLED=yes\n' });
    const { stdout } = await run(['check', '--profile', '1.x', '--format', 'json'], root);
    const finding = JSON.parse(stdout).find((d: { file: string }) => d.file === '.env.dev');
    assert.ok(finding, stdout);
    assert.deepEqual(Object.keys(finding).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    assert.equal(finding.line, 2);
    assert.ok(finding.column >= 1);
  });

  it('prints SARIF 2.1.0 with the rules that fired', async () => {
    const root = makeProject({ ...clean, '.env.dev': 'CS_2=worker:no-such-template:8002\n' });
    const { stdout } = await run(['check', '--profile', '1.x', '--format', 'sarif'], root);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [runResult] = sarif.runs;
    assert.equal(runResult.tool.driver.name, 'nself-env');
    const result = runResult.results.find((r: { level: string }) => r.level === 'error');
    assert.ok(runResult.tool.driver.rules.some((r: { id: string }) => r.id === result.ruleId));
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, '.env.dev');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
  });

  it('never prints a secret value', async () => {
    const root = makeProject({ ...clean, '.env': clean['.env'] + `POSTGRES_PASSWORD=${SECRET}\n` });
    for (const args of [['check', '--format', 'json'], ['services', '--json'], ['services'], ['generate', 'compose'], ['generate', 'env'], ['generate', 'k8s']]) {
      const { stdout, stderr } = await run([...args, '--profile', '1.x'], root);
      assert.ok(!stdout.includes(SECRET) && !stderr.includes(SECRET), `${args.join(' ')} printed the secret`);
    }
  });

  it('never prints a secret a custom service takes under a harmless name or in its command', async () => {
    const token = 'TokValue55443322';
    const root = makeProject({ ...clean, '.env.secrets': clean['.env.secrets'] + `API_TOKEN=${token}\n`, '.env.dev': 'CS_1_ENV=AUTH_HEADER=Bearer ${API_TOKEN}\nCS_1_COMMAND=node app.js --token ${API_TOKEN}\n' });
    for (const args of [['services', '--json'], ['generate', 'compose'], ['generate', 'k8s']]) {
      const { code, stdout } = await run([...args, '--profile', '1.x'], root);
      assert.equal(code, 0);
      assert.ok(!stdout.includes(token), `${args.join(' ')} printed the token`);
    }
    assert.ok((await run(['services', '--json', '--reveal', '--profile', '1.x'], root)).stdout.includes(token), '--reveal shows it');
  });

  it('prints the service model as JSON', async () => {
    const root = makeProject(clean);
    const { code, stdout } = await run(['services', '--json', '--profile', '1.x'], root);
    assert.equal(code, 0);
    const model = JSON.parse(stdout);
    assert.equal(model.projectName, 'shop');
    const api = model.services.find((s: { composeKey?: string }) => s.composeKey === 'api');
    assert.equal(api.containerName, 'shop_api');
    assert.ok(model.services.some((s: { composeKey?: string }) => s.composeKey === 'redis'));
  });

  it('generates compose to stdout, and writes files with --out', async () => {
    const root = makeProject(clean);
    const printed = await run(['generate', 'compose', '--profile', '1.x'], root);
    assert.equal(printed.code, 0);
    const compose = parseYaml(printed.stdout);
    assert.ok(compose.services.api);
    const out = path.join(root, 'out');
    const written = await run(['generate', 'nginx', '.', '--out', out, '--profile', '1.x'], root);
    assert.equal(written.code, 0, written.stderr);
    assert.ok(fs.existsSync(path.join(out, 'nginx', 'nginx.conf')) || fs.readdirSync(out).length > 0);
  });

  it('exits 2 with a clear message on usage and I/O problems', async () => {
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['check', '--format', 'xml'])).code, 2);
    const missing = await run(['check', '/no/such/folder']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-empty-'));
    const none = await run(['services', empty]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no nself project/);
    assert.equal((await run(['generate', 'docker', empty])).code, 2);
  });

  it('refuses an --env that is not an environment or deploy target instead of using dev', async () => {
    const root = makeProject({ ...clean, '.environments/eu/.env': 'BASE_DOMAIN=eu.example.com\n' });
    for (const env of ['../../x', '$(rm -rf ~)', 'prod/../x']) {
      for (const args of [['check'], ['services'], ['generate', 'env']]) {
        const { code, stdout, stderr } = await run([...args, '--env', env, '--profile', '1.x'], root);
        assert.equal(code, 2, `${args.join(' ')} --env ${env}: ${stdout}`);
        assert.match(stderr, /--env/);
      }
    }
    assert.equal((await run(['services', '--env', 'eu', '--profile', '1.x'], root)).code, 0, 'a deploy target is fine');
    assert.equal((await run(['services', '--env', 'production', '--profile', '1.x'], root)).code, 0, 'an alias is fine');
  });

  it('treats hostile file names as plain names', async () => {
    const root = makeProject({ ...clean, '$(touch pwned).env': 'A=1\n' });
    const { code } = await run(['check', path.join(root, '$(touch pwned).env'), '--profile', '1.x'], root);
    assert.ok(code === 0 || code === 1);
    assert.equal(fs.existsSync(path.join(root, 'pwned')), false);
  });

  it('runs as the bundled binary with the documented exit codes', function () {
    const cli = path.join(repo, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) this.skip();
    const root = makeProject({ ...clean, '.env.dev': 'CS_2=worker:no-such-template:8002\n' });
    const result = spawnSync(process.execPath, [cli, 'check', '--profile', '1.x'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).status, 0);
  });

  it('stops quietly when the reader of its output goes away (nself-env check | head)', async function () {
    const cli = path.join(repo, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) this.skip();
    const root = makeProject({ ...clean, '.env.dev': Array.from({ length: 20_000 }, (_, i) => `lower_${i}=1`).join('\n') + '\n' });
    const child = spawn(process.execPath, [cli, 'check', '--profile', '1.x'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|at .*\(node:/, stderr);
    assert.ok(code === 0 || code === 1, `exit status ${code}`);
  });
});
