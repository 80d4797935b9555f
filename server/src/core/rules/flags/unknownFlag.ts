import { classifyKey } from '../../catalog/classify';
import type { Fix, Rule } from '../types';
import { entriesEndingWith } from '../entryIndex';
import { allowlistOf } from '../keys/allowlist';
import { suggestKeys } from '../keys/suggest';
import { cascadeDocs } from '../util';
import { renameKeyFix } from '../edits';

const isFlag = (key: string) => key.endsWith('_ENABLED');

/** `REDDIS_ENABLED=true`: a flag no service listens to, so nothing is switched on. */
export const unknownFlag: Rule = {
  code: 'unknown-flag',
  title: 'Unknown `*_ENABLED` flag',
  description:
    'A `*_ENABLED` key that no nself service reads switches nothing on. Often a typo (`REDDIS_ENABLED`); otherwise an app flag, which `ENV_ALLOWLIST` can declare.',
  severity: 'information',
  scope: 'config',
  check({ config, catalog, profile, report }) {
    const allowed = allowlistOf(config, catalog);
    for (const doc of cascadeDocs(config)) {
      for (const entry of entriesEndingWith(doc, '_ENABLED')) {
        const key = entry.key;
        if (allowed.has(key)) continue;
        const c = classifyKey(key, catalog);
        if (c.kind !== 'flag' || c.spec) continue;
        const suggestions = suggestKeys(key.toUpperCase(), catalog, isFlag);
        const fixes: Fix[] = suggestions.map((s, i) => renameKeyFix(doc, entry, s, i === 0 && suggestions.length === 1));
        report({
          doc,
          start: entry.keySpan.start,
          end: entry.keySpan.end,
          severity: suggestions.length ? 'warning' : profile === '0.9' ? 'hint' : undefined,
          message: suggestions.length
            ? `No nself service reads \`${key}\`, so it switches nothing on. Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?`
            : `No nself service reads \`${key}\` (fine if your own code does: add it to \`ENV_ALLOWLIST\`).`,
          fixes: fixes.length ? fixes : undefined,
        });
      }
    }
  },
};
