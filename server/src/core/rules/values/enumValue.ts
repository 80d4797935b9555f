import type { Rule } from '../types';
import { wholeValue } from '../familyIndex';
import { replaceValueEdit } from '../edits';
import { literalEntries } from './typedValue';

/** `SEARCH_ENGINE=elastic`, `POSTGRES_EXPOSE_PORT=yes`: a key with a fixed set of values. */
export const enumValue: Rule = {
  code: 'enum-value',
  title: 'Value outside the allowed set',
  description: 'Some keys accept only a few values (e.g. `SEARCH_ENGINE` is `meilisearch` or `typesense`); nself falls back to its default for anything else.',
  severity: 'warning',
  scope: 'file',
  check({ doc, catalog, report }) {
    for (const { entry, value } of literalEntries(doc, (key) => catalog.keys.get(key)?.values !== undefined)) {
      const values = catalog.keys.get(entry.key)!.values!;
      if (values.includes(value)) continue;
      const same = values.find((v) => v.toLowerCase() === value.toLowerCase());
      report({
        ...wholeValue(entry),
        message: `\`${entry.key}\` accepts ${values.map((v) => `\`${v}\``).join(', ')}; \`${value}\` is none of them.`,
        fixes: same ? [{ title: `Change to ${same}`, preferred: true, edits: [replaceValueEdit(doc, entry, same)] }] : undefined,
      });
    }
  },
};
