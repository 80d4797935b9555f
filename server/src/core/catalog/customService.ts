/**
 * Reading a `CS_N=name:template[:port][:route]` value the way each CLI does, with the position of
 * every field so editors can point at the one that is wrong.
 *
 * - 1.x: `strings.SplitN(value, ":", 4)`; fewer than two fields is an error; the route is everything
 *   after the third colon; the port defaults to 8000+N.
 * - 0.9: `IFS=: read -r name template port`: three fields, so a fourth is glued onto the port
 *   (`8001:api`), which breaks the port mapping.
 *
 * Template, reserved-port and clash checks need the catalog and the other services; the rules do
 * them. This module only reads one value.
 */
import { CUSTOM_SERVICE_NAME } from './families';
import type { Profile } from './types';

/** A field of the value: its text and offsets relative to the start of the value. */
export interface CsField {
  text: string;
  start: number;
  end: number;
}

export type CsProblemCode =
  | 'cs-format'
  | 'cs-name-empty'
  | 'cs-name-invalid'
  | 'cs-template-empty'
  | 'cs-port-invalid'
  | 'cs-port-range'
  | 'cs-route-invalid'
  | 'cs-09-fourth-field'
  | 'cs-09-port-omitted';

export interface CsProblem {
  code: CsProblemCode;
  severity: 'error' | 'warning';
  message: string;
  /** Offsets relative to the value start. */
  start: number;
  end: number;
}

export interface ParsedCustomService {
  index: number;
  /** The name as written: the build folder `services/<name>` and the container suffix. */
  name: string;
  /** The compose service key and DNS name (1.x: sanitized; 0.9: the name unchanged). */
  composeName: string;
  template: string;
  /** The port written in the value, when it is a valid number. */
  port?: number;
  /** The port the service gets when nothing overrides it: the written one, else 8000+N. */
  effectivePort: number;
  /** The route from the fourth field (1.x only). */
  route?: string;
  fields: { name: CsField; template?: CsField; port?: CsField; route?: CsField };
  problems: CsProblem[];
  /** False when nself could not build the service from this value (format, name or port error). */
  valid: boolean;
}

/** The port a custom service gets when neither the value nor CS_N_PORT sets one (1.x). */
export function defaultCustomServicePort(index: number): number {
  return 8000 + index;
}

/**
 * The 1.x `SanitizeName`: lowercase; spaces and `_` become `-`; anything outside `[a-z0-9-]` is
 * dropped; runs of `-` collapse; leading and trailing `-` are trimmed.
 */
export function sanitizeName(raw: string): string {
  let out = '';
  let dash = false;
  for (const ch of raw.toLowerCase()) {
    const c = ch.charCodeAt(0);
    const isAlnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (isAlnum) {
      if (dash && out.length > 0) out += '-';
      dash = false;
      out += ch;
    } else if (ch === '-' || ch === '_' || ch === ' ') {
      dash = true;
    }
  }
  return out;
}


/** The name nself makes of PROJECT_NAME: lower-case, `[a-z0-9-]`, a letter first, at most 30 characters. */
export function sanitizeProjectName(raw: string): string {
  let name = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name)) name = name ? `app-${name}` : 'myproject';
  return name.slice(0, 30).replace(/-+$/, '');
}

/** The compose service key / DNS name of a custom service (0.9 keeps the name as written). */
export function composeName(raw: string, profile: Profile = '1.x'): string {
  return profile === '0.9' ? raw : sanitizeName(raw);
}

/** `<PROJECT_NAME>_<raw name>`: the container name of a custom service. */
export function containerName(project: string, raw: string): string {
  return `${project}_${raw}`;
}

/** The build context of a custom service: the folder keeps the raw name. */
export function buildContext(raw: string): string {
  return `./services/${raw}`;
}

/** Splits at `:` into at most `limit` fields (the last one keeps the rest), with offsets. */
function splitFields(value: string, limit: number): CsField[] {
  const fields: CsField[] = [];
  let start = 0;
  while (fields.length < limit - 1) {
    const colon = value.indexOf(':', start);
    if (colon === -1) break;
    fields.push(field(value, start, colon));
    start = colon + 1;
  }
  fields.push(field(value, start, value.length));
  return fields;
}

