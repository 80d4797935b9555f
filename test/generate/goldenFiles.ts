/** Golden-file comparison for generator tests. `UPDATE_GOLDEN=1` rewrites the files instead. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const GOLDEN_DIR = path.join(__dirname, 'golden');

export function updating(): boolean {
  return process.env.UPDATE_GOLDEN === '1';
}

/** Compares `content` with `golden/<name>`; writes it there when updating or when it is new. */
export function assertGolden(name: string, content: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (updating()) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return;
  }
  assert.ok(fs.existsSync(file), `golden file ${path.relative(process.cwd(), file)} is missing: run with UPDATE_GOLDEN=1 and review it`);
  const expected = fs.readFileSync(file, 'utf8');
  assert.equal(content, expected, `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after review)`);
}

/** Every golden file under `golden/<prefix>/`, relative to it (to spot files no longer generated). */
export function goldenFilesUnder(prefix: string): string[] {
  const root = path.join(GOLDEN_DIR, prefix);
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}
