/**
 * A seeded fuzzer for the whole editing pipeline: real env files (the corpus, the fixtures, the
 * example project) mutated with the fragments that broke it before (nginx and compose syntax,
 * shell, line breaks, huge values, deep references, duplicates), then parsed, checked in every
 * environment, reported as CLI text, and generated into every target. Each input is reproducible
 * from the seed and its index. `runFuzz` counts what went wrong per class; the test wants zeros.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatText, toCliDiagnostic } from '../../../server/src/cli/format';
import { getCatalog } from '../../../server/src/core/catalog';
import { generate, UnsafeValueError, type Target } from '../../../server/src/core/generate';
import { deriveServiceModel } from '../../../server/src/core/model';
import { parseEnv } from '../../../server/src/core/parser';
import { Project } from '../../../server/src/core/project';
import { validateProject } from '../../../server/src/core/rules';

/** mulberry32: small, fast and the same everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What broke before: nginx and compose syntax, shell, quotes, line breaks, odd characters. */
const FRAGMENTS = [
  'api; } server { listen 81; location / { root /; autoindex on; } } server { server_name x',
  '}', '{', ';', '#', '$', '$$', '${HOME}', '$(touch /tmp/nself-fuzz-x)', '`id`', "'", '"', '\\', ' ', '\t',
  '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0000', '\u001b[31m', 'é', '名前', '🙂', '../../x', '/etc/passwd',
  'localhost', 'a.b.c', '-x', 'x-', 'UPPER', 'api.local.nself.org', '8001', '0', '99999', '-1', 'true', 'yes',
  'KEY=value,OTHER=2', 'API_TOKEN sk_live_abcdefghijklmnop', 'admin:hunter2hunter2@db/app', 'redis://:pw@redis:6379',
  'always\n  privileged: true', '512m', '1g; rm', 'nginx:1.25', 'evil image', 'name:tag@sha256:' + 'a'.repeat(64),
];

const KEYS = [
  'BASE_DOMAIN', 'PROJECT_NAME', 'HASURA_ROUTE', 'AUTH_ROUTE', 'MAILPIT_ROUTE', 'MINIO_ENABLED', 'REDIS_ENABLED',
  'NSELF_ADMIN_ENABLED', 'MONITORING_ENABLED', 'SSL_ENABLED', 'POSTGRES_PASSWORD', 'HASURA_GRAPHQL_ADMIN_SECRET',
  'HASURA_GRAPHQL_JWT_SECRET', 'NGINX_CLIENT_MAX_BODY_SIZE', 'POSTGRES_VERSION', 'HASURA_IMAGE',
];
const CS_SUBS = ['ROUTE', 'PORT', 'IMAGE', 'VOLUMES', 'ENV', 'COMMAND', 'MEMORY', 'CPU', 'REPLICAS', 'RESTART_POLICY', 'DEPENDS_ON', 'DOCKERFILE', 'PATH', 'HEALTHCHECK', 'WEBSOCKET', 'PUBLIC'];
const TEMPLATES = ['express-ts', 'fastapi', 'go-gin', 'custom', 'bullmq-js', 'nope'];

/** The env files mutations start from. */
export function seedFiles(repo: string): string[] {
  const out: string[] = [];
  const corpus = [path.resolve(repo, '..', 'shared', 'corpus'), '/work/shared/corpus'].find((d) => fs.existsSync(d));
  if (corpus) for (const name of fs.readdirSync(corpus).sort()) if (name.includes('.env')) out.push(fs.readFileSync(path.join(corpus, name), 'utf8'));
  for (const dir of [path.join(repo, 'examples', 'demo'), path.join(repo, 'test', 'fixtures', 'projects', 'shop')]) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) if (name.startsWith('.env') && fs.statSync(path.join(dir, name)).isFile()) out.push(fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return out;
}

