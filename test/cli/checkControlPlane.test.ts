/**
 * `nself-env check` judges a project's `.nself/control-plane.yaml` like its env files: compiler
 * lines, JSON with 1-based ranges, SARIF with the rule described, exit 1 on an error.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli as run } from '../helpers/cli';
import { PATIENCE } from '../helpers/patience';

const ENV = 'PROJECT_NAME=shop\nBASE_DOMAIN=local.nself.org\n';
const BROKEN = ['schema_version: 2', 'environments:', '  prod:', '    kind: remote', '    servers:', '      - host: "root@bad host"', '        primary: maybe', '        sever: 1', ''].join('\n');

describe('nself-env check: control-plane.yaml', function () {
  this.timeout(PATIENCE.start);
  const roots: string[] = [];
  function project(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-cli-cp-'));
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

  it('reports its problems as compiler lines on the key or value at fault, and exits 1', async () => {
    const root = project({ '.env': ENV, '.nself/control-plane.yaml': BROKEN });
    const { code, stdout, stderr } = await run(['check', '--profile', '1.x'], root);
    assert.equal(code, 1, stdout + stderr);
    const lines = stdout.split('\n').filter((l) => l.startsWith('.nself/'));
    assert.deepEqual(lines, [
      '.nself/control-plane.yaml:6:15 error control-plane-value prod.servers[0].host: expected [user@]host[:port], got "root@bad host"',
      '.nself/control-plane.yaml:7:18 error control-plane-type prod.servers[0].primary: expected true or false, found "maybe"',
      '.nself/control-plane.yaml:8:9 warning control-plane-unknown-key unknown key "sever" in prod.servers[0] (known: name, role, host, ssh_key_ref, remote_path, primary)',
    ]);
    // The summary counts the YAML among the files checked (.env and control-plane.yaml).
    assert.match(stderr, / in 2 files$/m);
  });

  it('--format json: 1-based ranges; a syntax error alone still fails the check; sarif describes the rule', async () => {
    const root = project({ '.env': ENV, '.nself/control-plane.yaml': 'environments:\n  prod: {kind: remote\n' });
    const { code, stdout } = await run(['check', '--profile', '1.x', '--format', 'json'], root);
    assert.equal(code, 1);
    const found = JSON.parse(stdout).filter((d: { file: string }) => d.file === '.nself/control-plane.yaml');
    assert.equal(found.length, 1, stdout);
    assert.deepEqual({ ...found[0], message: undefined }, { file: '.nself/control-plane.yaml', line: 3, column: 1, endLine: 3, endColumn: 1, severity: 'error', code: 'control-plane-syntax', message: undefined });
    assert.match(found[0].message, /^control-plane\.yaml is not valid YAML: /);

    const sarif = JSON.parse((await run(['check', '--profile', '1.x', '--format', 'sarif'], root)).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'control-plane-syntax');
    assert.ok(rule, JSON.stringify(sarif.runs[0].tool.driver.rules));
    assert.equal(rule.helpUri, 'https://github.com/nself-org/nself-vscode/blob/main/docs/rules.md#control-plane-syntax');
  });

  it('checks the file named on the command line as YAML, and a valid file adds nothing', async () => {
    const root = project({ '.env': ENV, '.nself/control-plane.yaml': BROKEN });
    const named = await run(['check', '--profile', '1.x', '.nself/control-plane.yaml'], root);
    assert.equal(named.code, 1);
    assert.deepEqual(named.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[2]), ['control-plane-value', 'control-plane-type', 'control-plane-unknown-key']);
    fs.writeFileSync(path.join(root, '.nself', 'control-plane.yaml'), 'schema_version: 2\nenvironments:\n  prod:\n    kind: remote\n    servers:\n      - host: root@203.0.113.7\n        primary: true\n');
    const clean = await run(['check', '--profile', '1.x', '--format', 'json'], root);
    assert.deepEqual(JSON.parse(clean.stdout).filter((d: { file: string }) => d.file.includes('control-plane')), []);
  });
});
