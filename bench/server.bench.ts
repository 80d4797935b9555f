/**
 * Language server latency over a real stdio connection to `dist/server.js`: completion, hover and
 * full diagnostics (didChange → publishDiagnostics) on a 200-line and a 10,000-line env file.
 *
 * The diagnostics debounce is set to 0 through `nself.diagnostics.debounceMs`, so the figure is
 * validation plus transport, with no waiting built in.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

interface Row {
  file: string;
  operation: string;
  p50: number;
  p95: number;
  runs: number;
}

const SECTIONS = ['Core', 'Database', 'Hasura', 'Auth', 'Storage', 'Search', 'Monitoring', 'Custom services', 'Frontend apps', 'App settings'];

/**
 * A realistic env file: sections, comments, flags, CS_N lines, frontend apps, `${}` references,
 * and thousands of the app's own keys declared through `ENV_ALLOWLIST=APP_*` as a big project would.
 */
export function generateEnvFile(lines: number): string {
  const out = ['# === Core ===', 'PROJECT_NAME=bench', 'BASE_DOMAIN=localhost', 'ENV=dev', '# The app\'s own settings', 'ENV_ALLOWLIST=APP_*', ''];
  out.push('POSTGRES_PASSWORD=averyLongPasswordForBenchmarks42', 'HASURA_GRAPHQL_ADMIN_SECRET=0123456789abcdef0123456789abcdef', 'REDIS_ENABLED=true', 'MINIO_ENABLED=true');
  for (let n = 1; n <= 10; n++) out.push(`CS_${n}=svc${n}:express-js:${8000 + n}:svc${n}`, `CS_${n}_MEMORY=256m`);
  for (let n = 1; n <= 5; n++) out.push(`FRONTEND_APP_${n}_NAME=app${n}`, `FRONTEND_APP_${n}_PORT=${3000 + n - 1}`);
  let i = 0;
  while (out.length < lines) {
    if (i % 40 === 0) out.push('', `# === ${SECTIONS[(i / 40) % SECTIONS.length]} ${i / 40} ===`);
    else if (i % 7 === 0) out.push(`# setting ${i}: explained here`);
    else if (i % 5 === 0) out.push(`APP_URL_${i}=https://app${i}.\${BASE_DOMAIN}/path`);
    else if (i % 3 === 0) out.push(`APP_FLAG_${i}_ENABLED=${i % 2 === 0 ? 'true' : 'false'}`);
    else out.push(`APP_SETTING_${i}="value number ${i}"`);
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function serverPath(): string {
  const candidates = [path.resolve(__dirname, 'server.js'), path.resolve(__dirname, '..', 'dist', 'server.js'), path.resolve(process.cwd(), 'dist', 'server.js')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('dist/server.js not found: run `npm run build` first');
  return found;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await work(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

export async function benchServer(options: { runs?: number; print?: boolean } = {}): Promise<Row[]> {
  const runs = options.runs ?? 100;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-bench-'));
  fs.writeFileSync(path.join(root, '.env'), 'PROJECT_NAME=bench\n');
  const child = spawn(process.execPath, [serverPath(), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, () => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
    const done = waiting.get(p.uri);
    waiting.delete(p.uri);
    done?.();
  });
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ diagnostics: { debounceMs: 0 } })));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  const rows: Row[] = [];
  try {
    await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'bench' }],
      capabilities: {
        workspace: { configuration: true },
        // What VS Code declares: snippets and list defaults for completion.
        textDocument: { completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } },
      },
    });
    await rpc.sendNotification('initialized', {});
    const published = (uri: string) => new Promise<void>((resolve) => waiting.set(uri, resolve));

    for (const lines of [200, 10_000]) {
      const file = path.join(root, lines === 200 ? '.env.dev' : '.env.staging');
      const uri = pathToFileURL(file).toString();
      const text = generateEnvFile(lines);
      const docLines = text.split('\n');
      const first = published(uri);
      await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nself-env', version: 1, text } });
      await first;
      const label = `${lines.toLocaleString('en')} lines`;
      const middle = Math.floor(docLines.length / 2);
      const keyLine = docLines.findIndex((l, i) => i >= middle && /^[A-Z]/.test(l));
      const csLine = docLines.findIndex((l) => l.startsWith('CS_3='));

      const completion = await time(runs, () => rpc.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: keyLine, character: 0 } }));
      rows.push({ file: label, operation: 'completion (keys)', ...completion, runs });
      const values = await time(runs, () => rpc.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: csLine, character: 'CS_3=svc3:'.length } }));
      rows.push({ file: label, operation: 'completion (templates)', ...values, runs });
      const hover = await time(runs, () => rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: keyLine, character: 2 } }));
      rows.push({ file: label, operation: 'hover (key)', ...hover, runs });
      const hoverCs = await time(runs, () => rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: csLine, character: 2 } }));
      rows.push({ file: label, operation: 'hover (CS_N)', ...hoverCs, runs });
      let version = 1;
      const diagRuns = Math.max(10, Math.floor(runs / (lines > 1000 ? 4 : 1)));
      const diagnostics = await time(diagRuns, async () => {
        version++;
        const done = published(uri);
        // A one-character edit on the last line: the whole file is validated again.
        const end = { line: docLines.length - 1, character: 0 };
        await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: end, end }, text: version % 2 ? 'X' : '' }] });
        await done;
      });
      rows.push({ file: label, operation: 'diagnostics (didChange → publish, debounce 0)', ...diagnostics, runs: diagRuns });
      await rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  } finally {
    await Promise.race([rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined);
    await rpc.sendNotification('exit').catch(() => undefined);
    rpc.dispose();
    if (child.exitCode === null) child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
  if (options.print !== false) {
    console.log('\nLanguage server (dist/server.js over stdio)');
    console.log('| file | operation | p50 ms | p95 ms | runs |');
    console.log('|---|---|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.file} | ${r.operation} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.runs} |`);
  }
  return rows;
}
