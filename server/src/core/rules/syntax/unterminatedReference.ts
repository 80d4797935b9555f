import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

/** `${NAME` without `}` or `${}` without a name: a shell stops with "bad substitution". */
export const unterminatedReference: Rule = {
  code: 'unterminated-reference',
  title: 'Unterminated or empty `${`',
  description:
    'A `${` that never closes, or has no variable name, is a "bad substitution" for a shell and is not expanded the way you expect by any nself parser.',
  severity: 'error',
  scope: 'syntax',
  check({ doc, report }) {
    for (const entry of docIndex(doc).withReferences) {
      for (const ref of entry.value.references) {
        if (ref.form !== 'braced') continue;
        if (!ref.closed) {
          report({
            start: ref.span.start,
            end: ref.span.end,
            message: `\`\${${ref.name}\` is never closed with \`}\`: a shell stops with "bad substitution" and nself cannot expand it. Add the \`}\`${ref.name ? '' : ' and a variable name'}.`,
            fixes: ref.name
              ? [{ title: 'Add the closing }', preferred: true, edits: [{ file: doc.path, start: ref.span.end, end: ref.span.end, newText: '}' }] }]
              : undefined,
          });
        } else if (ref.name === '') {
          report({
            start: ref.span.start,
            end: ref.span.end,
            message: '`${…}` has no variable name (names are letters, digits and `_`): a shell stops with "bad substitution". Write `${NAME}`, or `$${` for a literal `$`.',
          });
        }
      }
    }
  },
};
