/**
 * `nself-env check` judges every `.environments/<name>/server.json` of a project like its env
 * files: compiler lines on the key or value at fault, JSON with 1-based ranges, SARIF with the
 * rule described, exit 1 on an error; a server.json named on the command line is checked as JSON.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli as run } from '../helpers/cli';
import { PATIENCE } from '../helpers/patience';

const ENV = 'PROJECT_NAME=shop\nBASE_DOMAIN=local.nself.org\n';
const BROKEN = ['{', '  "name": "prod",', '  "host": "root@bad host",', '  "user": "$(whoami)",', '  "deploy_path": "/opt/../etc",', '  "sever": 1', '}', ''].join('\n');
const GOOD = ['{', '  "name": "staging",', '  "host": "stage.example.com",', '  "user": "deploy"', '}', ''].join('\n');

describe('nself-env check: server.json', function () {
  this.timeout(PATIENCE.start);
  const roots: string[] = [];
  function project(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-cli-sj-'));
    roots.push(root);
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), content);
    }
    return root;
  }
  after(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports the problems of every target as compiler lines on the value at fault, and exits 1', async () => {
    const root = project({ '.env': ENV, '.environments/prod/server.json': BROKEN, '.environments/staging/server.json': GOOD });
    const { code, stdout, stderr } = await run(['check', '--profile', '0.9'], root);
    assert.equal(code, 1, stdout + stderr);
    const lines = stdout.split('\n').filter((l) => l.startsWith('.environments/'));
    assert.deepEqual(lines, [
      '.environments/prod/server.json:3:11 error server-json-value host "root@bad host" is not a host name or IP address',
      '.environments/prod/server.json:4:11 error server-json-value user "$(whoami)" is not a POSIX user name',
      '.environments/prod/server.json:5:18 error server-json-value deploy_path must be a plain absolute path (no .. and no control characters), got "/opt/../etc"',
      '.environments/prod/server.json:6:3 warning server-json-unknown-key unknown key "sever" in server.json (it is kept but not read)',
    ]);
    // .env and the two server.json files.
    assert.match(stderr, / in 3 files$/m);
  });

  it('--format json: 1-based ranges, a syntax error alone fails the check; sarif describes the rule', async () => {
    const root = project({ '.env': ENV, '.environments/prod/server.json': '{\n  "name": "prod",\n  "host": "h",\n}\n' });
    const { code, stdout } = await run(['check', '--profile', '0.9', '--format', 'json'], root);
    assert.equal(code, 1);
    const found = JSON.parse(stdout).filter((d: { file: string }) => d.file.endsWith('server.json'));
    assert.deepEqual(found, [
      { file: '.environments/prod/server.json', line: 4, column: 1, endLine: 4, endColumn: 2, severity: 'error', code: 'server-json-syntax', message: 'server.json is not valid JSON: expected a quoted key after ",", found "}"' },
    ]);
    const sarif = JSON.parse((await run(['check', '--profile', '0.9', '--format', 'sarif'], root)).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'server-json-syntax');
    assert.ok(rule, JSON.stringify(sarif.runs[0].tool.driver.rules));
    assert.equal(rule.helpUri, 'https://github.com/nself-org/nself-vscode/blob/main/docs/rules.md#server-json-syntax');
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'server-json-syntax');
    assert.ok(result, JSON.stringify(sarif.runs[0].results));
  });

  it('checks a server.json named on the command line as JSON, once however many paths lead to it; a valid file adds nothing', async () => {
    const root = project({ '.env': ENV, '.environments/prod/server.json': BROKEN });
    const named = await run(['check', '--profile', '0.9', '.environments/prod/server.json', '.'], root);
    assert.equal(named.code, 1);
    assert.deepEqual(
      named.stdout.split('\n').filter((l) => l.includes('server.json')).map((l) => l.split(' ')[2]),
      ['server-json-value', 'server-json-value', 'server-json-value', 'server-json-unknown-key'],
    );
    fs.writeFileSync(path.join(root, '.environments', 'prod', 'server.json'), GOOD);
    const clean = await run(['check', '--profile', '0.9', '--format', 'json'], root);
    assert.deepEqual(JSON.parse(clean.stdout).filter((d: { file: string }) => d.file.includes('server.json')), []);
  });
});
