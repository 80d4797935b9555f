/**
 * `.nself/control-plane.yaml` (nself 1.x, schema_version 2): its deploy targets, and everything
 * wrong with it, each problem with a stable code and the range of the key or value at fault.
 *
 * The shape (OPS §6): `environments.<name>.{kind: local|remote, tier, servers[]}` plus the
 * orchestrator keys of targetKind.ts; a server is `{name, role, host: "[user@]host[:port]",
 * ssh_key_ref, remote_path, primary}`. The primary app server (or the first) of each remote
 * environment becomes the target. Pure: text in, targets and problems out; the language server,
 * `nself-env check` and the deploy pipeline all read the file through here.
 */
import * as path from 'path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import { standInSize } from '../limits';
import { canonicalEnv } from '../project/environments';
import { orchestratorFromObject } from '../project/targetKind';
import { canonicalTargetName, DEFAULT_REMOTE_PATH, hostSpecProblem, parseHostSpec } from './hostSpec';
import { nearestKey } from './keySuggestion';
import type { DeployTarget, TargetList, TargetProblem } from './targets';

/** Where a project's control-plane.yaml lives (the same place `readTargets` reads). */
export function controlPlanePath(root: string): string {
  return path.join(root, '.nself', 'control-plane.yaml');
}

/** True for a `.nself/control-plane.yaml` file (of any project). */
export function isControlPlanePath(file: string): boolean {
  return path.basename(file) === 'control-plane.yaml' && path.basename(path.dirname(file)) === '.nself';
}

/** What one code of a deploy target file means, for docs/rules.md and SARIF; the severity is the default one. */
export interface DeployFileCode {
  code: string;
  title: string;
  description: string;
  severity: 'error' | 'warning';
}

/** Every code a control-plane.yaml problem can carry (data, documented in docs/rules.md). */
export const CONTROL_PLANE_CODES: readonly DeployFileCode[] = [
  {
    code: 'control-plane-syntax',
    title: '`control-plane.yaml` that is not valid YAML',
    description: 'The YAML parser refused the file (bad indentation, an unclosed bracket or quote, a tab as indentation…). Until it parses, no deploy target of the file is known.',
    severity: 'error',
  },
  {
    code: 'control-plane-schema-version',
    title: '`schema_version` other than 2',
    description: 'nself 1.x writes `schema_version: 2`; another value (or none) means a file this extension may read wrongly.',
    severity: 'warning',
  },
  {
    code: 'control-plane-type',
    title: 'Setting of the wrong type in `control-plane.yaml`',
    description: 'A mapping where a list is expected, a list where a string is expected, `primary` that is not a boolean (`true`/`false`, or YAML 1.1 `yes`/`no`, `on`/`off`, which the Go reader of nself also takes), and the like.',
    severity: 'error',
  },
  {
    code: 'control-plane-missing',
    title: 'Required setting missing in `control-plane.yaml`',
    description: 'A server without `host`, or a remote environment without servers: nothing can be deployed there.',
    severity: 'error',
  },
  {
    code: 'control-plane-value',
    title: 'Value nself cannot use in `control-plane.yaml`',
    description: 'An environment name, `kind`, `role`, host (`[user@]host[:port]`, port 1–65535), `remote_path` (absolute, without `..`), `ssh_key_ref` (a variable name) or orchestrator setting (`orchestrator`, `kube_context`, `namespace`, `docker_context`, `docker_host`, `endpoint_mode`) that is not valid.',
    severity: 'error',
  },
  {
    code: 'control-plane-unknown-key',
    title: 'Unknown key in `control-plane.yaml`',
    description: 'A key neither nself 1.x nor this extension reads, often a typo (`sever`, `remote-path`); it is ignored.',
    severity: 'warning',
  },
  {
    code: 'control-plane-duplicate',
    title: 'Deploy target declared twice',
    description: '`prod` and `production` are one target: declaring both leaves which one is deployed to unclear, so the second is an error. A key written twice in one mapping is the same error.',
    severity: 'error',
  },
  {
    code: 'control-plane-primary',
    title: 'More than one primary server',
    description: 'Only one server of an environment can be `primary: true`; the first one is the deploy target.',
    severity: 'warning',
  },
];

