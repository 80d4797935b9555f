import * as assert from 'assert';
import { getCatalog } from '../../../server/src/core/catalog';
import { didYouMean } from '../../../server/src/core/catalog/classify';
import type { Profile } from '../../../server/src/core/catalog/types';
import { suggestKeys } from '../../../server/src/core/rules/keys/suggest';

/** A small seeded generator, so a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789';

/** `key` with `edits` random insertions, deletions or substitutions. */
function mutate(key: string, edits: number, next: () => number): string {
  let out = key;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const c = ALPHABET[Math.floor(next() * ALPHABET.length)];
    const op = Math.floor(next() * 3);
    if (op === 0) out = out.slice(0, at) + c + out.slice(at);
    else if (op === 1 && out.length > 1) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + c + out.slice(at + 1);
  }
  return out;
}

describe('rules: did-you-mean for keys', () => {
  for (const profile of ['1.x', '0.9'] as Profile[]) {
    it(`the index finds exactly what comparing with every known key finds (${profile})`, () => {
      const catalog = getCatalog(profile);
      const known = [...catalog.keys.keys()];
      const next = random(profile === '1.x' ? 12 : 9);
      const queries = new Set<string>();
      for (const key of known) for (const edits of [1, 2, 3]) queries.add(mutate(key, edits, next));
      for (let i = 0; i < 500; i++) queries.add(Array.from({ length: 3 + Math.floor(next() * 25) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join(''));
      let near = 0;
      for (const query of queries) {
        const everyKey = didYouMean(query, known.filter((k) => Math.abs(k.length - query.length) <= 2), 2).slice(0, 3);
        assert.deepStrictEqual(suggestKeys(query, catalog), everyKey, query);
        const flags = didYouMean(query, known.filter((k) => k.endsWith('_ENABLED') && Math.abs(k.length - query.length) <= 2), 2).slice(0, 3);
        assert.deepStrictEqual(suggestKeys(query, catalog, (k) => k.endsWith('_ENABLED')), flags, query);
        if (everyKey.length) near++;
      }
      // The cases must include near misses, or the comparison proves nothing.
      assert.ok(near > known.length, `${near} near misses among ${queries.size} queries`);
    });
  }
});
