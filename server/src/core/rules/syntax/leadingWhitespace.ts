import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

/** nself 0.9's syntax validator flags indented entries; other tools that grep `^KEY=` miss them. */
export const leadingWhitespace: Rule = {
  code: 'leading-whitespace',
  title: 'Indented entry',
  description:
    'An entry that does not start at the beginning of its line is flagged by nself 0.9 ("Leading whitespace found") and missed by tools that look for `^KEY=` (nself 0.9 reads `ENV` that way).',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report, profile }) {
    for (const entry of docIndex(doc).indented) {
      if (entry.indent === 0) continue;
      report({
        start: entry.start,
        end: entry.start + entry.indent,
        message: `\`${entry.key}\` is indented; nself 0.9 flags it and tools that look for \`^${entry.key}=\` miss it. Start the line with the key.`,
        severity: profile === '0.9' ? 'warning' : 'information',
        fixes: [{ title: 'Remove the indentation', preferred: true, edits: [{ file: doc.path, start: entry.start, end: entry.start + entry.indent, newText: '' }] }],
      });
    }
  },
};
