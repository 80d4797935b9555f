import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { safeJoin, StagedWrite } from '../../server/src/node/stagedWrite';

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
    const write = new StagedWrite();
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
    const write = new StagedWrite();
    await write.stage(path.join(dir, 'a.txt'), 'new a');
    await write.stage(path.join(dir, 'fresh', 'b.txt'), 'new b');
    await write.rollback();
    assert.deepEqual(snapshot(dir), { 'a.txt': 'old a' });
  });

  it('puts every replaced file back when a rename fails halfway through the commit', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'old a');
    fs.mkdirSync(path.join(dir, 'blocker'));
    const write = new StagedWrite();
    await write.stage(path.join(dir, 'a.txt'), 'new a');
    await write.stage(path.join(dir, 'new.txt'), 'brand new');
    // A folder where a file should go: its backup and its rename both fail, after a.txt and new.txt were written.
    await write.stage(path.join(dir, 'blocker'), 'cannot replace a folder');
    await assert.rejects(write.commit());
    assert.deepEqual(snapshot(dir), { 'a.txt': 'old a', blocker: '<dir>' });
  });

  it('refuses paths that climb out of the output folder', () => {
    const dir = tempDir();
    assert.equal(safeJoin(dir, 'nginx/sites/api.conf'), path.join(dir, 'nginx', 'sites', 'api.conf'));
    assert.throws(() => safeJoin(dir, '../../x'), /refusing to write outside/);
    assert.throws(() => safeJoin(dir, '/etc/passwd'), /refusing to write outside/);
  });
});
