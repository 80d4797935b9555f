/**
 * `.environments/<name>/server.json` (nself 0.9): where and how `nself deploy <name>` reaches its
 * server, and everything wrong with it, each problem with a stable code and the range of the key
 * or value at fault (a syntax error at the position where the JSON stops making sense).
 *
 * Checked by hand rather than with a schema library: this runs on every `nself-env check` of a
 * project with deploy targets, and loading one cost more than the check. It accepts what the zod
 * schema it replaced accepted, plus the hostile-value rules (a host starting with `-`, `..` in
 * deploy_path) and the orchestrator keys of targetKind.ts; unknown keys are kept, and warned about.
 */
import * as path from 'path';
import type { DeployFileCode } from '../deploy/controlPlane';
import { nearestKey } from '../deploy/keySuggestion';
import { standInSize } from '../limits';
import { jsonValue, LineIndex, parseJsonTree, type JsonNode, type JsonProperty } from './jsonTree';
import { ORCHESTRATOR_KEYS, orchestratorFromObject } from './targetKind';
import type { ProjectHost } from './types';

export interface ServerJson {
  name: string;
  type?: 'local' | 'staging' | 'production' | 'prod' | 'development' | 'dev';
  host: string;
  /** Default 22. */
  port: number;
  user: string;
  key?: string;
  /** Default `/opt/nself`. */
  deploy_path: string;
  domain?: string;
  project_subdir?: string;
  description?: string;
  [extra: string]: unknown;
}

/** Every code a server.json problem can carry (data, documented in docs/rules.md). */
export const SERVER_JSON_CODES: readonly DeployFileCode[] = [
  {
    code: 'server-json-syntax',
    title: '`server.json` that is not valid JSON',
    description: 'The file is not strict JSON (a trailing comma, a comment, single quotes, an unclosed string…), is empty, or is over the 1 MB limit. Until it parses, its deploy target is not known.',
    severity: 'error',
  },
  {
    code: 'server-json-type',
    title: 'Setting of the wrong type in `server.json`',
    description: 'The file is not an object, or a key holds the wrong JSON type: `port` must be a number, `name`, `host`, `user`, `key`, `deploy_path`, `domain`, `project_subdir`, `description` and the orchestrator keys strings.',
    severity: 'error',
  },
  {
    code: 'server-json-missing',
    title: 'Required setting missing in `server.json`',
    description: '`name`, `host` and `user` are required: without them the target cannot be deployed to.',
    severity: 'error',
  },
  {
    code: 'server-json-value',
    title: 'Value nself cannot use in `server.json`',
    description: 'An empty `name`, `host` or `user`; a host that is not a host name or IP address (shell characters, or a leading `-` that ssh would read as an option); a user that is not a POSIX user name (`$(…)`); a port outside 1–65535; an unknown `type`; a `deploy_path` that is not a plain absolute path (relative, or with `..`); a `project_subdir` that climbs out of it; a `domain` that is not a host name; or an orchestrator setting (`orchestrator`, `kube_context`, `namespace`, `docker_context`, `docker_host`, `endpoint_mode`) that is not valid.',
    severity: 'error',
  },
  {
    code: 'server-json-duplicate',
    title: 'Key written twice in `server.json`',
    description: "nself 0.9 reads the file with grep and takes the first occurrence; JSON readers take the last. Which one is deployed to is unclear, so the second is an error.",
    severity: 'error',
  },
  {
    code: 'server-json-unknown-key',
    title: 'Unknown key in `server.json`',
    description: 'A key neither nself 0.9 nor this extension reads, often a typo (`hots`, `deploy-path`); it is kept but ignored.',
    severity: 'warning',
  },
  {
    code: 'server-json-layout',
    title: 'Several keys on one line of `server.json`',
    description: 'nself 0.9 reads server.json with grep, one key per line: a second key on the same line may be read wrongly or not at all. Put each key on its own line.',
    severity: 'warning',
  },
];

export type ServerJsonCode = 'server-json-syntax' | 'server-json-type' | 'server-json-missing' | 'server-json-value' | 'server-json-duplicate' | 'server-json-unknown-key' | 'server-json-layout';

