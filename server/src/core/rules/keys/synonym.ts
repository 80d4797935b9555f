import type { Rule } from '../types';
import { deleteLineEdit } from '../edits';

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
    for (const entry of doc.entries) {
      const synonym = byWrong.get(entry.key);
      if (!synonym) continue;
      const rightIsSet = config.binding(synonym.right) !== undefined || doc.entries.some((e) => e.key === synonym.right);
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: rightIsSet
          ? `${synonym.why} \`${synonym.right}\` is already set, so this line has no effect: remove it.`
          : `${synonym.why} Rename it to \`${synonym.right}\`.`,
        fixes: rightIsSet
          ? [{ title: `Remove ${entry.key}`, edits: [deleteLineEdit(doc, entry)] }]
          : [{ title: `Rename to ${synonym.right}`, preferred: true, edits: [{ file: doc.path, start: entry.keySpan.start, end: entry.keySpan.end, newText: synonym.right }] }],
      });
    }
  },
};
