import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { OutsideRootError, StagedWrite } from '../../server/src/node/stagedWrite';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nself-staged-'));
}

/** Everything in a folder, recursively, as relative path → content ('<dir>' for folders). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name);
    out[name] = fs.statSync(full).isDirectory() ? '<dir>' : fs.readFileSync(full, 'utf8');
  }
  return out;
}

describe('node: staged writes', () => {
  it('writes nothing until commit, then every file, keeping the mode it is asked for', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'old a');
    const write = new StagedWrite(dir);
    await write.stage(path.join(dir, 'a.txt'), 'new a');
    await write.stage(path.join(dir, 'nested', 'b.txt'), 'new b', 0o600);
    assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'old a');
    assert.equal(fs.existsSync(path.join(dir, 'nested', 'b.txt')), false);
    await write.commit();
    assert.deepEqual(snapshot(dir), { 'a.txt': 'new a', nested: '<dir>', 'nested/b.txt': 'new b' });
    assert.equal(fs.statSync(path.join(dir, 'nested', 'b.txt')).mode & 0o777, 0o600);
  });

  it('rolls back: the old files stay whole and the staging leaves nothing behind', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'old a');
    const write = new StagedWrite(dir);
    await write.stage(path.join(dir, 'a.txt'), 'new a');
    await write.stage(path.join(dir, 'fresh', 'b.txt'), 'new b');
    await write.rollback();
    assert.deepEqual(snapshot(dir), { 'a.txt': 'old a' });
  });

  it('puts every replaced file back when a rename fails halfway through the commit', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'old a');
    fs.mkdirSync(path.join(dir, 'blocker'));
    const write = new StagedWrite(dir);
    await write.stage(path.join(dir, 'a.txt'), 'new a');
    await write.stage(path.join(dir, 'new.txt'), 'brand new');
    // A folder where a file should go: its backup and its rename both fail, after a.txt and new.txt were written.
    await write.stage(path.join(dir, 'blocker'), 'cannot replace a folder');
    await assert.rejects(write.commit());
    assert.deepEqual(snapshot(dir), { 'a.txt': 'old a', blocker: '<dir>' });
  });

  it('refuses paths that climb out of the output folder', async () => {
    const dir = tempDir();
    const write = new StagedWrite(dir);
    for (const bad of ['../../x', '/etc/passwd', path.join(dir, '..', 'sibling.txt'), '.']) {
      await assert.rejects(write.stage(bad, 'x'), OutsideRootError, bad);
    }
    await write.stage('nginx/sites/api.conf', 'ok');
    await write.commit();
    assert.equal(fs.readFileSync(path.join(dir, 'nginx', 'sites', 'api.conf'), 'utf8'), 'ok');
  });

  describe('symbolic links that leave the folder', () => {
    /** A project folder and, beside it, a folder outside it holding a file that must survive. */
    function layout(): { dir: string; outside: string } {
      const base = tempDir();
      const dir = path.join(base, 'project');
      const outside = path.join(base, 'elsewhere');
      fs.mkdirSync(dir);
      fs.mkdirSync(outside);
      fs.writeFileSync(path.join(outside, 'nginx.conf'), 'precious');
      return { dir, outside };
    }

    it('refuses to write, overwrite or delete through a linked folder (nginx -> ../elsewhere)', async () => {
      const { dir, outside } = layout();
      fs.symlinkSync('../elsewhere', path.join(dir, 'nginx'));
      const write = new StagedWrite(dir);
      await assert.rejects(write.stage('nginx/nginx.conf', 'evil'), /nginx is a link to .*elsewhere/);
      await assert.rejects(write.stage('nginx/sites/new.conf', 'evil'), OutsideRootError);
      await assert.rejects(write.remove('nginx/nginx.conf'), OutsideRootError);
      assert.deepEqual(snapshot(outside), { 'nginx.conf': 'precious' });
    });

    it('refuses an absolute link deeper down (services -> /some/dir) and a linked file', async () => {
      const { dir, outside } = layout();
      fs.mkdirSync(path.join(dir, 'services'));
      fs.symlinkSync(outside, path.join(dir, 'services', 'api'));
      fs.symlinkSync(path.join(outside, 'nginx.conf'), path.join(dir, 'docker-compose.yml'));
      const write = new StagedWrite(dir);
      await assert.rejects(write.stage('services/api/Dockerfile', 'evil'), OutsideRootError);
      await assert.rejects(write.stage('docker-compose.yml', 'evil'), OutsideRootError);
      assert.deepEqual(snapshot(outside), { 'nginx.conf': 'precious' });
    });

    it('refuses a link made between staging and commit', async () => {
      const { dir, outside } = layout();
      const write = new StagedWrite(dir);
      await write.stage('conf/a.txt', 'a');
      fs.rmSync(path.join(dir, 'conf'), { recursive: true });
      fs.symlinkSync(outside, path.join(dir, 'conf'));
      await assert.rejects(write.commit(), OutsideRootError);
      assert.deepEqual(snapshot(outside), { 'nginx.conf': 'precious' });
    });

    it('writes through links that stay inside the folder, and into a root that is itself a link', async () => {
      const { dir } = layout();
      fs.mkdirSync(path.join(dir, 'real'));
      fs.symlinkSync('real', path.join(dir, 'alias'));
      const viaLink = path.join(path.dirname(dir), 'project-link');
      fs.symlinkSync(dir, viaLink);
      const write = new StagedWrite(viaLink);
      await write.stage('alias/x.txt', 'inside');
      await write.commit();
      assert.equal(fs.readFileSync(path.join(dir, 'real', 'x.txt'), 'utf8'), 'inside');
    });
  });

  it('removes what killed runs left behind, but not the files of a run still going', async () => {
    const dir = tempDir();
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid!));
    });
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const leftovers = [`.a.txt.${dead}-0123456789ab.nself-tmp`, `.a.txt.${dead}-ba9876543210.nself-bak`, '.b.txt.0123456789ab.nself-tmp'];
      const running = `.a.txt.${live.pid}-aaaaaaaaaaaa.nself-tmp`;
      for (const name of [...leftovers, running]) fs.writeFileSync(path.join(dir, name), 'partial');
      const write = new StagedWrite(dir);
      await write.stage('a.txt', 'whole');
      await write.commit();
      assert.deepEqual(snapshot(dir), { 'a.txt': 'whole', [running]: 'partial' });
    } finally {
      live.kill();
    }
  });
});
