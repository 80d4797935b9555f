/**
 * The realistic big file: a 10,000-line `.env.local` of app settings (keys nself does not read,
 * `${}` references) inside the example project, so every environment's cascade includes it and
 * every one of them is validated. Beside it, the same file in a project of one line (`.env` with
 * `PROJECT_NAME`): the easier case the server bench's "10,000 lines" row measures.
 *
 * Language server: `didOpen` → `publishDiagnostics` and `didChange` → `publishDiagnostics` over a
 * real stdio connection to `dist/server.js` (debounce 0). CLI: `nself-env check <project>` in
 * process (what the check itself costs) and as a process (`node dist/cli.js`, what a user
 * waits for), next to the same process on the example project without the big file (node's
 * start-up and loading the CLI, the floor no check can go under).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
// Not cli/main: its `require.main === module` start-up would fire inside the bench bundle.
import { runCheck } from '../server/src/cli/check';
import { generateAppSettings } from './appSettingsGen';
import { startServer, type BenchServer } from './lspClient';
import { percentile } from './stats';

const LINES = 10_000;

interface Row {
  what: string;
  where: string;
  times: number[];
  findings?: number;
}

function examples(): string {
  const candidates = [path.resolve(__dirname, '..', 'examples', 'demo'), path.resolve(process.cwd(), 'examples', 'demo')];
  const found = candidates.find((c) => fs.existsSync(path.join(c, '.env')));
  if (!found) throw new Error('examples/demo not found: run the bench from the repository');
  return found;
}

function cliPath(): string {
  const candidates = [path.resolve(__dirname, 'cli.js'), path.resolve(__dirname, '..', 'dist', 'cli.js'), path.resolve(process.cwd(), 'dist', 'cli.js')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('dist/cli.js not found: run `npm run build` first');
  return found;
}

/** The three projects: the example with the big file, the example without it, the big file alone. */
function setUp(): { root: string; inProject: string; bare: string; alone: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-bench-project-'));
  const text = generateAppSettings(LINES);
  const inProject = path.join(root, 'demo');
  const bare = path.join(root, 'demo-without');
  const alone = path.join(root, 'alone');
  for (const dir of [inProject, bare]) fs.cpSync(examples(), dir, { recursive: true });
  fs.writeFileSync(path.join(inProject, '.env.local'), text);
  fs.mkdirSync(alone);
  fs.writeFileSync(path.join(alone, '.env'), 'PROJECT_NAME=bench\n');
  fs.writeFileSync(path.join(alone, '.env.local'), text);
  return { root, inProject, bare, alone };
}

async function timed(runs: number, work: () => Promise<unknown>, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

async function serverRows(server: BenchServer, dir: string, where: string, runs: number): Promise<Row[]> {
  const file = path.join(dir, '.env.local');
  const text = fs.readFileSync(file, 'utf8');
  let findings = 0;
  // Open → diagnostics, close (which publishes an empty list), again: a fresh parse each time.
  const open = await timed(runs, async () => {
    const published = server.published(file, (d) => d.length > 0);
    await server.open(file, text);
    findings = (await published).length;
    const cleared = server.published(file, (d) => d.length === 0);
    await server.close(file);
    await cleared;
  });
  await server.open(file, text);
  const lines = text.split('\n');
  let flip = false;
  const change = await timed(runs, async () => {
    flip = !flip;
    const published = server.published(file);
    // A one-character edit on the last line: the whole file is validated again.
    await server.changeLastLine(file, lines.length - 1, flip ? 'X' : '');
    await published;
  });
  await server.close(file);
  return [
    { what: 'server: didOpen → diagnostics', where, times: open, findings },
    { what: 'server: didChange → diagnostics', where, times: change, findings },
  ];
}

/** `nself-env check <dir>` in this process, output discarded. */
async function cliInProcess(dir: string): Promise<number> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  await runCheck([dir], { profile: 'auto', format: 'text' }, sink, new Writable({ write: (_c, _e, done) => done() }));
  return bytes;
}

function cliProcess(dir: string): void {
  try {
    execFileSync(process.execPath, [cliPath(), 'check', dir], { stdio: 'ignore', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // Exit status 1 means "errors were found", which the example project has on purpose.
    if ((error as { status?: number }).status !== 1) throw error;
  }
}

export async function benchProject(options: { runs?: number; print?: boolean } = {}): Promise<Row[]> {
  const runs = options.runs ?? 20;
  const { root, inProject, bare, alone } = setUp();
  const rows: Row[] = [];
  const server = await startServer(root);
  try {
    rows.push(...(await serverRows(server, alone, `${LINES.toLocaleString('en')}-line .env.local, one-line project`, runs)));
    rows.push(...(await serverRows(server, inProject, `${LINES.toLocaleString('en')}-line .env.local in examples/demo`, runs)));
  } finally {
    await server.stop();
  }
  for (const [dir, where] of [
    [alone, `${LINES.toLocaleString('en')}-line .env.local, one-line project`],
    [inProject, `${LINES.toLocaleString('en')}-line .env.local in examples/demo`],
  ] as const) {
    rows.push({ what: 'CLI: nself-env check, in process', where, times: await timed(runs, () => cliInProcess(dir)) });
  }
  const processRuns = Math.max(5, Math.floor(runs / 2));
  rows.push({ what: 'CLI: node dist/cli.js check', where: 'examples/demo without the big file (start-up floor)', times: await timed(processRuns, async () => cliProcess(bare), 1) });
  rows.push({ what: 'CLI: node dist/cli.js check', where: `${LINES.toLocaleString('en')}-line .env.local in examples/demo`, times: await timed(processRuns, async () => cliProcess(inProject), 1) });
  fs.rmSync(root, { recursive: true, force: true });

  if (options.print !== false) {
    console.log(`\n## A ${LINES.toLocaleString('en')}-line .env.local of app settings: alone vs inside examples/demo (every environment validated)`);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
    console.log('| operation | file | p50 ms | p95 ms | min ms | runs | findings |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      const min = Math.min(...r.times);
      console.log(`| ${r.what} | ${r.where} | ${percentile(r.times, 50).toFixed(1)} | ${percentile(r.times, 95).toFixed(1)} | ${min.toFixed(1)} | ${r.times.length} | ${r.findings ?? ''} |`);
    }
    const p50 = (what: string, where: string) => percentile(rows.find((r) => r.what === what && r.where.startsWith(where))!.times, 50);
    const inDemo = `${LINES.toLocaleString('en')}-line .env.local in`;
    const lone = `${LINES.toLocaleString('en')}-line .env.local, one`;
    console.log(
      `in examples/demo vs one-line project at p50: server open ×${(p50('server: didOpen → diagnostics', inDemo) / p50('server: didOpen → diagnostics', lone)).toFixed(2)}, ` +
        `CLI in process ×${(p50('CLI: nself-env check, in process', inDemo) / p50('CLI: nself-env check, in process', lone)).toFixed(2)}; ` +
        `CLI process minus its start-up floor: ${(p50('CLI: node dist/cli.js check', inDemo) - p50('CLI: node dist/cli.js check', 'examples/demo without')).toFixed(1)} ms (target < 50 ms for all three)`,
    );
  }
  return rows;
}
