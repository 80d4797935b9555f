import * as assert from 'assert';
import { execFile, spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { PATIENCE } from '../helpers/patience';
import {
  emptyManifest,
  isSafeRelativePath,
  parseManifest,
  planBuild,
  scaffoldService,
  scaffoldsFor,
  serializeManifest,
  sha256,
  summarize,
  summaryLine,
  type BuildFile,
  type BuildManifest,
} from '../../server/src/core/build';
import type { ModelService, ServiceModel } from '../../server/src/core/model/types';

const gen = (p: string, content: string): BuildFile => ({ path: p, content, kind: 'generated' });
const manifestOf = (files: Record<string, string>): BuildManifest => ({
  version: 1,
  tool: 'nself-vscode',
  files: Object.fromEntries(Object.entries(files).map(([p, c]) => [p, sha256(c)])),
});
const diskOf = (files: Record<string, string>) => (p: string) => files[p];
const typesOf = (plan: ReturnType<typeof planBuild>) => Object.fromEntries(plan.actions.map((a) => [a.type === 'remove' || a.type === 'keep-stale' ? a.path : a.file.path, a.type]));

describe('core/build: manifest', () => {
  it('round-trips with sorted paths', () => {
    const m = manifestOf({ 'b.yml': 'b', 'a.yml': 'a' });
    m.env = 'prod';
    const text = serializeManifest(m);
    assert.ok(text.indexOf('a.yml') < text.indexOf('b.yml'));
    assert.deepStrictEqual(parseManifest(text), m);
  });

  it('treats missing, broken or foreign manifests as empty', () => {
    for (const t of [undefined, '', '{', '[]', '{"version":2,"files":{}}', '{"version":1}']) {
      assert.deepStrictEqual(parseManifest(t), emptyManifest(), String(t));
    }
  });

  it('drops entries that are not sha256 hashes', () => {
    const m = parseManifest(JSON.stringify({ version: 1, files: { a: 'nope', b: sha256('x'), c: 3 } }));
    assert.deepStrictEqual(Object.keys(m.files), ['b']);
  });
});

describe('core/build: plan', () => {
  it('creates missing files and records them', () => {
    const plan = planBuild([gen('docker-compose.yml', 'x')], emptyManifest(), diskOf({}), { env: 'dev' });
    assert.deepStrictEqual(typesOf(plan), { 'docker-compose.yml': 'create' });
    assert.strictEqual(plan.manifest.files['docker-compose.yml'], sha256('x'));
    assert.strictEqual(plan.manifest.env, 'dev');
  });

  it('replaces a file that is still what we wrote last time', () => {
    const plan = planBuild([gen('a', 'new')], manifestOf({ a: 'old' }), diskOf({ a: 'old' }));
    assert.deepStrictEqual(typesOf(plan), { a: 'update' });
    assert.strictEqual(plan.manifest.files.a, sha256('new'));
  });

  it('leaves identical files untouched', () => {
    const plan = planBuild([gen('a', 'same')], emptyManifest(), diskOf({ a: 'same' }));
    assert.deepStrictEqual(typesOf(plan), { a: 'unchanged' });
    // Identical content is ours from now on.
    assert.strictEqual(plan.manifest.files.a, sha256('same'));
  });

  it('never overwrites a file the user edited, and keeps remembering the old hash', () => {
    const prev = manifestOf({ a: 'old' });
    const plan = planBuild([gen('a', 'new')], prev, diskOf({ a: 'old + my edit' }));
    const [action] = plan.actions;
    assert.ok(action && action.type === 'skip');
    assert.strictEqual(action.reason, 'edited');
    assert.strictEqual(action.diskContent, 'old + my edit');
    assert.strictEqual(plan.manifest.files.a, prev.files.a);
    // A second build still skips it.
    const again = planBuild([gen('a', 'newer')], plan.manifest, diskOf({ a: 'old + my edit' }));
    assert.deepStrictEqual(typesOf(again), { a: 'skip' });
  });

  it('does not overwrite a file it never wrote (e.g. from the nself CLI)', () => {
    const plan = planBuild([gen('docker-compose.yml', 'ours')], emptyManifest(), diskOf({ 'docker-compose.yml': 'theirs' }));
    const [action] = plan.actions;
    assert.ok(action && action.type === 'skip' && action.reason === 'foreign');
    assert.strictEqual(plan.manifest.files['docker-compose.yml'], undefined);
  });

  it('overwrites a skipped file when the user names it', () => {
    const plan = planBuild([gen('a', 'new')], manifestOf({ a: 'old' }), diskOf({ a: 'edited' }), { overwrite: new Set(['a']) });
    const [action] = plan.actions;
    assert.ok(action && action.type === 'update' && action.forced);
    assert.strictEqual(plan.manifest.files.a, sha256('new'));
  });

  it('removes stale generated files only when untouched', () => {
    const prev = manifestOf({ 'nginx/sites/old.conf': 'o', 'nginx/sites/edited.conf': 'e', 'gone.conf': 'g' });
    const disk = diskOf({ 'nginx/sites/old.conf': 'o', 'nginx/sites/edited.conf': 'e!' });
    const plan = planBuild([], prev, disk);
    assert.deepStrictEqual(typesOf(plan), { 'nginx/sites/old.conf': 'remove', 'nginx/sites/edited.conf': 'keep-stale' });
    assert.deepStrictEqual(plan.manifest.files, {});
  });

  it('only creates scaffold files and never tracks them', () => {
    const s: BuildFile = { path: 'services/api/index.js', content: 'x', kind: 'scaffold' };
    const fresh = planBuild([s], emptyManifest(), diskOf({}));
    assert.deepStrictEqual(typesOf(fresh), { 'services/api/index.js': 'create' });
    assert.deepStrictEqual(fresh.manifest.files, {});
    const existing = planBuild([s], emptyManifest(), diskOf({ 'services/api/index.js': 'mine' }));
    const [a] = existing.actions;
    assert.ok(a && a.type === 'skip' && a.reason === 'scaffold-exists');
    assert.deepStrictEqual(summarize(existing).skipped, []);
  });

  it('refuses paths outside the project and duplicates', () => {
    for (const p of ['../x', '/etc/passwd', 'a/../../b', 'a//b', 'C:/x', 'a\\b', '']) {
      assert.strictEqual(isSafeRelativePath(p), false, p);
      assert.throws(() => planBuild([gen(p, '')], emptyManifest(), diskOf({})));
    }
    assert.ok(isSafeRelativePath('nginx/sites/api.conf'));
    assert.ok(isSafeRelativePath('.env.runtime'));
    assert.throws(() => planBuild([gen('a', '1'), gen('a', '2')], emptyManifest(), diskOf({})), /twice/);
  });

  it('summarizes by outcome', () => {
    const prev = manifestOf({ upd: 'old', edit: 'old', stale: 's' });
    const plan = planBuild(
      [gen('new', 'n'), gen('upd', 'u'), gen('same', 'x'), gen('edit', 'e'), gen('foreign', 'f')],
      prev,
      diskOf({ upd: 'old', same: 'x', edit: 'mine', foreign: 'theirs', stale: 's' }),
    );
    const s = summarize(plan);
    assert.deepStrictEqual(s.created, ['new']);
    assert.deepStrictEqual(s.changed, ['upd']);
    assert.deepStrictEqual(s.untouched, ['same']);
    assert.deepStrictEqual(s.removed, ['stale']);
    assert.deepStrictEqual(s.skipped, [
      { path: 'edit', reason: 'edited' },
      { path: 'foreign', reason: 'foreign' },
    ]);
    assert.strictEqual(summaryLine(s), '1 created, 1 changed, 1 untouched, 1 removed, 2 skipped (changed by you, not overwritten)');
  });
});

function customService(index: number, rawName: string, template: string, family: string | undefined, extra: Partial<ModelService> = {}): ModelService {
  return {
    id: rawName.replace(/_/g, '-'),
    kind: 'custom',
    title: rawName,
    composeKey: rawName.replace(/_/g, '-'),
    build: { context: `./services/${rawName}`, origin: {} },
    ports: [{ host: 8000 + index, container: 8000 + index, name: 'http', origin: {} }],
    routes: [],
    environment: { PORT: String(8000 + index) },
    dependsOn: [],
    volumes: [],
    origin: {},
    custom: { index, rawName, template, family, public: false },
    ...extra,
  };
}

describe('core/build: scaffolds', () => {
  it('writes a folder per family with a Dockerfile and .dockerignore', () => {
    const paths = (family: 'node' | 'python' | 'go' | 'other') =>
      scaffoldService({ rawName: 'ml_worker', template: 't', family, port: 8002 }).map((f) => f.path);
    assert.deepStrictEqual(paths('node'), ['services/ml_worker/.dockerignore', 'services/ml_worker/Dockerfile', 'services/ml_worker/index.js', 'services/ml_worker/package.json']);
    assert.deepStrictEqual(paths('python'), ['services/ml_worker/.dockerignore', 'services/ml_worker/Dockerfile', 'services/ml_worker/main.py']);
    assert.deepStrictEqual(paths('go'), ['services/ml_worker/.dockerignore', 'services/ml_worker/Dockerfile', 'services/ml_worker/go.mod', 'services/ml_worker/main.go']);
    assert.deepStrictEqual(paths('other'), ['services/ml_worker/.dockerignore', 'services/ml_worker/Dockerfile']);
    const other = scaffoldService({ rawName: 'x', template: 'rails', family: 'other', port: 8003 });
    assert.match(other.find((f) => f.path.endsWith('Dockerfile'))!.content, /TODO.*rails/);
    for (const f of other) assert.strictEqual(f.kind, 'scaffold');
  });

  it('keeps env files out of the image', () => {
    const ignore = scaffoldService({ rawName: 'a', template: 't', family: 'node', port: 1 }).find((f) => f.path.endsWith('.dockerignore'))!;
    assert.match(ignore.content, /^\*\*\/\.env\*$/m);
  });

  it('picks custom services built from ./services/<raw> whose folder is missing', () => {
    const model: ServiceModel = {
      projectName: 'acme',
      baseDomain: 'local.nself.org',
      env: 'dev',
      profile: '1.x',
      network: 'acme_network',
      volumes: [],
      sources: [],
      services: [
        customService(1, 'api', 'express-ts', 'node'),
        customService(2, 'ml_worker', 'fastapi', 'python'),
        customService(3, 'events', 'gin', 'go'),
        customService(4, 'mailer', 'expres-ts', undefined),
        customService(5, 'prebuilt', 'custom', 'other', { image: { value: 'x:1', origin: {} }, build: undefined }),
        customService(6, 'elsewhere', 'node-js', 'node', { build: { context: '../shared/app', origin: {} } }),
      ],
    };
    const plans = scaffoldsFor(model, (dir) => dir === 'services/api');
    assert.deepStrictEqual(plans.map((p) => p.service), ['ml_worker', 'events', 'mailer']);
    const mailer = plans.find((p) => p.service === 'mailer')!;
    assert.deepStrictEqual(mailer.files.map((f) => path.posix.basename(f.path)), ['.dockerignore', 'Dockerfile']);
    assert.match(plans[0]!.files.find((f) => f.path.endsWith('main.py'))!.content, /"8002"/);
  });

  it('writes the folder of a built-in service built locally (MLflow) only when it is missing', () => {
    const mlflow = {
      id: 'mlflow', kind: 'optional', title: 'MLflow', composeKey: 'mlflow', ports: [], routes: [], environment: {}, dependsOn: [], volumes: [], origin: {},
      build: { context: './mlflow', args: { MLFLOW_IMAGE: 'ghcr.io/mlflow/mlflow:v2.10.0' }, scaffold: { Dockerfile: 'FROM x\n' }, origin: {} },
    } as ServiceModel['services'][number];
    const model: ServiceModel = { projectName: 'acme', baseDomain: 'localhost', env: 'dev', profile: '1.x', network: 'acme_network', volumes: [], sources: [], services: [mlflow] };
    const plans = scaffoldsFor(model, () => false);
    assert.deepStrictEqual(plans.map((p) => [p.service, p.files.map((f) => f.path)]), [['mlflow', ['mlflow/Dockerfile']]]);
    assert.deepStrictEqual(scaffoldsFor(model, (dir) => dir === 'mlflow'), []);
  });
});

/** Polls GET /health until it answers, the app exits, or the (generous) deadline passes. */
async function probeHealth(port: number, deadlineMs: number, app?: ChildProcess): Promise<{ status: number; body: string }> {
  const until = Date.now() + deadlineMs;
  let lastError: unknown;
  while (Date.now() < until) {
    if (app && app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode} before answering /health`);
    try {
      return await new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
      });
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no answer on /health: ${String(lastError)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = http.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const scaffoldRoots: string[] = [];

function writeScaffold(files: BuildFile[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-scaffold-'));
  scaffoldRoots.push(root);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
    fs.writeFileSync(path.join(root, f.path), f.content);
  }
  return root;
}

/** Runs a program to completion without blocking the event loop (so mocha's timeout can still fire). */
function runAsync(cmd: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { ...options, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, _stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      resolve({ status: error ? (typeof code === 'number' ? code : null) : 0, stderr: `${stderr}${error && typeof code !== 'number' ? String(error) : ''}` });
    });
  });
}

// Starting an interpreter and compiling Go take seconds on a quiet machine and minutes on a busy
// one: every wait here is on a condition (the port answers, the compiler exits), bounded by PATIENCE.
describe('core/build: scaffolded apps really answer /health', function () {
  this.timeout(PATIENCE.build);
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });
  after(() => {
    for (const root of scaffoldRoots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it('node (node:http)', async () => {
    const port = await freePort();
    const root = writeScaffold(scaffoldService({ rawName: 'api', template: 'express-js', family: 'node', port }));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'services/api/package.json'), 'utf8'));
    assert.strictEqual(pkg.scripts.start, 'node index.js');
    child = spawn(process.execPath, ['index.js'], { cwd: path.join(root, 'services/api'), env: { ...process.env, PORT: String(port), BIND_ADDRESS: '127.0.0.1' }, stdio: 'ignore' });
    const res = await probeHealth(port, PATIENCE.start, child);
    assert.strictEqual(res.status, 200);
    assert.deepStrictEqual(JSON.parse(res.body), { status: 'ok' });
  });

  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  (python ? it : it.skip)(`python (http.server)${python ? '' : ' — SKIPPED: no python3 on PATH'}`, async () => {
    const port = await freePort();
    const root = writeScaffold(scaffoldService({ rawName: 'ml_worker', template: 'fastapi', family: 'python', port }));
    child = spawn(python!, ['main.py'], { cwd: path.join(root, 'services/ml_worker'), env: { ...process.env, PORT: String(port), BIND_ADDRESS: '127.0.0.1' }, stdio: 'ignore' });
    const res = await probeHealth(port, PATIENCE.start, child);
    assert.strictEqual(res.status, 200);
    assert.deepStrictEqual(JSON.parse(res.body), { status: 'ok' });
  });

  const go = spawnSync('go', ['version']).status === 0;
  (go ? it : it.skip)(`go (net/http) compiles${go ? '' : ' — SKIPPED: no go toolchain on PATH'}`, async () => {
    const root = writeScaffold(scaffoldService({ rawName: 'events', template: 'gin', family: 'go', port: 8003 }));
    const r = await runAsync('go', ['vet', '.'], { cwd: path.join(root, 'services/events'), env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off' }, timeoutMs: PATIENCE.build - 30_000 });
    assert.strictEqual(r.status, 0, r.stderr);
  });
});
