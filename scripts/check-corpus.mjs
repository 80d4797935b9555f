// Runs `nself-env check` over ../shared/corpus, the real env files of public nself projects.
// Each corpus name is owner__repo__path__file; files of one project folder are laid out again
// under their real names in a temp folder, so the cascade and environments work as for a user.
// Prints every error in full and a count per code; exits 1 if the CLI crashed (exit 2) anywhere.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const corpus = process.argv[2] ?? path.resolve('..', 'shared', 'corpus');
if (!fs.existsSync(corpus)) {
  console.log(`check:corpus: no corpus at ${corpus}; nothing to do`);
  process.exit(0);
}
const cli = path.resolve('dist', 'cli.js');
const projects = new Map();
for (const name of fs.readdirSync(corpus)) {
  const at = name.lastIndexOf('__');
  if (at === -1) continue;
  const folder = name.slice(0, at);
  if (!projects.has(folder)) projects.set(folder, []);
  projects.get(folder).push({ source: path.join(corpus, name), file: name.slice(at + 2) });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-corpus-'));
const byCode = new Map();
let crashed = 0;
let errors = 0;
try {
  for (const [folder, files] of [...projects].sort()) {
    const dir = path.join(work, folder);
    fs.mkdirSync(dir, { recursive: true });
    for (const { source, file } of files) fs.copyFileSync(source, path.join(dir, file));
    // The project may not look like nself from .env alone (e.g. only .env.example): check its files.
    const targets = files.map((f) => path.join(dir, f.file));
    const run = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...targets], { encoding: 'utf8', cwd: work });
    if (run.status === 2 || run.error) {
      crashed++;
      console.log(`CRASH ${folder}: ${run.stderr || run.error}`);
      continue;
    }
    const list = JSON.parse(run.stdout || '[]');
    console.log(`${folder}: ${files.map((f) => f.file).join(' ')} — ${list.length} findings, exit ${run.status}`);
    for (const d of list) {
      byCode.set(`${d.severity} ${d.code}`, (byCode.get(`${d.severity} ${d.code}`) ?? 0) + 1);
      if (d.severity === 'error') {
        errors++;
        console.log(`  ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
      }
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log('\nFindings by severity and code:');
for (const [key, count] of [...byCode].sort()) console.log(`  ${String(count).padStart(4)}  ${key}`);
console.log(`\n${projects.size} projects, ${errors} errors, ${crashed} crashes`);
process.exit(crashed ? 1 : 0);
