import { classifyKey } from '../../catalog/classify';
import type { Fix, Rule } from '../types';
import { forEachEntry } from '../util';
import { allowlistOf } from './allowlist';
import { suggestKeys } from './suggest';

const VALID_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Did-you-mean lookups per check; later unknown keys get no suggestion (keeps huge files fast). */
const SUGGESTION_BUDGET = 500;

/** A key nself does not read: usually an app setting (fine), sometimes a typo. */
export const unknownKey: Rule = {
  code: 'unknown-key',
  title: 'Key nself does not read',
  description:
    'nself 1.x warns about keys outside its known list, its user prefixes (`STRIPE_`, `AUTH_PROVIDER_`, …) and `ENV_ALLOWLIST` (exact names or `PREFIX*`, in any file). Your own services may still read the key; add it to `ENV_ALLOWLIST` to silence this. nself 0.9 has no such check.',
  severity: 'information',
  scope: 'config',
  check({ config, catalog, profile, report }) {
    const allowed = allowlistOf(config, catalog);
    let budget = SUGGESTION_BUDGET;
    forEachEntry(config, (doc, entry) => {
      const key = entry.key;
      if (key.endsWith('_ENABLED') || !VALID_KEY.test(key) || allowed.has(key)) return;
      if (classifyKey(key, catalog).kind !== 'unknown') return;
      const upper = key.toUpperCase();
      const suggestions = budget-- > 0 ? suggestKeys(upper, catalog) : [];
      const fixes: Fix[] = suggestions.map((s, i) => ({
        title: `Rename to ${s}`,
        preferred: i === 0 && suggestions.length === 1,
        edits: [{ file: doc.path, start: entry.keySpan.start, end: entry.keySpan.end, newText: s }],
      }));
      report({
        doc,
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        severity: profile === '0.9' ? 'hint' : undefined,
        message: suggestions.length
          ? `nself does not read \`${key}\`. Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?`
          : `nself does not read \`${key}\` (fine if your own services do: add it to \`ENV_ALLOWLIST\` to say so).`,
        fixes: fixes.length ? fixes : undefined,
      });
    });
  },
};
