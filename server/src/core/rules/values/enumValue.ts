import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { replaceValueEdit } from '../edits';
import { entriesWithKey } from '../entryIndex';
import { enumKeys, forJudgedValues } from './typedValue';

/** `SEARCH_ENGINE=elastic`, `POSTGRES_EXPOSE_PORT=yes`: a key with a fixed set of values. */
export const enumValue: Rule = {
  code: 'enum-value',
  title: 'Value outside the allowed set',
  description: 'Some keys accept only a few values (e.g. `SEARCH_ENGINE` is `meilisearch` or `typesense`); nself falls back to its default for anything else.',
  severity: 'warning',
  scope: 'file',
  check(context) {
    const { doc, catalog, report } = context;
    for (const key of enumKeys(catalog)) {
      const values = catalog.keys.get(key)!.values!;
      forJudgedValues(context, entriesWithKey(doc, key), (entry, value, expanded) => {
        if (values.includes(value)) return;
        const same = values.find((v) => v.toLowerCase() === value.toLowerCase());
        report({
          ...wholeValue(entry),
          message: `\`${entry.key}\` accepts ${values.map((v) => `\`${v}\``).join(', ')}; ${quoteValue(value, entry)} is none of them.`,
          fixes: same && !expanded ? [{ title: `Change to ${same}`, preferred: true, edits: [replaceValueEdit(doc, entry, same)] }] : undefined,
        });
      });
    }
  },
};
