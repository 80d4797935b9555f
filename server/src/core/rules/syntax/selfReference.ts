import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

/** `KEY=${KEY}:more`: depends on a value set before this line, which the parsers find differently. */
export const selfReference: Rule = {
  code: 'self-reference',
  title: 'Value refers to its own key',
  description:
    'godotenv expands `${KEY}` inside `KEY=` to the value set before (an earlier file or the process environment), nself 0.9 does not expand it at all, and the value therefore depends on which tool reads it.',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report }) {
    for (const entry of docIndex(doc).withReferences) {
      for (const ref of entry.value.references) {
        if (ref.name !== entry.key) continue;
        report({
          start: ref.span.start,
          end: ref.span.end,
          message: `\`${entry.key}\` refers to itself: nself 1.x uses the value set before this line, nself 0.9 keeps \`${doc.text.slice(ref.span.start, ref.span.end)}\` literally. Write the value out.`,
        });
      }
    }
  },
};