/** A field with surrounding blanks trimmed, positions adjusted. */
function field(value: string, start: number, end: number): CsField {
  while (start < end && (value[start] === ' ' || value[start] === '\t')) start++;
  while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  return { text: value.slice(start, end), start, end };
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isRoute(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46;
    if (!ok) return false;
  }
  return true;
}

/** Reads one CS_N value. Never throws; every problem comes back in `problems`. */
export function parseCustomServiceValue(value: string, index: number, profile: Profile): ParsedCustomService {
  const problems: CsProblem[] = [];
  const parts = splitFields(value, profile === '0.9' ? 3 : 4);
  const [nameField, templateField, portField, routeField] = parts as [CsField, CsField?, CsField?, CsField?];
  const result: ParsedCustomService = {
    index,
    name: nameField.text,
    composeName: composeName(nameField.text, profile),
    template: templateField?.text ?? '',
    effectivePort: defaultCustomServicePort(index),
    fields: { name: nameField },
    problems,
    valid: true,
  };
  if (templateField) result.fields.template = templateField;
  if (portField) result.fields.port = portField;
  if (routeField) result.fields.route = routeField;
  const fail = (problem: CsProblem) => {
    problems.push(problem);
    if (problem.severity === 'error') result.valid = false;
  };

  if (!templateField) {
    fail({ code: 'cs-format', severity: 'error', message: `CS_${index} has invalid format: expected name:template[:port][:route].`, start: 0, end: value.length });
    return result;
  }

  if (nameField.text === '') {
    fail({ code: 'cs-name-empty', severity: 'error', message: 'The service name is empty.', start: nameField.start, end: nameField.end });
  } else if (!CUSTOM_SERVICE_NAME[profile].test(nameField.text)) {
    const rule = profile === '0.9'
      ? 'lowercase letters, digits and `_`, starting with a letter (no `-`)'
      : 'lowercase letters, digits, `-` and `_`, 2–63 characters, starting and ending with a letter or digit';
    fail({ code: 'cs-name-invalid', severity: 'error', message: `Invalid custom service name "${nameField.text}": use ${rule}.`, start: nameField.start, end: nameField.end });
  }

  if (templateField.text === '') {
    fail({ code: 'cs-template-empty', severity: 'error', message: 'The template is empty.', start: templateField.start, end: templateField.end });
  }

  if (portField && portField.text !== '') {
    if (profile === '0.9' && portField.text.includes(':')) {
      // What 0.9 really does with `name:template:port:route`: the port becomes "port:route".
      fail({
        code: 'cs-09-fourth-field',
        severity: 'error',
        message: `nself 0.9 reads only three fields: the port becomes "${portField.text}" and the route is ignored. Move the route to CS_${index}_ROUTE.`,
        start: portField.start,
        end: portField.end,
      });
    } else if (!isDigits(portField.text)) {
      fail({ code: 'cs-port-invalid', severity: 'error', message: `The port "${portField.text}" is not a number.`, start: portField.start, end: portField.end });
    } else {
      const port = Number(portField.text);
      if (port < 1 || port > 65535) {
        fail({ code: 'cs-port-range', severity: 'error', message: `The port ${port} is outside 1–65535.`, start: portField.start, end: portField.end });
      } else {
        result.port = port;
        result.effectivePort = port;
      }
    }
  } else if (profile === '0.9') {
    const at = portField ?? { start: value.length, end: value.length };
    problems.push({
      code: 'cs-09-port-omitted',
      severity: 'warning',
      message: `Without a port, nself 0.9 publishes the container on 8000 while nginx proxies to ${defaultCustomServicePort(index)}. Write the port.`,
      start: at.start,
      end: at.end,
    });
  }

  if (routeField && routeField.text !== '') {
    if (isRoute(routeField.text)) {
      result.route = routeField.text;
    } else {
      problems.push({ code: 'cs-route-invalid', severity: 'error', message: `The route "${routeField.text}" may contain only lowercase letters, digits, \`.\` and \`-\`.`, start: routeField.start, end: routeField.end });
    }
  }
  return result;
}
