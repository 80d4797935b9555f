// Compares our generated docker-compose.yml with the one the real nself CLI (Bash, 0.9.x) writes
// for the same env files, for every project of ../shared/corpus.
//
//   node scripts/compareWithNself.mjs --nself /path/to/nself-cli-checkout [--corpus DIR] [--json]
//                                     [--cli dist/cli.js] [--keep DIR]
//
// The nself checkout is NOT part of this repository: the user points at one (`--nself` or the
// NSELF_CLI_DIR environment variable). This script never fetches or copies nself; it runs the
// checkout's own `bin/nself build` in a scratch folder, exactly as a user would, with:
//   - HOME set to a scratch folder (nself writes ~/.nself/...);
//   - a PATH that starts with stand-ins for docker, npm, curl and wget: `docker info` answers so
//     that `nself build` gets past its "is Docker running" gate, every other call fails, so no
//     container, registry or network is touched (build then falls back as it does without them);
//   - `--allow-insecure`, so missing secrets do not stop a dev build (nself generates them);
// and then builds `.env.runtime` with nself's own `merge_environments dev` (what `nself start`
// does before `docker compose --env-file .env.runtime up`), so the `${VAR}` in nself's compose file
// are resolved the way docker compose would resolve them at start.
//
// Our side: `node dist/cli.js generate compose <dir> --env dev --profile 0.9` and `--profile 1.x`,
// on a pristine copy of the same files (nself build rewrites env files in place).
//
// Per service present on both sides it compares: container_name, image (or build context), host
// ports (published, with host IP), networks. Each difference is classified:
//   (a) deliberate: a documented choice of ours (docs/generated-output.md), or deliberate but not
//       documented there yet (printed as "a*", for the lead to add);
//   (b) a gap in our generator or service model;
//   (c) an nself bug (documented in ../shared/nself/RESEARCH-NOTES.md or found here).
// Unclassified differences are printed as "?" and counted with (b) until someone looks at them.
// Exit status is 0 unless this script itself fails.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import YAML from 'yaml';