/** One mutated project: the files of a temp project folder. */
export function mutate(seeds: readonly string[], random: () => number): Record<string, string> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const fragment = () => {
    const r = random();
    if (r < 0.05) return 'x'.repeat(1000 + Math.floor(random() * 60_000));
    if (r < 0.1) return Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(FRAGMENTS)).join('');
    return pick(FRAGMENTS);
  };
  const quote = (v: string) => {
    const r = random();
    return r < 0.3 ? v : r < 0.6 ? `'${v}'` : `"${v}"`;
  };
  let text = pick(seeds);
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const lines = text.split('\n');
    const at = Math.floor(random() * (lines.length + 1));
    const kind = random();
    if (kind < 0.25) {
      lines.splice(at, 0, `${pick(KEYS)}=${quote(fragment())}`);
    } else if (kind < 0.5) {
      const n = 1 + Math.floor(random() * 12);
      lines.splice(at, 0, random() < 0.5 ? `CS_${n}=${quote(`${fragment()}:${pick(TEMPLATES)}:${8000 + n}${random() < 0.5 ? `:${fragment()}` : ''}`)}` : `CS_${n}_${pick(CS_SUBS)}=${quote(fragment())}`);
    } else if (kind < 0.6) {
      lines.splice(at, 0, `FRONTEND_APP_${1 + Math.floor(random() * 21)}_${pick(['NAME', 'ROUTE', 'PORT', 'API_ROUTE', 'REMOTE_SCHEMA_NAME'])}=${quote(fragment())}`);
    } else if (kind < 0.7) {
      // A value replaced in place.
      const line = lines[at];
      if (line && line.includes('=')) lines[at] = line.slice(0, line.indexOf('=') + 1) + quote(fragment());
    } else if (kind < 0.76) {
      const depth = 1 + Math.floor(random() * 3000);
      for (let i = 0; i < depth; i++) lines.push(`R${i}=\${R${i + 1}}`);
      lines.push(random() < 0.5 ? `R${depth}=\${R0}` : `HASURA_ROUTE=\${R0}`);
    } else if (kind < 0.82) {
      const line = pick(lines);
      const copies = Math.floor(random() * 2000);
      for (let i = 0; i < copies; i++) lines.push(line);
    } else {
      // Bytes: cut, duplicate or splice a random span of the text.
      const joined = lines.join('\n');
      const from = Math.floor(random() * joined.length);
      const to = Math.min(joined.length, from + Math.floor(random() * 200));
      const r = random();
      text = r < 0.33 ? joined.slice(0, from) + joined.slice(to) : r < 0.66 ? joined.slice(0, to) + joined.slice(from, to) + joined.slice(to) : joined.slice(0, from) + fragment() + joined.slice(from);
      continue;
    }
    text = lines.join('\n');
  }
  const files: Record<string, string> = { '.env': text };
  if (random() < 0.5) files['.env.staging'] = `BASE_DOMAIN=${quote(random() < 0.7 ? 'staging.example.com' : fragment())}\nSSL_ENABLED=true\n`;
  if (random() < 0.3) files['.env.secrets'] = `POSTGRES_PASSWORD=${quote(fragment())}\n`;
  return files;
}

/** The directives `generateNginx` writes, by the block they appear in. Anything else is injected. */
const NGINX_ALLOWED: Record<string, ReadonlySet<string>> = {
  main: new Set(['worker_processes', 'error_log', 'events', 'http']),
  events: new Set(['worker_connections']),
  http: new Set(['default_type', 'access_log', 'sendfile', 'server_tokens', 'keepalive_timeout', 'client_max_body_size', 'resolver', 'map', 'ssl_protocols', 'ssl_session_cache', 'ssl_session_timeout', 'server', 'include']),
  map: new Set(['default', "''"]),
  server: new Set(['listen', 'server_name', 'ssl_certificate', 'ssl_certificate_key', 'location']),
  location: new Set(['access_log', 'default_type', 'return', 'set', 'proxy_pass', 'proxy_http_version', 'proxy_set_header', 'proxy_read_timeout', 'proxy_send_timeout']),
};

/**
 * Problems with one generated nginx file: a directive the generator never writes, a block in the
 * wrong place, an unbalanced brace, a `server_name` that is not one host name.
 */