const ROOT_KEYS = ['schema_version', 'environments'];
/** Environment keys: nself's own, then the orchestrator ones of targetKind.ts. */
const ENV_KEYS = ['kind', 'tier', 'servers', 'orchestrator', 'kube_context', 'namespace', 'docker_context', 'docker_host', 'endpoint_mode'];
const SERVER_KEYS = ['name', 'role', 'host', 'ssh_key_ref', 'remote_path', 'primary'];
const ROLES = ['app', 'lb', 'observability', 'db', 'worker'];
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Code = 'control-plane-syntax' | 'control-plane-schema-version' | 'control-plane-type' | 'control-plane-missing' | 'control-plane-value' | 'control-plane-unknown-key' | 'control-plane-duplicate' | 'control-plane-primary';

const DEFAULT_SEVERITY = new Map(CONTROL_PLANE_CODES.map((c) => [c.code, c.severity]));

/** Collects problems with ranges; one per file parse. */
class Reporter {
  readonly problems: TargetProblem[] = [];
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineCounter,
  ) {}

  /** Source text, for messages (one line at most). */
  slice(start: number, end: number): string {
    return this.text.slice(start, end).split('\n')[0]!.slice(0, 80);
  }

  /** The problems in the order of the file. */
  sorted(): TargetProblem[] {
    const key = (p: TargetProblem) => (p.range ? p.range.start.line * 1e6 + p.range.start.character : p.line * 1e6);
    return this.problems.map((p, i) => ({ p, i })).sort((a, b) => key(a.p) - key(b.p) || a.i - b.i).map(({ p }) => p);
  }

  /** The 0-based position of an offset. */
  position(offset: number): { line: number; character: number } {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line: line - 1, character: col - 1 };
  }

  /** A problem over `[start, end)`, cut at the end of its first line (a whole mapping is not underlined). */
  at(start: number, end: number, code: Code, message: string, severity = DEFAULT_SEVERITY.get(code)!): void {
    const eol = this.text.indexOf('\n', start);
    let stop = eol !== -1 && eol < end ? eol : end;
    if (stop > start && this.text[stop - 1] === '\r') stop--;
    if (stop <= start) stop = Math.min(this.text.length, start + 1);
    const range = { start: this.position(start), end: this.position(Math.max(start, stop)) };
    this.problems.push({ file: this.file, line: range.start.line, message, severity, code, range });
  }

  /** A problem about a node (its value text). */
  node(node: unknown, code: Code, message: string, severity?: 'error' | 'warning'): void {
    const range = (node as YamlNode | null | undefined)?.range;
    if (range) this.at(range[0], range[1], code, message, severity);
    else this.at(0, 0, code, message, severity);
  }
}

/** The key node and value node of `key` in a mapping, if the key is there. */
function entry(map: YAMLMap, key: string): { key: YamlNode; value: unknown } | undefined {
  for (const pair of map.items) {
    if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) return { key: pair.key, value: pair.value };
  }
  return undefined;
}

/** What a YAML value is, in messages. */
function kindOf(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return 'a string';
    if (typeof v === 'number') return 'a number';
    if (typeof v === 'boolean') return 'a boolean';
  }
  return 'an alias or tag';
}

/**
 * A boolean as nself's Go YAML reader takes it into a bool field: YAML 1.2's true/false, and
 * YAML 1.1's y/yes/on/n/no/off (in the spellings yaml.v3 accepts). Undefined for anything else.
 */
function booleanOf(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (typeof node.value !== 'string') return undefined;
  const v = node.value;
  if (['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].includes(v)) return true;
  if (['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].includes(v)) return false;
  return undefined;
}

const stringOf = (node: unknown): string | undefined => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);

/** Flags keys not in `known`, suggesting one that is one or two edits away. */
function unknownKeys(r: Reporter, map: YAMLMap, known: readonly string[], where: string): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || known.includes(key)) continue;
    const near = nearestKey(key, known);
    r.node(pair.key, 'control-plane-unknown-key', `unknown key "${key}" in ${where}${near ? `; did you mean "${near}"?` : ` (known: ${known.join(', ')})`}`);
  }
}

