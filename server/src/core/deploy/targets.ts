/**
 * Deploy targets from both nself generations, read into one list (OPS §6):
 * 0.9's `.environments/<env>/server.json` and 1.x's `.nself/control-plane.yaml`, or, without that
 * file, `NSELF_DEPLOY_HOST_<ENV>` / `NSELF_SSH_KEY_<ENV>` / `NSELF_REMOTE_PATH_<ENV>`. Pure: files
 * come through a `ProjectHost`, the environment variables as a record.
 */
import * as path from 'path';
import { canonicalEnv } from '../project/environments';
import { isServerJsonPath, parseServerJson } from '../project/serverJson';
import type { ProjectHost } from '../project/types';
import { orchestratorFromControlPlane, orchestratorFromServerJson, type OrchestratorSettings } from '../project/targetKind';
import { controlPlanePath, isControlPlanePath, parseControlPlane } from './controlPlane';
import { canonicalTargetName, DEFAULT_REMOTE_PATH, parseHostSpec } from './hostSpec';

export { controlPlanePath, CONTROL_PLANE_CODES, isControlPlanePath, parseControlPlane } from './controlPlane';
export { canonicalTargetName, DEFAULT_REMOTE_PATH, hostSpecProblem, parseHostSpec } from './hostSpec';
export { isServerJsonPath, parseServerJson, SERVER_JSON_CODES, serverJsonFiles } from '../project/serverJson';

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
  /** The stable code (see `CONTROL_PLANE_CODES` and `SERVER_JSON_CODES`). */
  code?: string;
  /** The key or value at fault, 0-based, characters in UTF-16 units as LSP counts them. */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
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

/** True for a deploy target file: a `.nself/control-plane.yaml` or a `.environments/<name>/server.json`. */
export function isDeployFilePath(file: string): boolean {
  return isControlPlanePath(file) || isServerJsonPath(file);
}

/** The problems of one deploy target file (control-plane.yaml or server.json, by its path), each with its code and range. */
export function deployFileProblems(file: string, text: string): TargetProblem[] {
  if (isServerJsonPath(file)) return parseServerJson(text).problems.map((p) => ({ ...p, file }));
  return parseControlPlane(text, file).problems;
}

/** Every target of the project at `root`. Problems are reported, never thrown. */
export function readTargets(host: ProjectHost, root: string, env: Readonly<Record<string, string | undefined>> = {}): TargetList {
  const problems: TargetProblem[] = [];
  const byName = new Map<string, DeployTarget>();
  const add = (t: DeployTarget): void => {
    if (!byName.has(t.name)) byName.set(t.name, t);
  };
  const cpFile = controlPlanePath(root);
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
    for (const p of parsed.problems) problems.push({ file, line: p.line, message: p.message, severity: p.severity, code: p.code, range: p.range });
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
    // Orchestrator problems are parseControlPlane's and parseServerJson's own, each on its key.
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
