import type { Rule } from '../types';
import { deleteLineEdit } from '../edits';
import { docIndex } from '../entryIndex';

/** Every parser nself uses keeps the last of two definitions; the first one is dead text. */
export const duplicateKey: Rule = {
  code: 'duplicate-key',
  title: 'Key defined twice in one file',
  description: 'The last definition wins in every nself parser, so the earlier one is ignored and misleads readers.',
  severity: 'warning',
  scope: 'file',
  check({ doc, report }) {
    const { last, shadowed } = docIndex(doc);
    for (const entry of shadowed) {
      const winner = last.get(entry.key)!;
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: `\`${entry.key}\` is set again on line ${winner.line + 1}, which wins; this definition is ignored.`,
        tags: ['unnecessary'],
        related: [{ file: doc.path, start: winner.keySpan.start, end: winner.keySpan.end, message: 'the definition that wins' }],
        fixes: [{ title: `Remove the ignored definition of ${entry.key}`, edits: [deleteLineEdit(doc, entry)] }],
      });
    }
  },
};