/** The YAML errors and warnings, with the parser's own range and a code. */
function syntaxProblems(r: Reporter, doc: Document): void {
  for (const e of [...doc.errors, ...doc.warnings]) {
    const severity = e.name === 'YAMLWarning' ? 'warning' : 'error';
    const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (e.code === 'DUPLICATE_KEY') r.at(e.pos[0], e.pos[1], 'control-plane-duplicate', `key ${JSON.stringify(r.slice(e.pos[0], e.pos[1]))} is written twice in one mapping; keep one`, severity);
    else r.at(e.pos[0], e.pos[1], 'control-plane-syntax', `control-plane.yaml is not valid YAML: ${first}`, severity);
  }
}

/** Parses and checks a control-plane.yaml text. Never throws; `env` resolves `ssh_key_ref`. */
export function parseControlPlane(text: string, file: string, env: Readonly<Record<string, string | undefined>> = {}): TargetList {
  const lines = new LineCounter();
  const r = new Reporter(file, text, lines);
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // An open buffer over the limit arrives as its stand-in (a one-line comment, parsed in no time).
  const tooLarge = standInSize(text);
  if (tooLarge !== undefined) {
    r.at(0, 0, 'control-plane-syntax', `control-plane.yaml is not read: ${tooLarge} bytes is over nself's 1 MB limit`);
    return { targets: [], problems: r.sorted() };
  }
  syntaxProblems(r, doc);
  if (doc.errors.length) return { targets: [], problems: r.sorted() };
  const rootNode = doc.contents;
  if (rootNode === null || (isScalar(rootNode) && rootNode.value === null)) {
    r.at(0, 0, 'control-plane-missing', 'control-plane.yaml is empty: expected schema_version: 2 and environments');
    return { targets: [], problems: r.sorted() };
  }
  if (!isMap(rootNode)) {
    r.node(rootNode, 'control-plane-type', `control-plane.yaml must be a mapping with schema_version and environments, not ${kindOf(rootNode)}`);
    return { targets: [], problems: r.sorted() };
  }
  unknownKeys(r, rootNode, ROOT_KEYS, 'control-plane.yaml');
  const version = entry(rootNode, 'schema_version');
  if (!version) r.at(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'), 'control-plane-schema-version', 'schema_version is missing: nself 1.x writes schema_version: 2');
  else if (!isScalar(version.value) || version.value.value !== 2) r.node(version.value ?? version.key, 'control-plane-schema-version', 'schema_version: expected 2');
  const envsEntry = entry(rootNode, 'environments');
  const envs = envsEntry?.value;
  if (!envsEntry || !isMap(envs)) {
    if (envsEntry) r.node(envs ?? envsEntry.key, 'control-plane-type', `environments: expected a mapping of environment names, found ${kindOf(envs)}`);
    else r.node(rootNode, 'control-plane-missing', 'environments is missing: expected a mapping of environment names');
    return { targets: [], problems: r.sorted() };
  }
  const targets: DeployTarget[] = [];
  const seen = new Map<string, string>();
  for (const pair of envs.items) {
    const target = environment(r, pair.key, pair.value, file, env, seen);
    if (target) targets.push(target);
  }
  return { targets, problems: r.sorted() };
}

/** One environment of `environments`: its problems, and its target when it has one. */
function environment(r: Reporter, keyNode: unknown, node: unknown, file: string, env: Readonly<Record<string, string | undefined>>, seen: Map<string, string>): DeployTarget | undefined {
  const rawName = isScalar(keyNode) ? String(keyNode.value) : '';
  const name = canonicalTargetName(rawName);
  if (!canonicalEnv(name)) {
    r.node(keyNode, 'control-plane-value', `environment name "${rawName}" is not valid (lower case letters, digits, - and _)`);
    return undefined;
  }
  const earlier = seen.get(name);
  if (earlier !== undefined) {
    r.node(keyNode, 'control-plane-duplicate', `environments.${rawName} and environments.${earlier} are the same target (${name}); keep one`);
    return undefined;
  }
  seen.set(name, rawName);
  if (!isMap(node)) {
    r.node(node ?? keyNode, 'control-plane-type', `${rawName}: expected a mapping with kind and servers, found ${kindOf(node)}`);
    return undefined;
  }
  unknownKeys(r, node, ENV_KEYS, `environments.${rawName}`);
  const kindEntry = entry(node, 'kind');
  const kind = kindEntry ? stringOf(kindEntry.value) : undefined;
  if (kindEntry && kind !== 'local' && kind !== 'remote') {
    const wrongType = !isScalar(kindEntry.value) || typeof kindEntry.value.value !== 'string';
    r.node(kindEntry.value ?? kindEntry.key, wrongType ? 'control-plane-type' : 'control-plane-value', `${rawName}.kind: expected local or remote, found ${wrongType ? kindOf(kindEntry.value) : JSON.stringify(kind)}`);
  }
  const tier = entry(node, 'tier');
  if (tier && !(isScalar(tier.value) && (typeof tier.value.value === 'string' || typeof tier.value.value === 'number'))) {
    r.node(tier.value ?? tier.key, 'control-plane-type', `${rawName}.tier: expected a string, found ${kindOf(tier.value)}`);
  }
  orchestratorProblems(r, node, rawName);
  if (kind === 'local') return undefined;
  const serversEntry = entry(node, 'servers');
  const servers = serversEntry?.value;
  if (serversEntry && servers !== null && servers !== undefined && !isSeq(servers)) {
    r.node(servers, 'control-plane-type', `${rawName}.servers: expected a list of servers, found ${kindOf(servers)}`);
    return undefined;
  }
  if (!isSeq(servers) || servers.items.length === 0) {
    if (kind === 'remote') r.node(serversEntry?.key ?? keyNode, 'control-plane-missing', `${rawName}.servers: a remote environment needs at least one server`);
    return undefined;
  }
  const cascadeEnv = canonicalEnv(name) ?? 'dev';
  const valid: { primary: boolean; role: string; target: DeployTarget }[] = [];
  let primaries = 0;
  servers.items.forEach((item, i) => {
    const where = `${rawName}.servers[${i}]`;
    if (!isMap(item)) return r.node(item, 'control-plane-type', `${where}: expected a mapping with host, found ${kindOf(item)}`);
    unknownKeys(r, item, SERVER_KEYS, where);
    const server = serverOf(r, item, where);
    const primary = entry(item, 'primary');
    const isPrimary = primary !== undefined && booleanOf(primary.value) === true;
    if (isPrimary && ++primaries > 1) {
      r.node(primary.key, 'control-plane-primary', `${where}: another server of ${rawName} is already primary; the first one is the deploy target`);
    }
    if (!server) return;
    valid.push({
      primary: isPrimary,
      role: server.role,
      target: {
        kind: 'server',
        name,
        env: cascadeEnv,
        host: server.host,
        port: server.port,
        user: server.user,
        keyPath: server.keyRef ? env[server.keyRef] || undefined : undefined,
        path: server.path,
        production: cascadeEnv === 'prod',
        source: { format: 'control-plane.yaml', file, line: r.position(item.range?.[0] ?? 0).line },
      },
    });
  });
  const chosen = valid.find((v) => v.primary) ?? valid.find((v) => v.role === 'app') ?? valid[0];
  return chosen?.target;
}

/** One server entry: its problems, and what a target needs from it when it is usable. */
function serverOf(r: Reporter, item: YAMLMap, where: string): { host: string; port: number; user?: string; role: string; path: string; keyRef?: string } | undefined {
  let usable = true;
  const host = entry(item, 'host');
  let spec: ReturnType<typeof parseHostSpec>;
  if (!host) {
    r.node(item, 'control-plane-missing', `${where}: host is missing (expected [user@]host[:port])`);
    usable = false;
  } else if (!isScalar(host.value) || typeof host.value.value !== 'string') {
    r.node(host.value ?? host.key, 'control-plane-type', `${where}.host: expected a string [user@]host[:port], found ${kindOf(host.value)}`);
    usable = false;
  } else {
    const hostText = host.value.value;
    spec = parseHostSpec(hostText);
    if (!spec) {
      r.node(host.value, 'control-plane-value', `${where}.host: ${hostSpecProblem(hostText)}`);
      usable = false;
    }
  }
  for (const key of ['name', 'ssh_key_ref', 'remote_path']) {
    const e = entry(item, key);
    if (e && !(isScalar(e.value) && typeof e.value.value === 'string')) {
      r.node(e.value ?? e.key, 'control-plane-type', `${where}.${key}: expected a string, found ${kindOf(e.value)}`);
      usable = false;
    }
  }
  const primary = entry(item, 'primary');
  if (primary && booleanOf(primary.value) === undefined) {
    const shown = isScalar(primary.value) && typeof primary.value.value === 'string' ? JSON.stringify(primary.value.value) : kindOf(primary.value);
    r.node(primary.value ?? primary.key, 'control-plane-type', `${where}.primary: expected true or false, found ${shown}`);
  }
  const roleEntry = entry(item, 'role');
  const role = roleEntry ? stringOf(roleEntry.value) ?? '' : 'app';
  if (roleEntry && !ROLES.includes(role)) r.node(roleEntry.value ?? roleEntry.key, 'control-plane-value', `${where}.role: expected app, lb, observability, db or worker`);
  const pathEntry = entry(item, 'remote_path');
  const remotePath = pathEntry ? stringOf(pathEntry.value) : undefined;
  if (remotePath !== undefined) {
    if (!remotePath.startsWith('/')) {
      r.node(pathEntry!.value, 'control-plane-value', `${where}.remote_path: expected an absolute path, got ${JSON.stringify(remotePath)}`);
      usable = false;
    } else if (remotePath.split('/').includes('..') || /[\0-\x1f]/.test(remotePath)) {
      r.node(pathEntry!.value, 'control-plane-value', `${where}.remote_path: expected a plain absolute path (no .. and no control characters)`);
      usable = false;
    }
  }
  const keyEntry = entry(item, 'ssh_key_ref');
  const keyRef = keyEntry ? stringOf(keyEntry.value) : undefined;
  if (keyRef !== undefined && !ENV_VAR.test(keyRef)) {
    r.node(keyEntry!.value, 'control-plane-value', `${where}.ssh_key_ref: expected the name of an environment variable holding the key path`);
  }
  if (!usable || !spec) return undefined;
  return { host: spec.host, port: spec.port ?? 22, user: spec.user, role, path: remotePath ?? DEFAULT_REMOTE_PATH, keyRef: keyRef !== undefined && ENV_VAR.test(keyRef) ? keyRef : undefined };
}

/** The orchestrator settings of one environment, judged by targetKind.ts, each on its own key. */
function orchestratorProblems(r: Reporter, node: YAMLMap, rawName: string): void {
  // Scalars only: a collection stands in as a list (a wrong type), and aliases are never expanded.
  const plain: Record<string, unknown> = {};
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    plain[String(pair.key.value)] = isScalar(pair.value) ? pair.value.value : pair.value == null ? undefined : [];
  }
  const settings = orchestratorFromObject(plain);
  for (const message of settings.problems) {
    // targetKind.ts starts each message with the key it is about.
    const key = message.split(' ')[0]!;
    const at = ENV_KEYS.includes(key) ? entry(node, key) : undefined;
    const code: Code = / must be a string$/.test(message) ? 'control-plane-type' : 'control-plane-value';
    r.node(at?.value ?? at?.key ?? node, code, `${rawName}.${message}`);
  }
}
