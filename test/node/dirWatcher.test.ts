import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DirWatcher, type DirWatchError } from '../../server/src/node/dirWatcher';

/** Generous: inotify answers in milliseconds, polling within seconds, but the machine may be busy. */
const WAIT_MS = 60_000;

/** Resolves when `seen` holds `file`, polling the array (bounded). */
async function waitFor(seen: string[], file: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!seen.includes(file)) {
    if (Date.now() > deadline) throw new Error(`no change reported for ${file}; saw ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('node: DirWatcher', function () {
  this.timeout(3 * WAIT_MS);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-watch-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports writes, renames onto a file and deletions in a watched folder; stops when the folder is dropped', async () => {
    const seen: string[] = [];
    const watcher = new DirWatcher((file) => seen.push(file));
    try {
      watcher.set([dir]);
      assert.deepStrictEqual(watcher.dirs(), [dir]);
      const secrets = path.join(dir, '.env.secrets');
      fs.writeFileSync(secrets, 'A=1\n');
      await waitFor(seen, secrets);
      seen.length = 0;
      fs.writeFileSync(path.join(dir, 'tmp'), 'A=2\n');
      fs.renameSync(path.join(dir, 'tmp'), secrets);
      await waitFor(seen, secrets);
      seen.length = 0;
      fs.rmSync(secrets);
      await waitFor(seen, secrets);
      watcher.set([]);
      assert.deepStrictEqual(watcher.dirs(), []);
      seen.length = 0;
      fs.writeFileSync(secrets, 'A=3\n');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepStrictEqual(seen, []);
    } finally {
      watcher.dispose();
    }
  });

  it('skips a folder that does not exist yet, and watches it once it does', async () => {
    const seen: string[] = [];
    const later = path.join(dir, '.environments');
    const watcher = new DirWatcher((file) => seen.push(file));
    try {
      watcher.set([later]);
      assert.deepStrictEqual(watcher.dirs(), []);
      fs.mkdirSync(later);
      watcher.set([later]);
      fs.writeFileSync(path.join(later, 'x'), '1');
      await waitFor(seen, path.join(later, 'x'));
    } finally {
      watcher.dispose();
    }
  });

  it('polls a folder the system cannot watch (no inotify watches left), and says so once', async () => {
    // The module object itself (the namespace import is read-only); the adapter reads `watch` from it per call.
    const nodeFs = require('fs') as { watch: unknown };
    const original = nodeFs.watch;
    const errors: DirWatchError[] = [];
    const seen: string[] = [];
    nodeFs.watch = () => {
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    };
    const watcher = new DirWatcher((file) => seen.push(file), (error) => errors.push(error));
    try {
      watcher.set([dir]);
    } finally {
      nodeFs.watch = original;
    }
    try {
      assert.strictEqual(errors.length, 1);
      assert.strictEqual(errors[0].dir, dir);
      assert.match(errors[0].message, /ENOSPC.*polling/);
      const file = path.join(dir, '.env.prod');
      fs.writeFileSync(file, 'A=1\n');
      await waitFor(seen, file);
    } finally {
      watcher.dispose();
    }
  });
});
