/**
 * What a key is: a numbered family member, a `*_ENABLED` flag, a known key, a user-prefixed key,
 * or unknown. Called for every key of every open file on each edit, so it does no regex work:
 * prefix checks, a digit scan and map lookups, with per-catalog lookup tables built once and a
 * bounded memo of answers.
 */
import type { Catalog, FamilySpec, KeySpec, SubKeySpec } from './types';

export type KeyClass =
  /** `CS_3` */
  | { kind: 'custom-service'; index: number }
  /** `CS_3_PORT`; `spec` is undefined for a sub-key nself does not know. */
  | { kind: 'custom-service-sub'; index: number; sub: string; spec?: SubKeySpec }
  /** `FRONTEND_APP_2_ROUTE` */
  | { kind: 'frontend-app'; index: number; sub: string; spec?: SubKeySpec }
  /** `REMOTE_SCHEMA_1_URL` */
  | { kind: 'remote-schema'; index: number; sub: string; spec?: SubKeySpec }
  /** `INTERNAL_ROUTE_4_TARGET` */
  | { kind: 'internal-route'; index: number; sub: string; spec?: SubKeySpec }
  /** Any `*_ENABLED` key; `spec` when known, `services` the built-in services it switches on. */
  | { kind: 'flag'; spec?: KeySpec; services: readonly string[] }
  | { kind: 'known'; spec: KeySpec }
  /** Not known, but under a prefix nself leaves to the user (`STRIPE_`, `AUTH_PROVIDER_`…). */
  | { kind: 'user-prefix'; prefix: string }
  | { kind: 'unknown' };

type FamilyKind = 'frontend-app' | 'remote-schema' | 'internal-route';

interface Tables {
  flags: Map<string, string[]>;
  cs: Map<string, SubKeySpec>;
  families: { prefix: string; kind: FamilyKind; subs: Map<string, SubKeySpec> }[];
  memo: Map<string, KeyClass>;
}

const MEMO_LIMIT = 20_000;
const NO_SERVICES: readonly string[] = Object.freeze([]);
const tables = new WeakMap<Catalog, Tables>();

function subMap(family: FamilySpec): Map<string, SubKeySpec> {
  return new Map(family.subKeys.map((s) => [s.name, s]));
}

function tablesOf(catalog: Catalog): Tables {
  let t = tables.get(catalog);
  if (t) return t;
  const flags = new Map<string, string[]>();
  for (const service of catalog.services) {
    for (const flag of [service.enabled.flag, ...(service.enabled.alsoBy ?? [])]) {
      const list = flags.get(flag) ?? [];
      list.push(service.key);
      flags.set(flag, list);
    }
  }
  t = {
    flags,
    cs: subMap(catalog.customServices),
    families: [
      { prefix: catalog.frontendApps.prefix, kind: 'frontend-app', subs: subMap(catalog.frontendApps) },
      { prefix: catalog.remoteSchemas.prefix, kind: 'remote-schema', subs: subMap(catalog.remoteSchemas) },
      { prefix: catalog.internalRoutes.prefix, kind: 'internal-route', subs: subMap(catalog.internalRoutes) },
    ],
    memo: new Map(),
  };
  tables.set(catalog, t);
  return t;
}

/**
 * Reads the decimal number starting at `from`: `[value, end]`, or undefined when there is none
 * or it has a leading zero (`CS_01` is not a key nself ever reads).
 */
function readIndex(key: string, from: number): [number, number] | undefined {
  let i = from;
  let value = 0;
  while (i < key.length) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    i++;
  }
  if (i === from || (key.charCodeAt(from) === 48 && i - from > 1)) return undefined;
  return [value, i];
}

/** The built-in services a `*_ENABLED` flag switches on (`MONITORING_ENABLED` → ten). */
export function flagServices(flag: string, catalog: Catalog): readonly string[] {
  return tablesOf(catalog).flags.get(flag) ?? NO_SERVICES;
}

function classifyUncached(key: string, catalog: Catalog, t: Tables): KeyClass {
  const csPrefix = catalog.customServices.prefix;
  if (key.startsWith(csPrefix)) {
    const n = readIndex(key, csPrefix.length);
    if (n) {
      const [index, end] = n;
      if (end === key.length) return { kind: 'custom-service', index };
      if (key.charCodeAt(end) === 95 /* _ */ && end + 1 < key.length) {
        const sub = key.slice(end + 1);
        return { kind: 'custom-service-sub', index, sub, spec: t.cs.get(sub) };
      }
    }
  }
  for (const f of t.families) {
    if (!key.startsWith(f.prefix)) continue;
    const n = readIndex(key, f.prefix.length);
    if (!n) break;
    const [index, end] = n;
    if (end === key.length) return { kind: f.kind, index, sub: '' };
    if (key.charCodeAt(end) !== 95) break;
    const sub = key.slice(end + 1);
    return { kind: f.kind, index, sub, spec: f.subs.get(sub) };
  }
  const spec = catalog.keys.get(key);
  if (key.endsWith('_ENABLED')) return { kind: 'flag', spec, services: t.flags.get(key) ?? NO_SERVICES };
  if (spec) return { kind: 'known', spec };
  for (const prefix of catalog.userPrefixes) {
    if (key.startsWith(prefix)) return { kind: 'user-prefix', prefix };
  }
  return { kind: 'unknown' };
}

/** Classifies one key against a profile's catalog. Results are shared: do not mutate them. */
export function classifyKey(key: string, catalog: Catalog): KeyClass {
  const t = tablesOf(catalog);
  let result = t.memo.get(key);
  if (result) return result;
  result = classifyUncached(key, catalog, t);
  // Typing creates a new key per keystroke; start over rather than grow without bound.
  if (t.memo.size >= MEMO_LIMIT) t.memo.clear();
  t.memo.set(key, result);
  return result;
}

// Two reusable rows for the Levenshtein table; grown on demand, never shrunk.
let prevRow = new Int32Array(64);
let currRow = new Int32Array(64);

/** Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. */
export function boundedDistance(a: string, b: string, limit: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > limit) return limit + 1;
  if (lb + 1 > prevRow.length) {
    prevRow = new Int32Array(lb + 1);
    currRow = new Int32Array(lb + 1);
  }
  let prev = prevRow;
  let curr = currRow;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    curr[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const swap = prev;
    prev = curr;
    curr = swap;
  }
  return prev[lb]!;
}

/**
 * Candidates within `maxDistance` edits of `word` (Levenshtein), closest first, then
 * alphabetically. The word itself is never suggested. Comparison is case-sensitive: callers pass
 * keys upper-case and template names lower-case.
 */
export function didYouMean(word: string, candidates: Iterable<string>, maxDistance = 2): string[] {
  const hits: { name: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = boundedDistance(word, c, maxDistance);
    if (d <= maxDistance) hits.push({ name: c, d });
  }
  hits.sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return hits.map((h) => h.name);
}