const { values: opts } = parseArgs({
  options: {
    nself: { type: 'string' },
    corpus: { type: 'string' },
    json: { type: 'boolean', default: false },
    cli: { type: 'string' },
    keep: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log('usage: node scripts/compareWithNself.mjs --nself <nself CLI checkout> [--corpus DIR] [--json] [--cli dist/cli.js] [--keep DIR]');
  process.exit(0);
}
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const nselfDir = opts.nself ?? process.env.NSELF_CLI_DIR;
if (!nselfDir) {
  console.log('compareWithNself: skipped: no nself checkout given (--nself DIR or NSELF_CLI_DIR). Nothing compared.');
  process.exit(0);
}
const nselfBin = path.resolve(nselfDir, 'bin', 'nself');
const nselfMerger = path.resolve(nselfDir, 'src', 'lib', 'utils', 'env-merger.sh');
if (!fs.existsSync(nselfBin) || !fs.existsSync(nselfMerger)) {
  console.log(`compareWithNself: skipped: ${nselfDir} does not look like a Bash nself CLI checkout (needs bin/nself and src/lib/utils/env-merger.sh).`);
  process.exit(0);
}
const corpus = path.resolve(opts.corpus ?? path.join(repoRoot, '..', 'shared', 'corpus'));
if (!fs.existsSync(corpus)) {
  console.log(`compareWithNself: skipped: no corpus at ${corpus}.`);
  process.exit(0);
}
const cli = path.resolve(opts.cli ?? path.join(repoRoot, 'dist', 'cli.js'));
if (!fs.existsSync(cli)) {
  console.error(`compareWithNself: ${cli} is missing; run npm run build first.`);
  process.exit(2);
}
const docPath = path.join(repoRoot, 'docs', 'generated-output.md');
const doc = fs.existsSync(docPath) ? fs.readFileSync(docPath, 'utf8').toLowerCase() : '';
const nselfVersion = readIf(path.join(nselfDir, 'src', 'VERSION')).trim() || 'unknown';
const nselfCommit = git(['rev-parse', 'HEAD'], nselfDir) || 'unknown (not a git work tree)';

// ---------------------------------------------------------------------------------------------
// Corpus: owner__repo__path__file; files with the same prefix form one project folder.
function loadProjects() {
  const projects = new Map();
  for (const name of fs.readdirSync(corpus).sort()) {
    const at = name.lastIndexOf('__');
    if (at === -1) continue;
    const folder = name.slice(0, at);
    if (!projects.has(folder)) projects.set(folder, []);
    projects.get(folder).push({ source: path.join(corpus, name), file: name.slice(at + 2) });
  }
  return projects;
}

// Lays a project out under its real path (owner/repo/path), so the folder's basename, which both
// tools use as the fallback PROJECT_NAME, is the real one. A project with only `.env.example`
// gets a copy of it as `.env`, as its header tells users to do; neither tool reads .env.example.
function layOut(root, folder, files) {
  const dir = path.join(root, ...folder.split('__'));
  fs.mkdirSync(dir, { recursive: true });
  for (const { source, file } of files) {
    fs.copyFileSync(source, path.join(dir, file));
    fs.chmodSync(path.join(dir, file), 0o644);
  }
  const cascade = ['.env', '.env.dev', '.env.local', '.env.staging', '.env.prod', '.env.secrets'];
  let note = '';
  if (!files.some((f) => cascade.includes(f.file)) && files.some((f) => f.file === '.env.example')) {
    fs.copyFileSync(path.join(dir, '.env.example'), path.join(dir, '.env'));
    note = '.env.example copied to .env';
  }
  return { dir, note };
}

// ---------------------------------------------------------------------------------------------
// Running the two generators.
function writeShims(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const docker = [
    '#!/bin/sh',
    '# Stand-in for docker: answers `docker info` so `nself build` proceeds; every other call fails.',
    'echo "docker $*" >> "${NSELF_SHIM_LOG:-/dev/null}"',
    '[ "$1" = "info" ] && { echo "Server: shim (no daemon)"; exit 0; }',
    'exit 1',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'docker'), docker + '\n', { mode: 0o755 });
  for (const tool of ['npm', 'curl', 'wget']) {
    fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> "\${NSELF_SHIM_LOG:-/dev/null}"\nexit 1\n`, { mode: 0o755 });
  }
}

function runNself(dir, home, shims, extraEnv = {}) {
  const log = path.join(home, 'shim.log');
  const env = {
    ...extraEnv,
    HOME: home,
    PATH: `${shims}:/usr/local/bin:/usr/bin:/bin`,
    TERM: 'dumb',
    LANG: 'C.UTF-8',
    NSELF_SHIM_LOG: log,
  };
  const build = spawnSync('bash', [nselfBin, 'build', '--allow-insecure'], { cwd: dir, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
  // What `nself start` does before `docker compose --env-file .env.runtime up` (src/cli/start.sh).
  const merge = spawnSync('bash', ['-c', 'set +eu; source "$1" >/dev/null 2>&1; merge_environments dev .env.runtime >/dev/null 2>&1', '_', nselfMerger], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  const composeFile = path.join(dir, 'docker-compose.yml');
  return {
    status: build.status,
    signal: build.signal,
    output: stripAnsi(`${build.stdout ?? ''}${build.stderr ?? ''}`),
    compose: readIf(composeFile),
    runtime: readIf(path.join(dir, '.env.runtime')),
    mergeStatus: merge.status,
    extraEnv,
    shimCalls: readIf(log).split('\n').filter(Boolean),
  };
}

function runOurs(dir, profile) {
  const run = spawnSync(process.execPath, [cli, 'generate', 'compose', dir, '--env', 'dev', '--profile', profile], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return { status: run.status, compose: run.stdout ?? '', stderr: run.stderr ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Interpolation the way docker compose does it for the fields compared here.
function parseDotenv(text) {
  const vars = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*export\s+/, '');
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (!m || /^\s*#/.test(line)) continue;
    let value = m[2].trim();
    if (value.startsWith("'")) {
      const end = value.indexOf("'", 1);
      value = end === -1 ? value.slice(1) : value.slice(1, end);
    } else if (value.startsWith('"')) {
      const end = value.indexOf('"', 1);
      value = interpolate(end === -1 ? value.slice(1) : value.slice(1, end), vars).value;
    } else {
      value = interpolate(value.replace(/\s+#.*$/, '').trim(), vars).value;
    }
    vars[m[1]] = value;
  }
  return vars;
}

// Returns { value, missing } where missing lists variables used without a value or default.
function interpolate(text, vars) {
  const missing = [];
  let i = 0;
  function parse(stopAtBrace) {
    let out = '';
    while (i < text.length) {
      const c = text[i];
      if (stopAtBrace && c === '}') return out;
      if (c === '$' && text[i + 1] === '$') { out += '$'; i += 2; continue; }
      if (c === '$' && text[i + 1] === '{') {
        i += 2;
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0] ?? '';
        i += name.length;
        let op = '';
        const m = /^(:-|-|:\?|\?|:\+|\+)/.exec(text.slice(i));
        if (m) { op = m[1]; i += op.length; }
        const arg = op ? parse(true) : '';
        if (text[i] === '}') i++;
        const set = Object.prototype.hasOwnProperty.call(vars, name);
        const val = set ? vars[name] : undefined;
        if (op === ':-') out += val ? val : arg;
        else if (op === '-') out += set ? val : arg;
        else if (op === ':+') out += val ? arg : '';
        else if (op === '+') out += set ? arg : '';
        else {
          if (!set || (op.startsWith(':') && !val)) missing.push(name);
          out += val ?? '';
        }
        continue;
      }
      if (c === '$' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))[0];
        i += 1 + name.length;
        if (!(name in vars)) missing.push(name);
        out += vars[name] ?? '';
        continue;
      }
      out += c;
      i++;
    }
    return out;
  }
  const value = parse(false);
  return { value, missing };
}

// ---------------------------------------------------------------------------------------------
// Extracting the compared fields.
function parseCompose(text) {
  try {
    return { doc: YAML.parse(text) ?? {}, problem: '' };
  } catch (error) {
    // Keep going with the lines YAML can read; the parse problem itself is reported.
    const kept = text.split('\n').filter((l) => l === '' || /^\s*(#|-|[A-Za-z0-9_."'-]+:)/.test(l) || /^\s+\S/.test(l));
    try {
      return { doc: YAML.parse(kept.join('\n')) ?? {}, problem: `not valid YAML as written (${firstLine(error.message)}); compared after dropping non-YAML lines` };
    } catch (again) {
      return { doc: {}, problem: `not valid YAML (${firstLine(again.message)})` };
    }
  }
}

function fieldsOf(doc, vars) {
  const res = (v) => (typeof v === 'string' ? interpolate(v, vars).value : v);
  const services = new Map();
  const topNetworks = doc.networks ?? {};
  for (const [key, svc] of Object.entries(doc.services ?? {})) {
    if (!svc || typeof svc !== 'object') continue;
    let image = '';
    if (svc.image) image = res(String(svc.image));
    else if (svc.build) image = `build:${res(typeof svc.build === 'string' ? svc.build : String(svc.build.context ?? '.'))}`.replace(/\/$/, '');
    const ports = (svc.ports ?? []).map((p) => normPort(p, res)).sort();
    let networks = Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks ?? {});
    networks = networks.map((n) => res(String(topNetworks?.[n]?.name ?? n))).sort();
    if (!svc.networks) networks = ['(default)'];
    services.set(key, {
      container_name: svc.container_name === undefined ? '(none)' : res(String(svc.container_name)),
      image,
      ports: ports.join(' ') || '(none)',
      networks: networks.join(' '),
    });
  }
  return services;
}

function normPort(p, res) {
  if (p && typeof p === 'object') {
    return `${p.host_ip ? res(String(p.host_ip)) + ':' : ''}${res(String(p.published ?? ''))}->${res(String(p.target))}${p.protocol && p.protocol !== 'tcp' ? '/' + p.protocol : ''}`;
  }
  const s = res(String(p)).replace(/\/tcp$/, '');
  const parts = s.split(':');
  if (parts.length === 3) return `${parts[0]}:${parts[1]}->${parts[2]}`;
  if (parts.length === 2) return `0.0.0.0:${parts[0]}->${parts[1]}`;
  if (parts.length === 1) return `(ephemeral)->${parts[0]}`;
  return `unparseable:${s}`;
}

// ---------------------------------------------------------------------------------------------
// Classification. Each rule: a test over one difference, a category, an explanation, and for
// category (a) the words that show docs/generated-output.md documents it.
const FIELDS = ['container_name', 'image', 'ports', 'networks'];
const RULES = [
  // ---- nself bugs (c)
  {
    id: 'nself-cs-no-services-dir',
    cat: 'c',
    test: (d) => d.kind === 'only-ours' && cs(d) && !d.ctx.nselfServicesDirs.has(cs(d).name),
    why: 'nself 0.9 drops a custom service whose template its copier did not find (no services/<name>/ folder: unknown template such as "plugin", a bare alias such as "fastify" that validation accepts but the copier (lib/build/services.sh, js|py|go|rust/<template>) does not resolve, or another language dir), while nginx still lists it in depends_on (RESEARCH-NOTES §2.3)',
  },
  {
    id: 'nself-cs-port-4th-field',
    cat: 'c',
    test: (d) => d.field === 'ports' && /unparseable/.test(d.nself),
    why: 'nself 0.9 reads CS_N with 3 fields, so a 4th (route) field ends up inside the port binding (RESEARCH-NOTES §2.1)',
  },
  {
    id: 'nself-cs-default-port-8000',
    cat: 'c',
    test: (d) => d.field === 'ports' && cs(d) && cs(d).port === '' && /:8000->8000/.test(d.nself),
    why: 'nself 0.9 compose uses 8000 for a CS without a port while nginx uses 8000+N (RESEARCH-NOTES §2.1, §5.6); we use 8000+N in both',
  },
  {
    id: 'nself-cs-shadows-builtin',
    cat: 'c',
    test: (d) => d.ctx.csNames.has(d.service) && d.ctx.builtins.has(d.service),
    why: 'a CS named like a built-in service (e.g. auth): nself 0.9 has no reserved-name check, so it either writes two services with one key (YAML keeps one) or, as here, keeps the built-in because the CS folder was not created; ours lets the CS replace the built-in (REFERENCE §4 makes the clash an error; RESEARCH-NOTES §2.2)',
  },
  // ---- gaps of ours (b)
  {
    id: 'ours-mlflow-no-postgres-driver',
    cat: 'b',
    test: (d) => d.service === 'mlflow' && d.field === 'image' && d.nself.startsWith('build:') && !d.ours.startsWith('build:'),
    why: 'nself 0.9 builds ./mlflow (FROM ghcr.io/mlflow/mlflow:latest + pip install psycopg2-binary); we run the upstream image directly, which has no PostgreSQL driver, yet point MLFLOW_BACKEND_STORE_URI at postgresql://',
  },
  // ---- deliberate (a)
  {
    id: 'ours-no-init-containers',
    cat: 'a',
    test: (d) => d.kind === 'only-nself' && /^(minio-init|minio-client|meilisearch-init)$/.test(d.service),
    why: 'one-shot init containers of 0.9 (busybox chown / mc bucket setup) are not modelled (comment in server/src/core/catalog/services.ts; not in the 1.x catalog)',
    doc: ['minio-init'],
  },
  {
    id: 'ours-1x-mlflow-port',
    cat: 'a',
    profile: '1.x',
    test: (d) => d.service === 'mlflow' && d.field === 'ports',
    why: '1.x profile publishes MLflow on 5000 (catalog), 0.9 on 5005 (docs/generated-output.md item 4)',
    doc: ['mlflow 5000', 'mlflow'],
  },
  {
    id: 'ours-1x-cs-sanitized-name',
    cat: 'a',
    profile: '1.x',
    test: (d) => d.field === 'service key' && d.ctx.csRenamed.has(d.ours),
    why: '1.x profile: the compose key / DNS name of a CS is the sanitized name (`_` → `-`, lower case), the build folder keeps the raw name (REFERENCE §4); nself 0.9 uses the raw name',
    doc: ['sanitiz', '_` → `-', 'underscore'],
  },
  {
    id: 'ours-1x-container-sanitized',
    cat: 'a',
    profile: '1.x',
    test: (d) => d.field === 'container_name' && cs(d) && d.ours !== d.nself && d.ours.replace(/-/g, '_') === d.nself.replace(/-/g, '_'),
    why: '1.x profile: container name is <PROJECT_NAME>_<sanitized CS name>; 0.9 keeps the raw name',
    doc: ['<project>_<sanitized'],
  },
  {
    id: 'ours-nginx-container-default',
    cat: 'a',
    test: (d) => d.field === 'container_name' && d.service === 'nginx' && d.ours === `${d.ctx.project}_nginx`,
    why: 'nginx container is <PROJECT_NAME>_nginx, like every other service',
    doc: ['nginx'],
  },
  {
    id: 'ours-1x-cs-loopback-ports',
    cat: 'a',
    profile: '1.x',
    test: (d) => d.field === 'ports' && cs(d),
    why: '1.x profile: CS host port defaults to 8000+N and CS_N_PORT overrides it (REFERENCE §4; RESEARCH-NOTES §2.1 [G])',
    doc: ['8000+n'],
  },
  {
    id: 'ours-image-pinned',
    cat: 'a',
    test: (d) => d.field === 'image' && !d.ours.startsWith('build:') && !d.nself.startsWith('build:') && sameRepo(d.ours, d.nself),
    why: 'same image repository, different tag: the 1.x profile uses the pinned 1.x catalog tags (RESEARCH-NOTES §3.1 [G]), 0.9 mostly :latest',
    doc: ['pinned', 'image tag'],
  },
];

function cs(d) {
  return d.ctx.csMap.get(d.service);
}

function sameRepo(a, b) {
  const repo = (s) => s.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return repo(a) === repo(b);
}

function classify(d, profile) {
  for (const rule of RULES) {
    if (rule.profile && rule.profile !== profile) continue;
    if (!rule.test(d)) continue;
    let cat = rule.cat;
    if (cat === 'a' && !(rule.doc ?? []).some((w) => doc.includes(w.toLowerCase()))) cat = 'a*';
    return { cat, rule: rule.id, why: rule.why };
  }
  return { cat: '?', rule: '', why: 'unclassified: look at it' };
}

// ---------------------------------------------------------------------------------------------
function compare(oursIn, nself, ctx, profile) {
  const diffs = [];
  // A CS whose 1.x compose key is its sanitized name (`a_b` → `a-b`) is the same service as
  // nself's raw key: compare it under nself's key and report the key itself once.
  const ours = new Map(oursIn);
  for (const [key, info] of ctx.csMap) {
    if (key === info.name || !ours.has(key) || ours.has(info.name) || !nself.has(info.name)) continue;
    ours.set(info.name, ours.get(key));
    ours.delete(key);
    diffs.push({ service: info.name, kind: 'field', field: 'service key', ours: key, nself: info.name, ctx });
  }
  const keys = new Set([...ours.keys(), ...nself.keys()]);
  const both = [...keys].filter((k) => ours.has(k) && nself.has(k)).sort();
  for (const k of [...keys].sort()) {
    if (!nself.has(k)) diffs.push({ service: k, kind: 'only-ours', field: 'service', ours: 'present', nself: 'absent', ctx });
    else if (!ours.has(k)) diffs.push({ service: k, kind: 'only-nself', field: 'service', ours: 'absent', nself: 'present', ctx });
  }
  const agree = Object.fromEntries(FIELDS.map((f) => [f, 0]));
  for (const k of both) {
    const a = ours.get(k);
    const b = nself.get(k);
    for (const f of FIELDS) {
      if (a[f] === b[f]) agree[f]++;
      else diffs.push({ service: k, kind: 'field', field: f, ours: a[f], nself: b[f], ctx });
    }
  }
  for (const d of diffs) Object.assign(d, classify(d, profile));
  for (const d of diffs) delete d.ctx;
  return { serviceUnion: keys.size, serviceBoth: both.length, agree, diffs };
}

function projectContext(vars, nselfDir, project) {
  const cs = new Map();
  const csNames = new Set();
  const csRenamed = new Set();
  for (let n = 1; n <= 20; n++) {
    const v = vars[`CS_${n}`];
    if (!v) continue;
    const [name = '', template = '', port = ''] = v.split(':');
    const info = { n, name, template, port };
    cs.set(name, info);
    csNames.add(name);
    const sanitized = name.toLowerCase().replace(/[ _]/g, '-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
    if (sanitized !== name) { cs.set(sanitized, info); csRenamed.add(sanitized); csRenamed.add(name); }
  }
  const servicesDir = path.join(nselfDir, 'services');
  const nselfServicesDirs = new Set(fs.existsSync(servicesDir) ? fs.readdirSync(servicesDir) : []);
  const builtins = new Set('postgres hasura auth nginx redis minio minio-init minio-client mailpit functions meilisearch meilisearch-init typesense mlflow grafana prometheus loki promtail tempo alertmanager cadvisor node-exporter postgres-exporter redis-exporter nself-admin'.split(' '));
  return { project, csNames, csRenamed, nselfServicesDirs, builtins, csMap: cs };
}

// ---------------------------------------------------------------------------------------------
const work = opts.keep ? path.resolve(opts.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'nself-compare-'));
fs.mkdirSync(work, { recursive: true });
const shims = path.join(work, 'shims');
writeShims(shims);
const results = [];
try {
  for (const [folder, files] of loadProjects()) {
    const ourLayout = layOut(path.join(work, 'ours'), folder, files);
    const nselfLayout = layOut(path.join(work, 'nself'), folder, files);
    const home = path.join(work, 'home', folder);
    fs.mkdirSync(home, { recursive: true });
    const ours = { '0.9': runOurs(ourLayout.dir, '0.9'), '1.x': runOurs(ourLayout.dir, '1.x') };
    let real = runNself(nselfLayout.dir, home, shims);
    const firstFailure = real.compose ? '' : `nself build exited ${real.status ?? real.signal} without writing docker-compose.yml: ${lastLines(real.output, 3) || '(no message)'}`;
    const workarounds = [];
    let nselfDirUsed = nselfLayout.dir;
    if (!real.compose) {
      // Second try on a fresh copy, with the two workarounds a user would find for what stops
      // 0.9.9 on the corpus (see docs/nself-comparison.md). Both are reported.
      const retry = layOut(path.join(work, 'nself-retry'), folder, files);
      const extraEnv = {};
      // Files nself reads (never .env.example).
      const texts = ['.env', '.env.dev', '.env.local', '.env.secrets'].map((f) => readIf(path.join(retry.dir, f)));
      if (!texts.some((t) => /^PROJECT_NAME=\S/m.test(t))) {
        extraEnv.PROJECT_NAME = 'myproject';
        workarounds.push('PROJECT_NAME=myproject exported (no env file sets PROJECT_NAME)');
      }
      let stripped = 0;
      for (const f of fs.readdirSync(retry.dir).filter((n) => n.startsWith('.env') && n !== '.env.example')) {
        const file = path.join(retry.dir, f);
        const before = readIf(file);
        const after = before.replace(/^([A-Za-z_][A-Za-z0-9_]*=)([^"'\s#][^\n#]*?)[ \t]+#.*$/gm, (_, k, v) => { stripped++; return k + v; });
        if (after !== before) fs.writeFileSync(file, after);
      }
      if (stripped) workarounds.push(`${stripped} inline comment(s) after unquoted values removed`);
      fs.mkdirSync(path.join(home, 'retry'), { recursive: true });
      real = runNself(retry.dir, path.join(home, 'retry'), shims, extraEnv);
      nselfDirUsed = retry.dir;
    }
    // docker compose: the process environment wins over --env-file.
    const vars = { ...parseDotenv(real.runtime), ...real.extraEnv };
    const project = vars.PROJECT_NAME ?? path.basename(nselfDirUsed);
    const entry = {
      project: folder,
      files: files.map((f) => f.file),
      note: ourLayout.note,
      nself: { exit: real.status, signal: real.signal, projectName: project, shimCalls: real.shimCalls, firstFailure, workarounds, problems: [] },
      profiles: {},
    };
    if (real.status !== 0) entry.nself.problems.push(`nself build exited ${real.status ?? real.signal}: ${lastLines(real.output, 6)}`);
    if (!real.compose) entry.nself.problems.push('no docker-compose.yml written');
    if (!real.runtime) entry.nself.problems.push('no .env.runtime (merge_environments failed); ${VAR} left unresolved');
    const nselfParsed = parseCompose(real.compose);
    if (nselfParsed.problem) entry.nself.problems.push(`docker-compose.yml ${nselfParsed.problem}`);
    const strays = real.compose.split('\n').filter((l) => /^\S/.test(l) && !/^(#|[A-Za-z_][\w-]*:)/.test(l));
    if (strays.length) entry.nself.problems.push(`lines that are not compose in docker-compose.yml: ${strays.map((s) => JSON.stringify(s.trim())).join(', ')}`);
    const nselfFields = fieldsOf(nselfParsed.doc, vars);
    const ctx = projectContext(vars, nselfDirUsed, project);
    for (const profile of ['0.9', '1.x']) {
      const run = ours[profile];
      if (run.status !== 0) {
        entry.profiles[profile] = { error: `our generate exited ${run.status}: ${firstLine(run.stderr)}` };
        continue;
      }
      const ourParsed = parseCompose(run.compose);
      entry.profiles[profile] = compare(fieldsOf(ourParsed.doc, vars), nselfFields, ctx, profile);
      if (ourParsed.problem) entry.profiles[profile].problem = ourParsed.problem;
    }
    results.push(entry);
    if (!opts.json) printProject(entry);
  }
} finally {
  if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
}

if (opts.json) {
  console.log(JSON.stringify({ nself: { dir: path.resolve(nselfDir), version: nselfVersion, commit: nselfCommit }, cli, corpus, results }, null, 2));
} else {
  printSummary();
  if (opts.keep) console.log(`\nScratch folders kept in ${work}`);
}
process.exit(0);

// ---------------------------------------------------------------------------------------------
function printProject(entry) {
  console.log(`\n## ${entry.project}  (${entry.files.join(' ')}${entry.note ? '; ' + entry.note : ''})`);
  if (entry.nself.firstFailure) console.log(`  [c] ${entry.nself.firstFailure}`);
  if (entry.nself.workarounds.length) console.log(`  retried with: ${entry.nself.workarounds.join('; ')}`);
  console.log(`nself ${nselfVersion}: exit ${entry.nself.exit}, PROJECT_NAME ${entry.nself.projectName}`);
  for (const p of entry.nself.problems) console.log(`  nself problem: ${p}`);
  for (const [profile, r] of Object.entries(entry.profiles)) {
    if (r.error) { console.log(`  ours --profile ${profile}: ${r.error}`); continue; }
    const pct = (n, d) => (d ? `${Math.round((100 * n) / d)}%` : 'n/a');
    const fields = FIELDS.map((f) => `${f} ${r.agree[f]}/${r.serviceBoth} (${pct(r.agree[f], r.serviceBoth)})`).join(', ');
    console.log(`  ours --profile ${profile}: services ${r.serviceBoth}/${r.serviceUnion} shared (${pct(r.serviceBoth, r.serviceUnion)}); ${fields}`);
    for (const d of r.diffs) {
      console.log(`    [${d.cat}] ${d.service} ${d.field}: ours ${d.ours} | nself ${d.nself}${d.rule ? `  (${d.rule})` : ''}`);
    }
  }
}

function printSummary() {
  console.log(`\n# Summary (nself ${nselfVersion} @ ${nselfCommit}; ours ${cli})`);
  console.log('| project | nself build | profile | services shared | container_name | image | ports | networks | a | a* | b/? | c |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const e of results) {
    for (const [profile, r] of Object.entries(e.profiles)) {
      const run = e.nself.firstFailure ? `failed [c]; retried: ${e.nself.workarounds.join('; ')}` : 'ok';
      if (r.error) { console.log(`| ${e.project} | ${run} | ${profile} | error | | | | | | | | |`); continue; }
      const c = (cat) => r.diffs.filter((d) => d.cat === cat).length;
      const f = (x) => `${r.agree[x]}/${r.serviceBoth}`;
      console.log(`| ${e.project} | ${run} | ${profile} | ${r.serviceBoth}/${r.serviceUnion} | ${f('container_name')} | ${f('image')} | ${f('ports')} | ${f('networks')} | ${c('a')} | ${c('a*')} | ${c('b') + c('?')} | ${c('c')} |`);
    }
  }
}

function readIf(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}
function git(args, cwd) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}
function stripAnsi(s) {
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');
}
function firstLine(s) {
  return String(s ?? '').split('\n').find((l) => l.trim()) ?? '';
}
function lastLines(s, n) {
  return s.split('\n').filter((l) => l.trim()).slice(-n).join(' / ');
}
