/**
 * What every part of the service-model derivation shares: the effective config, the catalog, the
 * environment tier, project name and domain, and helpers that turn keys into values with origins.
 */
import { sanitizeProjectName } from '../catalog/customService';
import type { Catalog, Profile } from '../catalog/types';
import { canonicalEnv } from '../project/environments';
import type { EffectiveConfig } from '../project/types';
import type { ModelRoute, Origin } from './types';

/** dev (also every custom environment, as 1.x treats them), staging or prod. */
export type Tier = 'dev' | 'staging' | 'prod';

export interface ModelOptions {
  /** Frontend apps are in dev and staging and left out of prod; `true`/`false` forces either way. */
  includeFrontends?: boolean;
  /** Project name when PROJECT_NAME is unset (e.g. the folder name); default `myproject`. */
  defaultProjectName?: string;
}

/** The 1.x `SanitizeDBName`: `-`, `.` and space become `_`; a leading digit gets `_`; ≤ 63 bytes. */
export function sanitizeDbName(name: string): string {
  let out = '';
  for (const ch of name) out += ch === '-' || ch === '.' || ch === ' ' ? '_' : ch;
  if (out.length > 0 && out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57) out = `_${out}`;
  return out.slice(0, 63);
}

export class ModelContext {
  readonly profile: Profile;
  readonly env: string;
  readonly tier: Tier;
  readonly project: string;
  readonly projectOrigin: Origin;
  readonly baseDomain: string;
  readonly scheme: 'http' | 'https';
  private readonly computed = new Map<string, string>();

  constructor(
    readonly config: EffectiveConfig,
    readonly catalog: Catalog,
    options: ModelOptions,
  ) {
    this.profile = catalog.profile;
    this.env = canonicalEnv(config.env) ?? 'dev';
    this.tier = this.env === 'prod' ? 'prod' : this.env === 'staging' ? 'staging' : 'dev';

    const rawProject = this.value('PROJECT_NAME');
    // The same renaming nself does (and `invalid-project-name` shows): `[a-z0-9-]`, a letter first, ≤ 30.
    const project = rawProject ? sanitizeProjectName(rawProject) : '';
    this.project = project || (options.defaultProjectName ? sanitizeProjectName(options.defaultProjectName) : 'myproject');
    this.projectOrigin = project ? this.origin('PROJECT_NAME') : { key: 'PROJECT_NAME', isDefault: true };
    this.baseDomain = this.value('BASE_DOMAIN') || 'localhost';
    this.scheme = this.value('SSL_ENABLED') === 'false' ? 'http' : 'https';

    // Defaults nself computes rather than reads from a fixed table.
    this.computed.set('PROJECT_NAME', this.project);
    this.computed.set('BASE_DOMAIN', this.baseDomain);
    this.computed.set('ENV', this.env);
    this.computed.set('POSTGRES_DB', sanitizeDbName(this.project));
    const domain = this.baseDomain;
    this.computed.set(
      'HASURA_GRAPHQL_CORS_DOMAIN',
      this.tier === 'prod' ? `https://*.${domain}` : this.tier === 'staging' ? `https://*.${domain},http://localhost:3000` : `http://localhost:*,http://*.${domain},https://*.${domain}`,
    );
    const jwtType = this.value('HASURA_JWT_TYPE') || 'HS256';
    const jwtKey = this.value('HASURA_JWT_KEY') || this.value('AUTH_JWT_SECRET') || '';
    this.computed.set('HASURA_GRAPHQL_JWT_SECRET', JSON.stringify({ type: jwtType, key: jwtKey }));
  }

  /** The expanded value of a key, or undefined when no file sets it. */
  value(key: string): string | undefined {
    return this.config.get(key);
  }

  /** The value, else what nself computes or defaults it to, else ''. Used by templates. */
  lookup = (key: string): string => {
    const v = this.config.get(key);
    if (v !== undefined && v !== '') return v;
    return this.computed.get(key) ?? this.catalog.keys.get(key)?.default ?? '';
  };

  /** Where a key's value comes from: its file and 1-based line, or nself's default. */
  origin(key: string): Origin {
    const b = this.config.binding(key);
    if (!b) return { key, isDefault: true };
    return { file: b.doc.path, line: b.entry.line + 1, key };
  }

  /** True when a file sets the key to a non-empty value. */
  has(key: string): boolean {
    const v = this.config.get(key);
    return v !== undefined && v !== '';
  }

  /** A port number from a key when it is a valid port, else the fallback. */
  port(key: string, fallback: number): number {
    const n = this.config.int(key, fallback);
    return n >= 1 && n <= 65535 ? n : fallback;
  }

  /**
   * A route for a prefix. A value that already ends in the base domain (`api.${BASE_DOMAIN}`, as
   * many templates write it) is taken as the full host rather than doubled.
   */
  route(value: string, upstream: string, websocket: boolean, origin: Origin): ModelRoute {
    const domain = this.baseDomain;
    let prefix = value;
    let host: string;
    if (value === domain) {
      prefix = '';
      host = domain;
    } else if (value.endsWith(`.${domain}`)) {
      prefix = value.slice(0, -domain.length - 1);
      host = value;
    } else {
      host = `${value}.${domain}`;
    }
    return { route: prefix, host, url: `${this.scheme}://${host}`, upstream, websocket, origin };
  }
}

/**
 * Expands `${KEY}` and `${KEY:-default}` (defaults may nest) in a catalog template. `lookup`
 * returns '' for unset keys, so `:-` and plain references behave alike on empty values.
 */
export function expandTemplate(template: string, lookup: (key: string) => string): string {
  if (template.indexOf('${') === -1) return template;
  return expandRange(template, 0, template.length, lookup);
}

function expandRange(text: string, start: number, end: number, lookup: (key: string) => string): string {
  let out = '';
  let i = start;
  while (i < end) {
    const at = text.indexOf('${', i);
    if (at === -1 || at >= end) break;
    out += text.slice(i, at);
    let j = at + 2;
    while (j < end && isNameChar(text.charCodeAt(j))) j++;
    const name = text.slice(at + 2, j);
    if (text.startsWith(':-', j)) {
      const close = matchingBrace(text, j + 2, end);
      const value = lookup(name);
      out += value !== '' ? value : expandRange(text, j + 2, close, lookup);
      i = close + 1;
    } else {
      out += lookup(name);
      i = text.charCodeAt(j) === 125 /* } */ ? j + 1 : j;
    }
  }
  return out + text.slice(i, end);
}

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/** The offset of the `}` closing a default that starts at `from`, skipping nested `${…}`. */
function matchingBrace(text: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      depth++;
      i++;
    } else if (c === 125) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return end;
}
