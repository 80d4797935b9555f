/**
 * The entries of one document by key, built once per parsed document and shared by everything
 * that looks keys up: each environment's effective config (a big `.env.local` is in all of them)
 * and the rules' indexes. Parsed documents are immutable and replaced on every edit, so the
 * cache lives exactly as long as the document.
 */
import type { EntryLine } from './ast';
import type { EnvDocument } from './parse';

export interface KeyIndex {
  /** The last entry of each key (the one that wins within the file), in order of first appearance. */
  readonly last: ReadonlyMap<string, EntryLine>;
  /** Every entry of the keys set more than once, in file order; undefined when no key repeats. */
  readonly repeated: ReadonlyMap<string, readonly EntryLine[]> | undefined;
}

const cache = new WeakMap<EnvDocument, KeyIndex>();

/** The key index of a document, computed on first use. */
export function keyIndex(doc: EnvDocument): KeyIndex {
  let index = cache.get(doc);
  if (!index) {
    const last = new Map<string, EntryLine>();
    let repeated: Map<string, EntryLine[]> | undefined;
    for (const entry of doc.entries) {
      const before = last.get(entry.key);
      if (before) {
        repeated ??= new Map();
        const list = repeated.get(entry.key);
        if (list) list.push(entry);
        else repeated.set(entry.key, [before, entry]);
      }
      last.set(entry.key, entry);
    }
    cache.set(doc, (index = { last, repeated }));
  }
  return index;
}

/** Every entry of `key` in the document, in file order (usually one, or none). */
export function entriesOfKey(doc: EnvDocument, key: string): readonly EntryLine[] {
  const index = keyIndex(doc);
  const many = index.repeated?.get(key);
  if (many) return many;
  const one = index.last.get(key);
  return one ? [one] : [];
}
