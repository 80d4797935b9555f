/**
 * Writers stay inside the folder they write (issue 8): a link in the output folder made
 * `generate --out` and Build write outside the project, and `kill -9` during a write left hidden
 * temporary files that later runs never removed.
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, listFiles, project } from './helpers';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const ENV = 'PROJECT_NAME=shop\nBASE_DOMAIN=local.nself.org\nCS_1=api:express-ts:8001:api\nCS_2=worker:fastapi:8002:jobs\n';

describe('hostile input: writes that would leave the project', function () {
  this.timeout(180_000);

  it('generate --out refuses a folder linked outside (nginx -> ../elsewhere) and writes nothing there', async () => {
    const root = project({ '.env': ENV });
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-elsewhere-'));
    fs.writeFileSync(path.join(elsewhere, 'nginx.conf'), 'precious');
    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    fs.symlinkSync(elsewhere, path.join(out, 'nginx'));
    const run = await cli(['generate', 'nginx', '--out', out], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /refusing to write nginx\/nginx\.conf outside .*: nginx is a link to/);
    assert.deepEqual(listFiles(elsewhere), ['nginx.conf']);
    assert.equal(fs.readFileSync(path.join(elsewhere, 'nginx.conf'), 'utf8'), 'precious');
  });

  it('a run after generate --out was killed with SIGKILL leaves no hidden leftovers', async function () {
    if (!fs.existsSync(CLI)) this.skip(); // built by `npm test` before mocha runs
    const root = project({ '.env': ENV });
    const out = path.join(root, 'out');
    // Kill runs at different moments; some die mid-write and leave `.x.<pid>-….nself-tmp|bak`.
    for (let i = 0; i < 16; i++) {
      const child = spawn(process.execPath, [CLI, 'generate', 'nginx', root, '--out', out], { stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      // A run takes 0.2–0.5 s here, most of it starting up; spread the kills over that window.
      await new Promise((r) => setTimeout(r, 150 + i * 25));
      child.kill('SIGKILL');
      await exited;
    }
    // Whatever the kills left, plus what a run killed inside its commit leaves (its pid is gone).
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid!));
    });
    fs.mkdirSync(path.join(out, 'nginx', 'sites'), { recursive: true });
    fs.writeFileSync(path.join(out, 'nginx', `.nginx.conf.${dead}-00112233aabb.nself-bak`), 'old');
    fs.writeFileSync(path.join(out, 'nginx', 'sites', `.api.conf.${dead}-00112233aabb.nself-tmp`), 'half');
    const left = listFiles(out).filter((f) => /\.nself-(tmp|bak)$/.test(f)).length;
    console.log(`      ${left} leftover files from killed runs before the clean run`);
    const done = await cli(['generate', 'nginx', '--out', out], root);
    assert.equal(done.code, 0, done.stderr);
    assert.deepEqual(listFiles(out).filter((f) => /\.nself-(tmp|bak)$/.test(f)), []);
  });
});

describe('hostile input: one size limit everywhere', function () {
  this.timeout(120_000);

  it('does not read a 50 MB file checked by path or as the only .env of a folder', async function () {
    if (!fs.existsSync(CLI) || !fs.existsSync('/usr/bin/time')) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-big-'));
    const big = path.join(dir, '.env');
    const fd = fs.openSync(big, 'w');
    const chunk = Buffer.from('PROJECT_NAME=shop\n' + 'A_KEY=' + 'x'.repeat(1_000_000) + '\n');
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    for (const args of [['check', big], ['check', dir]]) {
      const { spawnSync } = await import('child_process');
      const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, CLI, ...args, '--profile', '1.x'], { encoding: 'utf8' });
      assert.match(r.stdout, /file-problem .*nself refuses files over 1 MB/, r.stdout + r.stderr);
      const kb = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]);
      assert.ok(kb > 0 && kb < 250_000, `${args.join(' ')}: ${kb} KB resident`);
    }
  });
});
