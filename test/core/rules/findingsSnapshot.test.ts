/**
 * Pins every finding (code, span, severity, message, fixes, related, tags) on the benchmark file
 * and the fixture projects, so a performance change to the rules cannot silently drop or alter
 * one. The fixture findings are stored in full; the 10,000-line benchmark file (tens of thousands
 * of findings) as counts per code, its first findings in full and a hash of all of them.
 *
 * After an intended change of findings, regenerate with
 * `UPDATE_SNAPSHOTS=1 npx mocha test/core/rules/findingsSnapshot.test.ts` and review the diff.
 */
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateEnvText } from '../../../bench/corpusGen';
import type { Profile } from '../../../server/src/core/catalog/types';
import { nodeHost } from '../../../server/src/core/project/discover';
import { Project } from '../../../server/src/core/project/project';
import type { Diagnostic } from '../../../server/src/core/rules/types';
import { validateDocument, validateProject } from '../../../server/src/core/rules/validate';
import { PATIENCE } from '../../helpers/patience';

const SNAPSHOT = path.join(__dirname, '__snapshots__', 'findings.json');
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'projects');
const PROFILES: Profile[] = ['1.x', '0.9'];
/** Findings of the benchmark file kept in full in the snapshot, to show what a hash mismatch is about. */
const HEAD = 40;

interface Summary {
  count: number;
  byCode: Record<string, number>;
  sha256: string;
  head: string[];
}

/** One line per finding; fixes, related locations and tags as JSON so they count too. */
function lines(list: Diagnostic[], root: string): string[] {
  return list.map((d) => {
    const extra = JSON.stringify({ fixes: d.fixes, related: d.related, tags: d.tags });
    return `${path.relative(root, d.file)}:${d.start}-${d.end} ${d.severity} ${d.code} ${d.message} ${extra}`.split(root + path.sep).join('');
  });
}

function summary(all: string[]): Summary {
  const byCode: Record<string, number> = {};
  for (const line of all) {
    const code = line.split(' ')[2];
    byCode[code] = (byCode[code] ?? 0) + 1;
  }
  const sorted = Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b)));
  return { count: all.length, byCode: sorted, sha256: createHash('sha256').update(all.join('\n')).digest('hex'), head: all.slice(0, HEAD) };
}

function current(): Record<string, string[] | Summary> {
  const out: Record<string, string[] | Summary> = {};
  const tracked = (file: string) => !['.env.secrets', '.env.local'].includes(path.basename(file));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-snapshot-'));
  try {
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, generateEnvText(10_000));
    for (const profile of PROFILES) {
      for (const env of ['dev', 'prod']) {
        const project = new Project(dir);
        const found = validateDocument(project.document(file)!, project, { profile, env, gitTracked: tracked });
        out[`bench 10,000 lines, ${profile}, ${env}`] = summary(lines(found, dir));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    const root = path.join(FIXTURES, name);
    for (const profile of PROFILES) {
      const project = new Project(root, { ...nodeHost, mode: (f) => (path.basename(f) === '.env.secrets' ? 0o644 : nodeHost.mode!(f)) });
      out[`fixture ${name}, ${profile}`] = lines(validateProject(project, { profile, gitTracked: tracked }), root);
    }
  }
  return out;
}

describe('rules: findings snapshot', function () {
  this.timeout(PATIENCE.start);

  it('the benchmark file and the fixture projects get exactly the recorded findings', () => {
    const actual = current();
    if (process.env.UPDATE_SNAPSHOTS) {
      fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
      fs.writeFileSync(SNAPSHOT, JSON.stringify(actual, null, 1) + '\n');
      return;
    }
    const expected = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as typeof actual;
    assert.deepStrictEqual(Object.keys(actual), Object.keys(expected));
    for (const name of Object.keys(expected)) assert.deepStrictEqual(actual[name], expected[name], name);
  });
});
