import type { EntryLine } from '../../parser/ast';
import type { Rule } from '../types';
import { deleteLineEdit, renameKeyFix } from '../edits';
import { docIndex, entriesWithKey } from '../entryIndex';

/** `HASURA_DEV_MODE` vs `HASURA_GRAPHQL_DEV_MODE` and friends: the key written is not the one read. */
export const synonym: Rule = {
  code: 'synonym',
  title: 'Key the CLI reads under another name',
  description:
    'Some settings have two spellings and each CLI version reads only one (e.g. 1.x reads HASURA_GRAPHQL_DEV_MODE, 0.9 reads HASURA_DEV_MODE). The quick fix renames the key to the one the selected profile reads.',
  severity: 'warning',
  scope: 'file',
  check({ doc, catalog, config, report }) {
    if (catalog.synonyms.length === 0) return;
    const byWrong = new Map(catalog.synonyms.map((s) => [s.wrong, s]));
    const found: EntryLine[] = [];
    for (const wrong of byWrong.keys()) for (const entry of entriesWithKey(doc, wrong)) found.push(entry);
    // File order, as `config.binding` expands values and expansion order decides how cycles read.
    found.sort((a, b) => a.start - b.start);
    for (const entry of found) {
      const synonym = byWrong.get(entry.key)!;
      const rightIsSet = config.binding(synonym.right) !== undefined || docIndex(doc).last.has(synonym.right);
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: rightIsSet
          ? `${synonym.why} \`${synonym.right}\` is already set, so this line has no effect: remove it.`
          : `${synonym.why} Rename it to \`${synonym.right}\`.`,
        fixes: rightIsSet
          ? [{ title: `Remove ${entry.key}`, edits: [deleteLineEdit(doc, entry)] }]
          : [renameKeyFix(doc, entry, synonym.right, true)],
      });
    }
  },
};
