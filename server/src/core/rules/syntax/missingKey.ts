import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

/** `=value` with nothing before the `=`: no parser can give the value a name. */
export const missingKey: Rule = {
  code: 'missing-key',
  title: 'Value without a key',
  description: 'A line that starts with `=` has no key, so no parser can give its value a name; nself skips it.',
  severity: 'error',
  scope: 'syntax',
  check({ doc, report }) {
    for (const line of docIndex(doc).invalidLines) {
      if (line.reason !== 'missing-key') continue;
      report({
        start: line.start,
        end: line.end,
        message: 'This line has a value but no key before `=`: write `KEY=value`, or comment the line out with `#`.',
        fixes: [{ title: 'Comment out the line', edits: [{ file: doc.path, start: line.start, end: line.start, newText: '# ' }] }],
      });
    }
  },
};
