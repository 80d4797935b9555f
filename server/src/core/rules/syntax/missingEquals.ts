import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A line with no `=` is skipped by every nself parser: the setting silently does not exist. */
export const missingEquals: Rule = {
  code: 'missing-equals',
  title: 'Line without `=`',
  description: 'nself skips lines that have no `=`, so the setting on this line is silently ignored.',
  severity: 'error',
  scope: 'syntax',
  check({ doc, report }) {
    for (const line of docIndex(doc).invalidLines) {
      if (line.reason !== 'missing-equals') continue;
      const text = doc.text.slice(line.start, line.end).trim();
      const message = NAME.test(text)
        ? `\`${text}\` has no \`=\`, so nself ignores it: write \`${text}=\` (empty) or \`${text}=value\`.`
        : 'This line is neither a comment nor `KEY=value`, so nself skips it: comment it out with `#` or add `KEY=`.';
      const fixes = [{ title: 'Comment out the line', edits: [{ file: doc.path, start: line.start, end: line.start, newText: '# ' }] }];
      if (NAME.test(text)) {
        const at = doc.text.indexOf(text, line.start) + text.length;
        fixes.unshift({ title: `Make it \`${text}=\``, edits: [{ file: doc.path, start: at, end: at, newText: '=' }] });
      }
      report({ start: line.start, end: line.end, message, fixes });
    }
  },
};
