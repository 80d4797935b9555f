import type { Rule } from '../types';

/** A line with no `=` is skipped by every nself parser: the setting silently does not exist. */
export const missingEquals: Rule = {
  code: 'missing-equals',
  title: 'Line without `=`',
  description: 'nself skips lines that have no `=`, so the setting on this line is silently ignored.',
  severity: 'error',
  scope: 'syntax',
  check({ doc, report }) {
    for (const line of doc.lines) {
      if (line.kind !== 'invalid') continue;
      const text = doc.text.slice(line.start, line.end).trim();
      const message =
        line.reason === 'missing-key'
          ? 'This line has a value but no key before `=`.'
          : /^[A-Za-z_][A-Za-z0-9_]*$/.test(text)
            ? `\`${text}\` has no \`=\`: write \`${text}=\` (empty) or \`${text}=value\`.`
            : 'This line is neither a comment nor `KEY=value`; nself skips it. Comment it out with `#` or add `=`.';
      const fixes =
        line.reason === 'missing-equals'
          ? [{ title: 'Comment out the line', edits: [{ file: doc.path, start: line.start, end: line.start, newText: '# ' }] }]
          : undefined;
      report({ start: line.start, end: line.end, message, fixes });
    }
  },
};
