/**
 * Deploy targets from both nself generations, read into one list (OPS §6):
 * 0.9's `.environments/<env>/server.json` and 1.x's `.nself/control-plane.yaml`, or, without that
 * file, `NSELF_DEPLOY_HOST_<ENV>` / `NSELF_SSH_KEY_<ENV>` / `NSELF_REMOTE_PATH_<ENV>`. Pure: files
 * come through a `ProjectHost`, the environment variables as a record.
 */
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { canonicalEnv } from '../project/environments';
import { parseServerJson } from '../project/serverJson';
import type { ProjectHost } from '../project/types';
import { orchestratorFromControlPlane, orchestratorFromServerJson, type OrchestratorSettings } from '../project/targetKind';

/**
 * Where a deploy goes. `kind` says which driver runs it: `server` is one machine over ssh (this
 * module); other kinds (swarm, kubernetes) add their own fields and drivers.
 */
export interface ServerTarget {
  kind: 'server';
  /** The name the user picks (`staging`, `prod`, a custom name). `production` is read as `prod`. */
  name: string;
  /** The environment whose cascade is deployed (`dev`, `staging`, `prod` or custom). */
  env: string;
  host: string;
  port: number;
  /** Undefined: whatever `~/.ssh/config` says. */
  user?: string;
  /** A private key file; undefined: ssh's own choice (agent, config, defaults). */
  keyPath?: string;
  /** Absolute folder on the server where the stack lives (in place). */
  path: string;
  /** True for prod: strict host keys, typed confirmation. */
  production: boolean;
  /** Where the target is declared, for "Open Config" and diagnostics. */
  source: { format: 'server.json' | 'control-plane.yaml' | 'environment'; file?: string; line: number };
  /**
   * Set when the target is a Docker Swarm or a Kubernetes cluster (`orchestrator` in server.json
   * or control-plane.yaml, see core/project/targetKind.ts); absent: compose on this one server.
   * With `problems`, the declaration is invalid and nothing may be deployed to the target.
   */
  orchestrator?: OrchestratorSettings;
}

export type DeployTarget = ServerTarget;

/** A problem in a target declaration, with a 0-based line. */
export interface TargetProblem {
  file: string;
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface TargetList {
  targets: DeployTarget[];
  problems: TargetProblem[];
}

/** Thrown for a target name that is not declared: never a fallback to another target. */
export class UnknownTargetError extends Error {
  constructor(readonly target: string, readonly known: string[], broken: readonly TargetProblem[] = []) {
    super(
      broken.length
        ? `deploy target "${target}" is declared in ${broken[0]!.file} but cannot be read: ${broken.map((p) => p.message).join('; ')}`
        : `unknown deploy target "${target}"; known: ${known.length ? known.join(', ') : 'none (add .environments/<name>/server.json or .nself/control-plane.yaml)'}`,
    );
  }
}

export const DEFAULT_REMOTE_PATH = '/opt/nself';
const HOST_RE = /^[A-Za-z0-9][A-Za-z0-9.:_-]*$/;
const USER_RE = /^[a-z_][a-z0-9_.-]*$/i;

/** The canonical target name: `production` → `prod`, others as written (lower case). */
export function canonicalTargetName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower === 'production' ? 'prod' : lower;
}