export function foreignNginx(text: string, context: 'main' | 'http'): string[] {
  const problems: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else if (/\s/.test(c)) i++;
    else if (c === ';' || c === '{' || c === '}') tokens.push(text[i++]!);
    else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      tokens.push(text.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s;{}#]/.test(text[j]!)) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  const stack: string[] = [context];
  let words: string[] = [];
  for (const t of tokens) {
    if (t === ';' || t === '{') {
      const [name, ...args] = words;
      const block = stack[stack.length - 1]!;
      if (name === undefined) problems.push(`empty directive in ${block}`);
      else if (!NGINX_ALLOWED[block]?.has(name)) problems.push(`${name} in ${block}`);
      else if (name === 'server_name' && !(args.length === 1 && /^(?:_|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/.test(args[0]!))) problems.push(`server_name ${args.join(' ')}`);
      else if (name === 'listen' && !args.every((a) => ['80', '443', 'ssl', 'default_server'].includes(a))) problems.push(`listen ${args.join(' ')}`);
      if (t === '{') stack.push(name ?? '?');
      words = [];
    } else if (t === '}') {
      if (words.length > 0 || stack.length === 1) problems.push('unbalanced }');
      else stack.pop();
      words = [];
    } else words.push(t);
  }
  if (stack.length !== 1 || words.length > 0) problems.push('unterminated block or directive');
  return problems;
}

export interface FuzzCounts {
  inputs: number;
  /** Anything thrown by the parser, the rules, the model or a generator (refusals excepted). */
  exceptions: string[];
  /** A rule that threw (reported through `onRuleError`). */
  ruleErrors: string[];
  /** Text output lines that are not `file:line:col severity code message`, or a wrong line count. */
  brokenText: string[];
  /** Generated nginx that carries directives the generator does not write. */
  foreignDirectives: string[];
  /** nginx configs handed to `nginxCheck` that it rejected. */
  nginxRejected: string[];
  refusals: number;
  nginxChecked: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Stop after this long even if `count` is not reached. */
  budgetMs: number;
  seeds: readonly string[];
  /** Runs the real `nginx -t` on a folder with nginx.conf and sites/; undefined skips it. */
  nginxCheck?: (dir: string) => { ok: boolean; stderr: string };
  /** At most this many `nginx -t` runs (each takes a process start). */
  nginxLimit?: number;
}

const LINE = /^[^\n\r\u2028\u2029]*:\d+:\d+ (error|warning|information|hint) [a-z][a-z0-9-]* [^\n\r\u2028\u2029]*$/;

export function runFuzz(options: FuzzOptions): FuzzCounts {
  const counts: FuzzCounts = { inputs: 0, exceptions: [], ruleErrors: [], brokenText: [], foreignDirectives: [], nginxRejected: [], refusals: 0, nginxChecked: 0 };
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-fuzz-'));
  try {
    for (let i = 0; i < options.count && Date.now() - started < options.budgetMs; i++) {
      const id = `seed ${options.seed} input ${i}`;
      const files = mutate(options.seeds, rng(options.seed * 1_000_003 + i));
      const root = path.join(work, String(i));
      fs.mkdirSync(root);
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
      counts.inputs++;
      try {
        fuzzOne(id, root, files, options, counts);
      } catch (error) {
        counts.exceptions.push(`${id}: ${(error as Error)?.stack ?? String(error)}`);
      }
      fs.rmSync(root, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return counts;
}

function fuzzOne(id: string, root: string, files: Record<string, string>, options: FuzzOptions, counts: FuzzCounts): void {
  for (const [name, text] of Object.entries(files)) {
    const doc = parseEnv(text, name);
    if (doc.text !== (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) counts.exceptions.push(`${id}: ${name} does not round-trip`);
  }
  const project = new Project(root);
  const findings = validateProject(project, { profile: '1.x', onRuleError: (rule, file, error) => counts.ruleErrors.push(`${id}: ${rule.code} on ${file}: ${String(error)}`) });
  const docs = new Map(project.envFiles().map((f) => [f, project.document(f)]));
  const text = formatText(findings.map((d) => toCliDiagnostic(d, docs.get(d.file))));
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  if (lines.length !== findings.length) counts.brokenText.push(`${id}: ${findings.length} findings in ${lines.length} lines`);
  for (const line of lines) if (!LINE.test(line)) counts.brokenText.push(`${id}: ${JSON.stringify(line.slice(0, 200))}`);

  for (const env of ['dev', 'staging', 'prod']) {
    const config = project.effective(env, '1.x');
    const model = deriveServiceModel(config, getCatalog('1.x'));
    for (const target of ['compose', 'nginx', 'k8s', 'env'] as Target[]) {
      let out;
      try {
        out = generate(model, target, { projectRoot: root });
      } catch (error) {
        if (error instanceof UnsafeValueError) {
          counts.refusals++;
          continue;
        }
        throw error;
      }
      if (target !== 'nginx') continue;
      for (const file of out) {
        const problems = foreignNginx(file.content, file.path === 'nginx/nginx.conf' ? 'main' : 'http');
        for (const p of problems) counts.foreignDirectives.push(`${id} ${env} ${file.path}: ${p}`);
      }
      if (options.nginxCheck && counts.nginxChecked < (options.nginxLimit ?? 100) && env === 'dev') {
        const dir = path.join(root, `nginx-${env}`);
        for (const file of out) {
          const target = path.join(dir, file.path.replace(/^nginx\//, ''));
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, file.content);
        }
        counts.nginxChecked++;
        const result = options.nginxCheck(dir);
        if (!result.ok) counts.nginxRejected.push(`${id}: ${result.stderr.trim().slice(0, 300)}`);
      }
    }
  }
  void files;
}
