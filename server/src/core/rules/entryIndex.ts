/**
 * Indexes of the entries of one document and of one effective config, built once and shared by
 * every rule.
 *
 * Sixty rules each walking all entries of a 10,000-line file cost more than the parse; most rules
 * care about a handful of keys (`*_PORT`, `BASE_DOMAIN`, the `CS_N` family, entries with `${}`).
 * These indexes let a rule visit only those. They are cached in `WeakMap`s keyed by the parsed
 * document or config, which are immutable and replaced on every edit, so a cache entry lives
 * exactly as long as the object it describes. Lists keep file (or cascade) order, so rules
 * report in the same order as when they walked every entry.
 */
import { classifyKey, type KeyClass } from '../catalog/classify';
import type { Catalog } from '../catalog/types';
import type { EntryLine, InvalidLine } from '../parser/ast';
import { keyIndex } from '../parser/keyIndex';
import type { EnvDocument } from '../parser/parse';
import type { EffectiveConfig } from '../project/types';

/** A numbered family member (`CS_N`, `CS_N_*`, `FRONTEND_APP_N_*`, …) with its classification. */
export interface FamilyEntry {
  entry: EntryLine;
  class: Extract<KeyClass, { index: number }>;
}

/** Facts about the entries of one document, computed in one pass. */
export interface DocIndex {
  /** The last entry of each key: the one that wins within the file. */
  readonly last: ReadonlyMap<string, EntryLine>;
  /** Entries a later entry of the same key overrides, in file order. */
  readonly shadowed: readonly EntryLine[];
  /** Entries whose value has at least one `${}` / `$NAME` reference. */
  readonly withReferences: readonly EntryLine[];
  /** Entries whose key is not a shell name (`[A-Za-z_][A-Za-z0-9_]*`). */
  readonly invalidKeys: readonly EntryLine[];
  /** Entries with a valid key that has lower-case letters. */
  readonly lowercaseKeys: readonly EntryLine[];
  /** Entries whose key starts with C, F, R or I: the only ones that can belong to a numbered family. */
  readonly familyCandidates: readonly EntryLine[];
  /** Lines without `=` or without a key. */
  readonly invalidLines: readonly InvalidLine[];
  // Entries by shape, for the syntax rules (each list is usually empty or short).
  /** Entries written `export KEY=…`. */
  readonly exported: readonly EntryLine[];
  /** Entries indented by blanks. */
  readonly indented: readonly EntryLine[];
  /** Entries with blanks around `=`. */
  readonly spacedEquals: readonly EntryLine[];
  /** Entries with an inline `# comment`. */
  readonly commented: readonly EntryLine[];
  /** Entries with text after the closing quote. */
  readonly trailing: readonly EntryLine[];
  /** Entries whose value opens a quote that never closes. */
  readonly unclosedQuotes: readonly EntryLine[];
  /** Entries whose value is not quoted and not empty. */
  readonly unquoted: readonly EntryLine[];
  /** Entries by the last character of their key, for `A`–`Z` (index 0–25): narrows suffix lookups. */
  readonly byLastLetter: readonly (readonly EntryLine[] | undefined)[];
}

interface DocCache {
  index: DocIndex;
  bySuffix: Map<string, readonly EntryLine[]>;
  families: WeakMap<Catalog, readonly FamilyEntry[]>;
  invalidKeySet?: ReadonlySet<EntryLine>;
}

const docCache = new WeakMap<EnvDocument, DocCache>();
const NONE: readonly never[] = Object.freeze([]);

function cacheOf(doc: EnvDocument): DocCache {
  let cached = docCache.get(doc);
  if (!cached) docCache.set(doc, (cached = { index: buildDocIndex(doc), bySuffix: new Map(), families: new WeakMap() }));
  return cached;
}

/** The index of a document, computed once per parsed document. */
export function docIndex(doc: EnvDocument): DocIndex {
  return cacheOf(doc).index;
}

function buildDocIndex(doc: EnvDocument): DocIndex {
  // Shared with the effective configs of every environment the document takes part in.
  const { last, repeated } = keyIndex(doc);
  const withReferences: EntryLine[] = [];
  const invalidKeys: EntryLine[] = [];
  const lowercaseKeys: EntryLine[] = [];
  const familyCandidates: EntryLine[] = [];
  const exported: EntryLine[] = [];
  const indented: EntryLine[] = [];
  const spacedEquals: EntryLine[] = [];
  const commented: EntryLine[] = [];
  const trailing: EntryLine[] = [];
  const unclosedQuotes: EntryLine[] = [];
  const unquoted: EntryLine[] = [];
  const byLastLetter: EntryLine[][] = [];
  for (const entry of doc.entries) {
    const key = entry.key;
    const letter = key.charCodeAt(key.length - 1) - 65;
    if (letter >= 0 && letter < 26) (byLastLetter[letter] ??= []).push(entry);
    const value = entry.value;
    if (value.references.length > 0) withReferences.push(entry);
    if (value.quote === 'none') {
      if (value.text !== '') unquoted.push(entry);
    } else if (!value.closed) {
      unclosedQuotes.push(entry);
    }
    if (entry.exportSpan) exported.push(entry);
    if (entry.indent !== 0) indented.push(entry);
    if (entry.spaceAroundEquals) spacedEquals.push(entry);
    if (entry.comment) commented.push(entry);
    if (entry.trailing) trailing.push(entry);
    const shape = keyShape(key);
    if (shape === INVALID) invalidKeys.push(entry);
    else if (shape === LOWER) lowercaseKeys.push(entry);
    const first = key.charCodeAt(0);
    if (first === 67 || first === 70 || first === 82 || first === 73) familyCandidates.push(entry); // C F R I
  }
  const shadowed = repeated ? doc.entries.filter((entry) => last.get(entry.key) !== entry) : NONE;
  const invalidLines: InvalidLine[] = [];
  for (const line of doc.lines) if (line.kind === 'invalid') invalidLines.push(line);
  return {
    last,
    shadowed,
    withReferences,
    invalidKeys,
    lowercaseKeys,
    familyCandidates,
    invalidLines,
    exported,
    indented,
    spacedEquals,
    commented,
    trailing,
    unclosedQuotes,
    unquoted,
    byLastLetter,
  };
}