export interface ServerJsonProblem {
  message: string;
  code: ServerJsonCode;
  severity: 'error' | 'warning';
  /** The top-level key the problem is about, when there is one. */
  key?: string;
  /** 0-based line of the problem (`range.start.line`). */
  line: number;
  /** The key or value at fault, 0-based, characters in UTF-16 units as LSP counts them. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** True for a `.environments/<name>/server.json` file (of any project). */
export function isServerJsonPath(file: string): boolean {
  return path.basename(file) === 'server.json' && path.basename(path.dirname(path.dirname(file))) === '.environments';
}

/** The server.json files of the project at `root` that exist, in target name order. */
export function serverJsonFiles(host: ProjectHost, root: string): string[] {
  const dir = path.join(root, '.environments');
  return (host.listDir(dir) ?? [])
    .sort()
    .map((name) => path.join(dir, name, 'server.json'))
    .filter((file) => host.readText(file) !== undefined);
}

const TYPES = ['local', 'staging', 'production', 'prod', 'development', 'dev'] as const;

/** A rule on a string value: the message when the value is refused, else undefined. */
type StringCheck = (s: string) => string | undefined;

/** At most 60 characters of a value, quoted, for messages. */
const shown = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** The keys in the order they are checked (and problems reported). */
const FIELDS: readonly { key: string; kind: 'string' | 'port' | 'type'; required?: string; fallback?: string | number; nonEmpty?: boolean; checks?: StringCheck[] }[] = [
  { key: 'name', kind: 'string', required: 'the name of this target', nonEmpty: true },
  { key: 'type', kind: 'type' },
  {
    key: 'host',
    kind: 'string',
    required: "the server's host name or IP address",
    nonEmpty: true,
    checks: [
      (s) => (s.startsWith('-') ? `host ${shown(s)} must not start with "-" (ssh would read it as an option)` : undefined),
      (s) => (/^[A-Za-z0-9.:_-]+$/.test(s) ? undefined : `host ${shown(s)} is not a host name or IP address`),
    ],
  },
  { key: 'port', kind: 'port', fallback: 22 },
  {
    key: 'user',
    kind: 'string',
    required: 'the ssh user, e.g. "deploy"',
    nonEmpty: true,
    checks: [(s) => (/^[a-z_][a-z0-9_-]*\$?$/i.test(s) ? undefined : `user ${shown(s)} is not a POSIX user name`)],
  },
  { key: 'key', kind: 'string' },
  {
    key: 'deploy_path',
    kind: 'string',
    fallback: '/opt/nself',
    checks: [
      (s) => (s.startsWith('/') ? undefined : `deploy_path must be an absolute path, got ${shown(s)}`),
      (s) => (s.startsWith('/') && (s.split('/').includes('..') || /[\0-\x1f]/.test(s)) ? `deploy_path must be a plain absolute path (no .. and no control characters), got ${shown(s)}` : undefined),
    ],
  },
  { key: 'domain', kind: 'string', checks: [(s) => (/^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$/.test(s) ? undefined : `domain ${shown(s)} is not a host name`)] },
  { key: 'project_subdir', kind: 'string', checks: [(s) => (s.split('/').includes('..') ? `project_subdir must stay inside deploy_path (no ..), got ${shown(s)}` : undefined)] },
  { key: 'description', kind: 'string' },
];

const KNOWN_KEYS = [...FIELDS.map((f) => f.key), ...ORCHESTRATOR_KEYS];

/** What a JSON value is, in messages. */
function kindOf(node: JsonNode): string {
  return { object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null' }[node.type];
}

/** Collects problems with ranges; one per check. */
class Reporter {
  readonly problems: ServerJsonProblem[] = [];
  readonly lines: LineIndex;
  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /** A problem over `[start, end)`, cut at the end of its first line (a whole object is not underlined). */
  at(start: number, end: number, code: ServerJsonCode, message: string, key?: string, severity = DEFAULT_SEVERITY.get(code)!): void {
    let stop = end;
    for (let i = start; i < end; i++) {
      if (this.text[i] === '\n' || this.text[i] === '\r') {
        stop = i;
        break;
      }
    }
    const range = { start: this.lines.position(start), end: this.lines.position(Math.max(start, stop)) };
    this.problems.push({ message, code, severity, ...(key !== undefined ? { key } : {}), line: range.start.line, range });
  }

  node(node: { start: number; end: number }, code: ServerJsonCode, message: string, key?: string): void {
    this.at(node.start, node.end, code, message, key);
  }

  get errors(): number {
    return this.problems.filter((p) => p.severity === 'error').length;
  }
}

const DEFAULT_SEVERITY = new Map(SERVER_JSON_CODES.map((c) => [c.code, c.severity]));

/** Parses and checks a server.json text. Never throws; `value` (with defaults) only when nothing is an error. */
export function parseServerJson(text: string): { value?: ServerJson; problems: ServerJsonProblem[] } {
  const r = new Reporter(text);
  // An open buffer over the limit arrives as its stand-in (see core/limits.ts).
  const tooLarge = standInSize(text);
  if (tooLarge !== undefined) {
    r.at(0, 0, 'server-json-syntax', `server.json is not read: ${tooLarge} bytes is over nself's 1 MB limit`);
    return { problems: r.problems };
  }
  if (text.trim() === '' || text.trim() === '\ufeff') {
    r.at(0, 0, 'server-json-syntax', 'server.json is empty: expected an object with name, host and user');
    return { problems: r.problems };
  }
  const parsed = parseJsonTree(text);
  if (!parsed.ok) {
    r.at(parsed.error.start, parsed.error.end, 'server-json-syntax', `server.json is not valid JSON: ${parsed.error.message}`);
    return { problems: r.problems };
  }
  const root = parsed.root;
  if (root.type !== 'object') {
    r.node(root, 'server-json-type', `server.json must be an object with name, host and user, not ${kindOf(root)}`);
    return { problems: r.problems };
  }
  // The first occurrence of each key is judged (nself 0.9's grep reads that one); later ones are errors.
  const first = new Map<string, JsonProperty>();
  for (const p of root.properties) {
    const earlier = first.get(p.key.value);
    if (earlier) r.node(p.key, 'server-json-duplicate', `"${p.key.value}" is written twice; nself 0.9 reads the first and JSON readers the last: keep one`, p.key.value);
    else first.set(p.key.value, p);
  }
  const value = jsonValue(root) as Record<string, unknown>;
  for (const field of FIELDS) checkField(r, root, field, first.get(field.key), value);
  const blocking = r.errors;
  orchestratorProblems(r, root, first);
  for (const p of first.values()) {
    if (KNOWN_KEYS.includes(p.key.value)) continue;
    const near = nearestKey(p.key.value, KNOWN_KEYS);
    r.node(p.key, 'server-json-unknown-key', `unknown key "${p.key.value}" in server.json${near ? `; did you mean "${near}"?` : ' (it is kept but not read)'}`, p.key.value);
  }
  layoutProblem(r, root);
  const problems = [...r.problems].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return blocking ? { problems } : { value: value as ServerJson, problems };
}

/** One known key: missing, wrong type or refused value. Fills in its default in `value`. */
function checkField(r: Reporter, root: JsonNode & { type: 'object' }, field: (typeof FIELDS)[number], property: JsonProperty | undefined, value: Record<string, unknown>): void {
  const { key } = field;
  if (!property) {
    if (field.fallback !== undefined) value[key] = field.fallback;
    else if (field.required) r.at(root.start, root.start + 1, 'server-json-missing', `${key} is missing: ${field.required}`, key);
    return;
  }
  const v = property.value;
  if (field.kind === 'type') {
    if (v.type !== 'string') r.node(v, 'server-json-type', `type: expected one of ${TYPES.join(', ')}, found ${kindOf(v)}`, key);
    else if (!(TYPES as readonly string[]).includes(v.value)) r.node(v, 'server-json-value', `type: expected one of ${TYPES.join(', ')}, found ${shown(v.value)}`, key);
  } else if (field.kind === 'port') {
    if (v.type !== 'number') r.node(v, 'server-json-type', `port: expected a number, found ${kindOf(v)}`, key);
    else if (!Number.isInteger(v.value) || v.value < 1 || v.value > 65535) r.node(v, 'server-json-value', `port ${r.text.slice(v.start, v.end)} is not a whole number from 1 to 65535`, key);
  } else if (v.type !== 'string') {
    r.node(v, 'server-json-type', `${key}: expected a string, found ${kindOf(v)}`, key);
  } else if (field.nonEmpty && v.value === '') {
    r.node(v, 'server-json-value', `${key} must not be empty`, key);
  } else {
    // The first refusal only: one problem per value.
    for (const check of field.checks ?? []) {
      const message = check(v.value);
      if (!message) continue;
      r.node(v, 'server-json-value', message, key);
      break;
    }
  }
}

/** The orchestrator settings, judged by targetKind.ts as they are in control-plane.yaml, each on its own value. */
function orchestratorProblems(r: Reporter, root: JsonNode & { type: 'object' }, first: Map<string, JsonProperty>): void {
  const plain: Record<string, unknown> = {};
  for (const [key, p] of first) if (ORCHESTRATOR_KEYS.includes(key)) plain[key] = jsonValue(p.value);
  for (const message of orchestratorFromObject(plain).problems) {
    // targetKind.ts starts each message with the key it is about.
    const key = message.split(' ')[0]!;
    const at = first.get(key);
    const code: ServerJsonCode = / must be a string$/.test(message) ? 'server-json-type' : 'server-json-value';
    r.node(at?.value ?? { start: root.start, end: root.start + 1 }, code, message, at ? key : undefined);
  }
}

/** The first top-level key that shares its line with the previous one (nself 0.9 reads one key per line). */
function layoutProblem(r: Reporter, root: JsonNode & { type: 'object' }): void {
  const { lines } = r;
  for (let i = 1; i < root.properties.length; i++) {
    const previous = root.properties[i - 1]!;
    const p = root.properties[i]!;
    const line = lines.position(p.key.start).line;
    if (line !== lines.position(previous.value.end).line && line !== lines.position(previous.key.start).line) continue;
    r.node(p.key, 'server-json-layout', `"${p.key.value}" is on the same line as "${previous.key.value}": nself 0.9 reads server.json with grep, one key per line`, p.key.value);
    return;
  }
}
