/** Shared plumbing of the typed-value rules: which entries to look at. */
import type { Catalog } from '../../catalog/types';
import type { EntryLine } from '../../parser/ast';

/**
 * Calls `visit` for each entry whose literal value can be judged: not empty, not built from `${}`.
 * Rules pass only the entries of their keys (see `../entryIndex`), never the whole file.
 */
export function forLiteralValues(entries: readonly EntryLine[], visit: (entry: EntryLine, value: string) => void): void {
  for (const entry of entries) {
    if (entry.value.references.length > 0) continue;
    const value = entry.value.text.trim();
    if (value !== '') visit(entry, value);
  }
}

const enumKeysCache = new WeakMap<Catalog, readonly string[]>();

/** The catalog keys that accept a fixed set of values, computed once per catalog. */
export function enumKeys(catalog: Catalog): readonly string[] {
  let keys = enumKeysCache.get(catalog);
  if (!keys) {
    keys = [...catalog.keys].filter(([, spec]) => spec.values !== undefined).map(([key]) => key);
    enumKeysCache.set(catalog, keys);
  }
  return keys;
}
