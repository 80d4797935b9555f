/**
 * Did-you-mean for unknown keys: the known keys within edit distance 2, found through an index so
 * that every unknown key of a 10,000-line file gets its answer (a near miss is a warning, so the
 * answer may not depend on how far down the file a key sits).
 *
 * The index rests on a pigeonhole argument. Cut the key into three pieces; two edits can touch at
 * most two of them, so one piece appears unchanged in any key within distance 2, shifted by at
 * most two places, and so does the piece's start (its first 3 or 4 characters). Looking those
 * starts up among the q-grams of the known keys gives a handful of candidates, and only those
 * are measured. Keys too short to cut (under 9 characters) are compared with every known key of
 * a similar length, as before. The q-gram tables are built once per catalog, on first use.
 */
import { didYouMean } from '../../catalog/classify';
import type { Catalog } from '../../catalog/types';

/** Edits allowed between a key and a suggestion. */
const MAX_DISTANCE = 2;
/** Pieces shorter than this match too many keys to help. */
const MIN_PIECE = 3;

interface SuggestIndex {
  keys: string[];
  byLength: Map<number, string[]>;
  /** q → q-gram → flat pairs of (index in `keys`, offset). Built per q on first use. */
  grams: Map<number, Map<string, number[]>>;
  memo: Map<string, string[]>;
}

const indexes = new WeakMap<Catalog, SuggestIndex>();
/** Answers kept per catalog; a project has a few thousand distinct unknown keys at most. */
const MEMO_LIMIT = 50_000;

function indexOf(catalog: Catalog): SuggestIndex {
  let index = indexes.get(catalog);
  if (!index) {
    const keys = [...catalog.keys.keys()];
    const byLength = new Map<number, string[]>();
    for (const name of keys) {
      const list = byLength.get(name.length);
      if (list) list.push(name);
      else byLength.set(name.length, [name]);
    }
    index = { keys, byLength, grams: new Map(), memo: new Map() };
    indexes.set(catalog, index);
  }
  return index;
}

/** Every substring of length `length` of every known key, with where it starts. */
function gramsOf(index: SuggestIndex, length: number): Map<string, number[]> {
  let map = index.grams.get(length);
  if (!map) {
    map = new Map();
    index.keys.forEach((name, k) => {
      for (let at = 0; at + length <= name.length; at++) {
        const piece = name.slice(at, at + length);
        const list = map!.get(piece);
        if (list) list.push(k, at);
        else map!.set(piece, [k, at]);
      }
    });
    index.grams.set(length, map);
  }
  return map;
}

const NONE: readonly string[] = Object.freeze([]);

/** Known keys that may be within distance 2 of `key`: a superset of the true answers. */
function candidates(index: SuggestIndex, key: string): Iterable<string> {
  const n = key.length;
  const third = Math.floor(n / 3);
  if (third < MIN_PIECE) {
    const out: string[] = [];
    for (let len = n - MAX_DISTANCE; len <= n + MAX_DISTANCE; len++) for (const name of index.byLength.get(len) ?? NONE) out.push(name);
    return out;
  }
  // The start of each piece: 4 characters when every piece has them, else 3.
  const q = third >= 4 ? 4 : 3;
  const grams = gramsOf(index, q);
  let found: Set<string> | undefined;
  for (let piece = 0; piece < 3; piece++) {
    const start = piece * third;
    const postings = grams.get(key.slice(start, start + q));
    if (!postings) continue;
    for (let i = 0; i < postings.length; i += 2) {
      const name = index.keys[postings[i]!]!;
      if (Math.abs(postings[i + 1]! - start) <= MAX_DISTANCE && Math.abs(name.length - n) <= MAX_DISTANCE) (found ??= new Set()).add(name);
    }
  }
  return found ?? NONE;
}

/** Known keys within edit distance 2 of `key`, best first (at most 3), optionally filtered. */
export function suggestKeys(key: string, catalog: Catalog, filter?: (candidate: string) => boolean): string[] {
  const index = indexOf(catalog);
  const memoKey = filter ? `${key}\0f` : key;
  const hit = index.memo.get(memoKey);
  if (hit) return hit;
  let pool = candidates(index, key);
  if (filter) pool = [...pool].filter(filter);
  // Most unknown keys are app settings with no candidate at all: share one empty answer.
  const result = pool === NONE ? (NONE as string[]) : didYouMean(key, pool, MAX_DISTANCE).slice(0, 3);
  if (index.memo.size >= MEMO_LIMIT) index.memo.clear();
  index.memo.set(memoKey, result);
  return result;
}
