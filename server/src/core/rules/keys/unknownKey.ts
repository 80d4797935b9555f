import { classifyKey } from '../../catalog/classify';
import type { Fix, Rule } from '../types';
import { invalidKeySet } from '../entryIndex';
import { cascadeDocs } from '../util';
import { allowlistOf } from './allowlist';
import { suggestKeys } from './suggest';
import { renameKeyFix } from '../edits';

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
    const severity = profile === '0.9' ? 'hint' : undefined;
    let budget = SUGGESTION_BUDGET;
    // Runs over every entry of the cascade, so the common case (an app key with no suggestion)
    // allocates only the finding itself.
    for (const doc of cascadeDocs(config)) {
      const invalid = invalidKeySet(doc);
      for (const entry of doc.entries) {
        const key = entry.key;
        // The memoised classification first: `unknown` already excludes `*_ENABLED` flags and
        // nself's user prefixes, so only what ENV_ALLOWLIST declares is left to check.
        if (classifyKey(key, catalog).kind !== 'unknown') continue;
        if (invalid?.has(entry) || allowed.declared(key)) continue;
        const suggestions = budget-- > 0 ? suggestKeys(key.toUpperCase(), catalog) : undefined;
        if (!suggestions?.length) {
          report({
            doc,
            start: entry.keySpan.start,
            end: entry.keySpan.end,
            severity,
            message: `nself does not read \`${key}\` (fine if your own services do: add it to \`ENV_ALLOWLIST\` to say so).`,
          });
          continue;
        }
        const fixes: Fix[] = suggestions.map((s, i) => renameKeyFix(doc, entry, s, i === 0 && suggestions.length === 1));
        report({
          doc,
          start: entry.keySpan.start,
          end: entry.keySpan.end,
          severity,
          message: `nself does not read \`${key}\`. Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?`,
          fixes,
        });
      }
    }
  },
};
