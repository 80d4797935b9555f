/**
 * Did-you-mean for unknown keys, memoised per catalog. Suggestions are limited per check so a
 * 10,000-key file of unknown names stays fast; the rest are reported without a suggestion.
 */
import { didYouMean } from '../../catalog/classify';
import type { Catalog } from '../../catalog/types';

const memo = new WeakMap<Catalog, Map<string, string[]>>();
const byLength = new WeakMap<Catalog, Map<number, string[]>>();

/** Known keys within edit distance 2 of `key`, best first (at most 3), optionally filtered. */
export function suggestKeys(key: string, catalog: Catalog, filter?: (candidate: string) => boolean): string[] {
  let cache = memo.get(catalog);
  if (!cache) memo.set(catalog, (cache = new Map()));
  const memoKey = filter ? `${key}\0f` : key;
  const hit = cache.get(memoKey);
  if (hit) return hit;
  let lengths = byLength.get(catalog);
  if (!lengths) {
    lengths = new Map();
    for (const name of catalog.keys.keys()) {
      const list = lengths.get(name.length) ?? [];
      list.push(name);
      lengths.set(name.length, list);
    }
    byLength.set(catalog, lengths);
  }
  const candidates: string[] = [];
  for (let len = key.length - 2; len <= key.length + 2; len++) {
    for (const name of lengths.get(len) ?? []) if (!filter || filter(name)) candidates.push(name);
  }
  const result = didYouMean(key, candidates, 2).slice(0, 3);
  if (cache.size > 5000) cache.clear();
  cache.set(memoKey, result);
  return result;
}