/** Every target of the project at `root`. Problems are reported, never thrown. */
export function readTargets(host: ProjectHost, root: string, env: Readonly<Record<string, string | undefined>> = {}): TargetList {
  const problems: TargetProblem[] = [];
  const byName = new Map<string, DeployTarget>();
  const add = (t: DeployTarget): void => {
    if (!byName.has(t.name)) byName.set(t.name, t);
  };
  const cpFile = path.join(root, '.nself', 'control-plane.yaml');
  const cpText = host.readText(cpFile);
  if (cpText !== undefined) {
    const parsed = parseControlPlane(cpText, cpFile, env);
    problems.push(...parsed.problems);
    parsed.targets.forEach(add);
  } else {
    for (const t of targetsFromEnvironment(env)) add(t);
  }
  const envDir = path.join(root, '.environments');
  for (const name of (host.listDir(envDir) ?? []).sort()) {
    const file = path.join(envDir, name, 'server.json');
    const text = host.readText(file);
    if (text === undefined) continue;
    const parsed = parseServerJson(text);
    for (const p of parsed.problems) problems.push({ file, line: p.line, message: p.message, severity: parsed.value ? 'warning' : 'error' });
    const s = parsed.value;
    if (!s) continue;
    const targetName = canonicalTargetName(name);
    const type = s.type === 'production' ? 'prod' : s.type;
    const cascadeEnv = type === 'prod' || type === 'staging' ? type : canonicalEnv(targetName) ?? 'dev';
    const deployPath = s.project_subdir ? path.posix.join(s.deploy_path, s.project_subdir) : s.deploy_path;
    add({
      kind: 'server',
      name: targetName,
      env: cascadeEnv,
      host: s.host,
      port: s.port,
      user: s.user,
      keyPath: s.key,
      path: deployPath,
      production: cascadeEnv === 'prod' || targetName === 'prod',
      source: { format: 'server.json', file, line: 0 },
    });
  }
  // Swarm and Kubernetes targets: the same declarations with an `orchestrator` key.
  for (const t of byName.values()) {
    const settings =
      t.source.format === 'server.json' && t.source.file
        ? orchestratorFromServerJson(host.readText(t.source.file))
        : t.source.format === 'control-plane.yaml'
          ? orchestratorFromControlPlane(cpText, t.name)
          : undefined;
    if (!settings) continue;
    for (const message of settings.problems) problems.push({ file: t.source.file ?? root, line: t.source.line, message, severity: 'error' });
    // Kept when invalid too, so no front end deploys to a plain server what was meant for a cluster.
    if (settings.kind !== 'server' || settings.problems.length > 0) t.orchestrator = settings;
  }
  return { targets: [...byName.values()], problems };
}

/** The target called `name` (`production` finds `prod`); throws `UnknownTargetError`. */
export function resolveTarget(list: TargetList, name: string): DeployTarget {
  const wanted = canonicalTargetName(name);
  const found = list.targets.find((t) => t.name === wanted);
  if (!found) {
    // A server.json in the target's own folder that failed to parse: say why, not "unknown".
    const folder = `${path.sep}.environments${path.sep}`;
    const broken = list.problems.filter((p) => p.severity === 'error' && p.file.includes(folder) && canonicalTargetName(path.basename(path.dirname(p.file))) === wanted);
    throw new UnknownTargetError(name, list.targets.map((t) => t.name), broken);
  }
  return found;
}

/** `[user@]host[:port]` as 1.x writes it. */
export function parseHostSpec(spec: string): { user?: string; host: string; port?: number } | undefined {
  const m = /^(?:([^@\s]+)@)?([^@:\s/]+)(?::(\d{1,5}))?$/.exec(spec.trim());
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  if (!HOST_RE.test(m[2]!) || (m[1] && !USER_RE.test(m[1]))) return undefined;
  return { user: m[1], host: m[2]!, port };
}

