import type { Rule } from '../types';
import { eolOf } from '../edits';

/** Line-based readers (`while read` loops, `cat a b`) lose or merge a last line without a newline. */
export const missingFinalNewline: Rule = {
  code: 'missing-final-newline',
  title: 'No newline at the end of the file',
  description:
    'Shell `while read` loops skip a last line that has no newline, and concatenating files glues it to the next file\'s first line.',
  severity: 'information',
  scope: 'syntax',
  check({ doc, report }) {
    if (doc.finalNewline || doc.text.length === 0) return;
    const end = doc.text.length;
    const lastLine = doc.lines[doc.lines.length - 1];
    report({
      start: lastLine ? lastLine.start : end,
      end,
      message: 'The file does not end with a newline: shell `while read` loops skip the last line. Add a newline at the end.',
      fixes: [{ title: 'Add a final newline', preferred: true, edits: [{ file: doc.path, start: end, end, newText: eolOf(doc) }] }],
    });
  },
};
