/**
 * `.environments/<name>/server.json`: where and how `nself deploy <name>` reaches its server.
 * Unknown keys are kept. Checked by hand rather than with a schema library: this runs on every
 * `nself-env check` of a project with deploy targets, and loading one cost more than the check.
 * The messages are the ones a zod schema gives (a test compares them).
 */
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

const TYPES = ['local', 'staging', 'production', 'prod', 'development', 'dev'] as const;

/** A rule on a string key: a message when `ok` fails. */
type StringCheck = [ok: (s: string) => boolean, message: string];

/** The keys in the order they are checked (and problems reported). */
const FIELDS: readonly { key: string; kind: 'string' | 'port' | 'type'; required?: boolean; fallback?: string | number; nonEmpty?: string; checks?: StringCheck[] }[] = [
  { key: 'name', kind: 'string', required: true, nonEmpty: 'name must not be empty' },
  { key: 'type', kind: 'type' },
  {
    key: 'host',
    kind: 'string',
    required: true,
    nonEmpty: 'host must not be empty',
    checks: [
      [(s) => /^[A-Za-z0-9.:_-]+$/.test(s), 'host must be a hostname or IP address'],
    ],
  },
  { key: 'port', kind: 'port', fallback: 22 },
  {
    key: 'user',
    kind: 'string',
    required: true,
    nonEmpty: 'user must not be empty',
    checks: [
      [(s) => /^[a-z_][a-z0-9_-]*\$?$/i.test(s), 'user must be a POSIX user name'],
    ],
  },
  { key: 'key', kind: 'string' },
  { key: 'deploy_path', kind: 'string', fallback: '/opt/nself', checks: [[(s) => s.startsWith('/'), 'deploy_path must be an absolute path']] },
  { key: 'domain', kind: 'string', checks: [[(s) => /^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$/.test(s), 'domain must be a hostname']] },
  { key: 'project_subdir', kind: 'string', checks: [[(s) => !s.split('/').includes('..'), 'project_subdir must stay inside deploy_path']] },
  { key: 'description', kind: 'string' },
];

/** How a JSON value's type is named in messages. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The problems of a parsed server.json, each with the top-level key it is about; and the value with defaults. */
function check(data: unknown): { value?: ServerJson; issues: { key?: string; message: string }[] } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { issues: [{ message: `Invalid input: expected object, received ${typeName(data)}` }] };
  const input = data as Record<string, unknown>;
  const value: Record<string, unknown> = { ...input };
  const issues: { key?: string; message: string }[] = [];
  for (const field of FIELDS) {
    const v = input[field.key];
    if (v === undefined) {
      if (field.fallback !== undefined) value[field.key] = field.fallback;
      else if (field.required) issues.push({ key: field.key, message: `Invalid input: expected ${field.kind === 'port' ? 'number' : 'string'}, received undefined` });
      continue;
    }
    if (field.kind === 'type') {
      if (!(TYPES as readonly unknown[]).includes(v)) issues.push({ key: field.key, message: `Invalid option: expected one of ${TYPES.map((t) => `"${t}"`).join('|')}` });
    } else if (field.kind === 'port') {
      if (typeof v !== 'number' || !Number.isFinite(v)) issues.push({ key: field.key, message: `Invalid input: expected number, received ${typeName(v)}` });
      else {
        if (!Number.isInteger(v)) issues.push({ key: field.key, message: 'Invalid input: expected int, received number' });
        if (v < 1) issues.push({ key: field.key, message: 'Too small: expected number to be >=1' });
        if (v > 65535) issues.push({ key: field.key, message: 'Too big: expected number to be <=65535' });
      }
    } else if (typeof v !== 'string') {
      issues.push({ key: field.key, message: `Invalid input: expected string, received ${typeName(v)}` });
      // As zod does: its length check still runs on an array, so `"host": []` is also "empty".
      if (field.nonEmpty && Array.isArray(v) && v.length === 0) issues.push({ key: field.key, message: field.nonEmpty });
    } else {
      if (field.nonEmpty && v.length === 0) issues.push({ key: field.key, message: field.nonEmpty });
      for (const [ok, message] of field.checks ?? []) if (!ok(v)) issues.push({ key: field.key, message });
    }
  }
  return issues.length ? { issues } : { value: value as ServerJson, issues };
}

export interface ServerJsonProblem {
  message: string;
  /** The top-level key the problem is about, when there is one. */
  key?: string;
  /** 0-based line in the file, found from the key's position. */
  line: number;
}

/** Parses and checks a server.json text. Never throws. */
export function parseServerJson(text: string): { value?: ServerJson; problems: ServerJsonProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problems: [{ message: `server.json is not valid JSON: ${(error as Error).message}`, line: 0 }] };
  }
  const result = check(data);
  if (result.value) {
    // nself 0.9 reads it with grep, one key per line: a minified file silently loses keys.
    const problems: ServerJsonProblem[] = [];
    if (text.trim().split('\n').length < 3) problems.push({ message: 'server.json should have one key per line: nself 0.9 reads it with grep', line: 0 });
    return { value: result.value, problems };
  }
  return {
    problems: result.issues.map(({ key, message }) => ({ message: key ? `${key}: ${message}` : message, key, line: key ? lineOfKey(text, key) : 0 })),
  };
}

function lineOfKey(text: string, key: string): number {
  const at = text.indexOf(`"${key}"`);
  if (at === -1) return 0;
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