/** Targets from `NSELF_DEPLOY_HOST_<ENV>=user@host[:/path]` (1.x without a control-plane file). */
export function targetsFromEnvironment(env: Readonly<Record<string, string | undefined>>): DeployTarget[] {
  const out: DeployTarget[] = [];
  for (const [key, value] of Object.entries(env)) {
    const m = /^NSELF_DEPLOY_HOST_([A-Z0-9_]+)$/.exec(key);
    if (!m || !value) continue;
    const name = canonicalTargetName(m[1]!);
    const [hostPart, remotePath] = splitHostPath(value);
    const spec = parseHostSpec(hostPart);
    if (!spec) continue;
    const upper = m[1]!;
    const cascadeEnv = canonicalEnv(name) ?? 'dev';
    out.push({
      kind: 'server',
      name,
      env: cascadeEnv,
      host: spec.host,
      port: spec.port ?? 22,
      user: spec.user,
      keyPath: env[`NSELF_SSH_KEY_${upper}`] || undefined,
      path: remotePath ?? env[`NSELF_REMOTE_PATH_${upper}`] ?? DEFAULT_REMOTE_PATH,
      production: cascadeEnv === 'prod',
      source: { format: 'environment', line: 0 },
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function splitHostPath(value: string): [string, string | undefined] {
  const at = value.indexOf(':/');
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}

/**
 * `.nself/control-plane.yaml` (schema_version 2): `environments.<name>.{kind, tier, servers[]}`;
 * the primary app server (or the first) of each remote environment becomes the target. Problems
 * carry the line of the node they are about.
 */
export function parseControlPlane(text: string, file: string, env: Readonly<Record<string, string | undefined>> = {}): TargetList {
  const problems: TargetProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line - 1 : 0);
  const problem = (node: YamlNode | null | undefined, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ file, line: lineOf(node), message, severity });
  };
  for (const e of doc.errors) problems.push({ file, line: e.linePos ? e.linePos[0].line - 1 : 0, message: `control-plane.yaml is not valid YAML: ${e.message.split('\n')[0]}`, severity: 'error' });
  if (doc.errors.length) return { targets: [], problems };
  const rootNode = doc.contents;
  if (!isMap(rootNode)) {
    problem(rootNode, 'control-plane.yaml must be a mapping with schema_version and environments');
    return { targets: [], problems };
  }
  if ((rootNode.get('schema_version') as unknown) !== 2) problem((rootNode.get('schema_version', true) as YamlNode | undefined) ?? rootNode, 'schema_version: expected 2', 'warning');
  const envs = rootNode.get('environments', true);
  if (!isMap(envs)) {
    problem(envs ?? rootNode, 'environments: expected a mapping of environment names');
    return { targets: [], problems };
  }
  const targets: DeployTarget[] = [];
  for (const pair of envs.items) {
    const rawName = isScalar(pair.key) ? String(pair.key.value) : '';
    const name = canonicalTargetName(rawName);
    const node = pair.value as YamlNode | null;
    if (!canonicalEnv(name)) {
      problem(pair.key as YamlNode, `environment name "${rawName}" is not valid (lower case letters, digits, - and _)`);
      continue;
    }
    if (!isMap(node)) {
      problem(node ?? (pair.key as YamlNode), `${rawName}: expected a mapping with kind and servers`);
      continue;
    }
    const kind = node.get('kind');
    if (kind !== undefined && kind !== 'local' && kind !== 'remote') problem(node.get('kind', true) as YamlNode, `${rawName}.kind: expected local or remote`);
    if (kind === 'local') continue;
    const servers = node.get('servers', true);
    if (!isSeq(servers) || servers.items.length === 0) {
      if (kind === 'remote') problem((servers as YamlNode) ?? node, `${rawName}.servers: a remote environment needs at least one server`);
      continue;
    }
    const valid: { primary: boolean; role: string; target: DeployTarget }[] = [];
    servers.items.forEach((item, i) => {
      const where = `${rawName}.servers[${i}]`;
      if (!isMap(item)) return problem(item as YamlNode, `${where}: expected a mapping with host`);
      const hostNode = item.get('host', true);
      const hostText = isScalar(hostNode) ? String(hostNode.value ?? '') : '';
      const spec = parseHostSpec(hostText);
      if (!spec) return problem((hostNode as YamlNode) ?? item, `${where}.host: expected [user@]host[:port], got ${JSON.stringify(hostText)}`);
      const role = String(item.get('role') ?? 'app');
      if (!['app', 'lb', 'observability', 'db', 'worker'].includes(role)) problem(item.get('role', true) as YamlNode, `${where}.role: expected app, lb, observability, db or worker`);
      const remotePath = item.get('remote_path');
      if (remotePath !== undefined && (typeof remotePath !== 'string' || !remotePath.startsWith('/'))) problem(item.get('remote_path', true) as YamlNode, `${where}.remote_path: expected an absolute path`);
      const keyRef = item.get('ssh_key_ref');
      if (keyRef !== undefined && (typeof keyRef !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyRef))) problem(item.get('ssh_key_ref', true) as YamlNode, `${where}.ssh_key_ref: expected the name of an environment variable holding the key path`);
      const cascadeEnv = canonicalEnv(name) ?? 'dev';
      valid.push({
        primary: item.get('primary') === true,
        role,
        target: {
          kind: 'server',
          name,
          env: cascadeEnv,
          host: spec.host,
          port: spec.port ?? 22,
          user: spec.user,
          keyPath: typeof keyRef === 'string' ? env[keyRef] || undefined : undefined,
          path: typeof remotePath === 'string' && remotePath.startsWith('/') ? remotePath : DEFAULT_REMOTE_PATH,
          production: cascadeEnv === 'prod',
          source: { format: 'control-plane.yaml', file, line: lineOf(item as YamlNode) },
        },
      });
    });
    const chosen = valid.find((v) => v.primary) ?? valid.find((v) => v.role === 'app') ?? valid[0];
    if (chosen) targets.push(chosen.target);
  }
  return { targets, problems };
}