const UPPER = 0;
const LOWER = 1;
const INVALID = 2;

/** Whether a key is a valid shell name, and if so whether it has lower-case letters; no regex. */
function keyShape(key: string): number {
  if (key.length === 0) return INVALID;
  let lower = false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (!((c >= 65 && c <= 90) || c === 95 || (i > 0 && c >= 48 && c <= 57))) return INVALID;
  }
  return lower ? LOWER : UPPER;
}

/** The entries whose key is not a shell name, as a set; undefined when every key is valid. */
export function invalidKeySet(doc: EnvDocument): ReadonlySet<EntryLine> | undefined {
  const cache = cacheOf(doc);
  if (cache.index.invalidKeys.length === 0) return undefined;
  return (cache.invalidKeySet ??= new Set(cache.index.invalidKeys));
}

/** Every entry of `key` in the document, in file order. */
export function entriesWithKey(doc: EnvDocument, key: string): readonly EntryLine[] {
  const index = docIndex(doc);
  const winner = index.last.get(key);
  if (!winner) return NONE;
  if (index.shadowed.length === 0) return [winner];
  return [...index.shadowed.filter((entry) => entry.key === key), winner];
}

/** The entries whose key ends with `suffix` (e.g. `_PORT`; not empty), in file order; cached per suffix. */
export function entriesEndingWith(doc: EnvDocument, suffix: string): readonly EntryLine[] {
  const cache = cacheOf(doc);
  let list = cache.bySuffix.get(suffix);
  if (!list) {
    const found: EntryLine[] = [];
    const letter = suffix.charCodeAt(suffix.length - 1) - 65;
    const candidates = letter >= 0 && letter < 26 ? cache.index.byLastLetter[letter] ?? NONE : doc.entries;
    for (const entry of candidates) if (entry.key.endsWith(suffix)) found.push(entry);
    cache.bySuffix.set(suffix, (list = found.length ? found : NONE));
  }
  return list;
}

/** The numbered family members of a document, classified against `catalog`, in file order. */
export function familyEntries(doc: EnvDocument, catalog: Catalog): readonly FamilyEntry[] {
  const cache = cacheOf(doc);
  let list = cache.families.get(catalog);
  if (!list) {
    const found: FamilyEntry[] = [];
    for (const entry of cache.index.familyCandidates) {
      const c = classifyKey(entry.key, catalog);
      if (c.kind === 'custom-service' || c.kind === 'custom-service-sub' || c.kind === 'frontend-app' || c.kind === 'remote-schema' || c.kind === 'internal-route') {
        found.push({ entry, class: c });
      }
    }
    cache.families.set(catalog, (list = found));
  }
  return list;
}

/** Facts about the cascade of an effective config. */
export interface ConfigIndex {
  /** Each document of the cascade once, earliest first. */
  readonly docs: readonly EnvDocument[];
  /**
   * The entry that defines `key` in the merged config, found without expanding its value (unlike
   * `config.binding`, which expands `${}` and so costs more than a lookup).
   */
  winningEntry(key: string): EntryLine | undefined;
}

const configCache = new WeakMap<EffectiveConfig, ConfigIndex>();

/** The index of a config, computed once per config. */
export function configIndex(config: EffectiveConfig): ConfigIndex {
  let index = configCache.get(config);
  if (index) return index;
  const seen = new Set<EnvDocument>();
  const docs: EnvDocument[] = [];
  // The merge lets later layers win, so look a key up from the last layer back.
  const lastFirst: ReadonlyMap<string, EntryLine>[] = [];
  for (const layer of config.layers) {
    if (!layer.doc) continue;
    lastFirst.unshift(docIndex(layer.doc).last);
    if (!seen.has(layer.doc)) {
      seen.add(layer.doc);
      docs.push(layer.doc);
    }
  }
  const winningEntry = (key: string): EntryLine | undefined => {
    for (const last of lastFirst) {
      const entry = last.get(key);
      if (entry) return entry;
    }
    return undefined;
  };
  configCache.set(config, (index = { docs, winningEntry }));
  return index;
}
