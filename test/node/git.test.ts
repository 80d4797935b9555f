/**
 * Tracked files come from git's index file, not from running git (issue 8): a repository whose
 * config names a program (`core.fsmonitor`) made `nself-env check` run it. The reader is checked
 * against the real `git ls-files` on repositories this test makes.
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { changedTrackedFiles, gitTrackedFiles, readTrackedFiles } from '../../server/src/node/git';
import { cli } from '../core/hostile/helpers';
import { hasCommand, requireTool } from '../helpers/realTools';
import { TestConnection } from '../server/helpers/testConnection';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.fsmonitor=false', ...args], { cwd, encoding: 'utf8' });
}

function repo(files: Record<string, string>, init: string[] = []): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nself-git-')));
  git(dir, 'init', '-q', ...init);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function lsFiles(dir: string): string[] {
  return git(dir, 'ls-files', '-z').split('\0').filter(Boolean).sort();
}

const FILES = {
  '.env': 'PROJECT_NAME=shop\n',
  '.env.staging': 'X=1\n',
  'deep/er/still/a file with spaces.txt': 'x',
  'ünïcödé/名前.env': 'x',
  ['long/' + 'n'.repeat(200) + '/x']: 'x',
};

describe('node: tracked files from the git index', function () {
  this.timeout(60_000);
  before(function () {
    requireTool(this, hasCommand('git'), 'git');
  });

  const variants: [string, (dir: string) => void, string[]?][] = [
    ['index v2', () => undefined],
    ['index v4 (prefix-compressed paths)', (dir) => git(dir, 'update-index', '--index-version', '4')],
    ['index v3 (an intent-to-add entry has extended flags)', (dir) => {
      fs.writeFileSync(path.join(dir, 'later.env'), 'x');
      git(dir, 'add', '--intent-to-add', 'later.env');
    }],
    ['a SHA-256 repository', () => undefined, ['--object-format=sha256']],
  ];
  for (const [name, tweak, init] of variants) {
    it(`lists exactly what git ls-files lists: ${name}`, () => {
      const dir = repo(FILES, init);
      git(dir, 'add', '.env', 'deep', 'ünïcödé', 'long');
      tweak(dir);
      const tracked = readTrackedFiles(dir);
      assert.ok(tracked, 'the index was read');
      assert.deepEqual([...tracked.paths].sort(), lsFiles(dir));
      const isTracked = gitTrackedFiles(path.join(dir, 'deep'))!;
      assert.equal(isTracked(path.join(dir, '.env')), true);
      assert.equal(isTracked(path.join(dir, '.env.staging')), false);
    });
  }

  it('reads a linked work tree, and says "unknown" for a split index or no repository', () => {
    const dir = repo(FILES);
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'x');
    const linked = path.join(path.dirname(dir), `${path.basename(dir)}-wt`);
    git(dir, 'worktree', 'add', '-q', linked);
    assert.deepEqual([...readTrackedFiles(linked)!.paths].sort(), lsFiles(linked));
    git(dir, 'update-index', '--split-index');
    assert.equal(readTrackedFiles(dir), undefined);
    assert.equal(gitTrackedFiles(fs.mkdtempSync(path.join(os.tmpdir(), 'nself-nogit-'))), undefined);
  });

  it('runs nothing a hostile repository config names, in the CLI and in the language server', async () => {
    const marker = path.join(os.tmpdir(), `nself-fsmonitor-ran-${process.pid}`);
    fs.rmSync(marker, { force: true });
    const secret = 'Zq7Vn2Lp9Xw4Rt8Ks3Mb';
    const dir = repo({ '.env': `PROJECT_NAME=shop\nPOSTGRES_PASSWORD=${secret}\n`, '.env.dev': 'CS_1=api:express-ts:8001\n' });
    git(dir, 'add', '.env', '.env.dev');
    const hook = path.join(dir, 'hook.sh');
    fs.writeFileSync(hook, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    for (const [key, value] of [['core.fsmonitor', hook], ['core.hooksPath', dir], ['core.pager', hook], ['diff.external', hook]]) git(dir, 'config', key, value);
    // git itself would run it: the test is real only if this holds.
    execFileSync('git', ['status', '--porcelain'], { cwd: dir, stdio: 'ignore' });
    assert.ok(fs.existsSync(marker), 'git status ran the fsmonitor hook');
    fs.rmSync(marker);

    const run = await cli(['check', '--profile', '1.x', '--format', 'json'], dir);
    assert.ok(JSON.parse(run.stdout).some((d: { code: string; file: string }) => d.code === 'secret-in-tracked-file' && d.file === '.env'), 'tracked files are still known');
    assert.equal(fs.existsSync(marker), false, 'nself-env check ran a program from .git/config');

    const c = await TestConnection.start({ root: dir, initializationOptions: {} });
    try {
      const { diagnostics } = await c.openAndWait(path.join(dir, '.env'));
      const again = diagnostics.some((d) => d.code === 'secret-in-tracked-file') ? diagnostics : await c.nextDiagnostics(`file://${path.join(dir, '.env')}`, 30_000);
      assert.ok(again.some((d) => d.code === 'secret-in-tracked-file'), JSON.stringify(again));
    } finally {
      await c.stop();
    }
    assert.equal(fs.existsSync(marker), false, 'the language server ran a program from .git/config');
  });
});

describe('node: changes against the git index (the deploy warning)', function () {
  this.timeout(60_000);
  before(function () {
    requireTool(this, hasCommand('git'), 'git');
  });

  for (const [name, init] of [['SHA-1', []], ['SHA-256', ['--object-format=sha256']]] as const) {
    it(`finds exactly the files git diff finds (${name}); untracked files are not judged`, () => {
      const dir = repo({ '.env': 'PROJECT_NAME=shop\n', '.env.prod': 'A=1\n', 'api/main.go': 'package main\n', '.env.secrets': 'S=1\n' }, [...init]);
      git(dir, 'add', '.env', '.env.prod', 'api');
      git(dir, 'commit', '-qm', 'first');
      const files = ['.env', '.env.prod', 'api/main.go', '.env.secrets'].map((f) => path.join(dir, f));
      assert.deepEqual(changedTrackedFiles(files), []);
      fs.writeFileSync(path.join(dir, '.env.prod'), 'A=2\n'); // same size, other content
      fs.appendFileSync(path.join(dir, 'api/main.go'), '// more\n');
      fs.writeFileSync(path.join(dir, '.env.secrets'), 'S=2\n');
      const expected = git(dir, 'diff', '--name-only').split('\n').filter(Boolean).map((f) => path.join(dir, f)).sort();
      assert.deepEqual(changedTrackedFiles(files)?.sort(), expected);
      assert.equal(expected.length, 2);
    });
  }

  it('is undefined outside a repository and empty for no files', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nself-nogit-')));
    fs.writeFileSync(path.join(dir, '.env'), 'X=1\n');
    assert.equal(changedTrackedFiles([path.join(dir, '.env')]), undefined);
    assert.deepEqual(changedTrackedFiles([]), []);
  });
});
