import type { Rule } from '../types';
import { docIndex } from '../entryIndex';
import { quoteValueEdit } from '../edits';

/** `KEY=two words`: a shell runs `words` as a command, and nself 0.9's build rewrites the line. */
export const unquotedSpace: Rule = {
  code: 'unquoted-space',
  title: 'Unquoted value with spaces',
  description:
    'godotenv reads `KEY=two words` fine, but `source` runs `words` as a command and nself 0.9\'s build auto-quoter rewrites the file. Quote the value.',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report, profile }) {
    for (const entry of docIndex(doc).unquoted) {
      const value = entry.value;
      if (value.text.indexOf(' ') === -1 && value.text.indexOf('\t') === -1) continue;
      const edit = quoteValueEdit(doc, entry);
      report({
        start: value.span.start,
        end: value.span.end,
        message:
          profile === '0.9'
            ? `The value of \`${entry.key}\` has spaces but no quotes: nself 0.9's build rewrites the line and \`source\` runs the second word as a command. Quote the value.`
            : `The value of \`${entry.key}\` has spaces but no quotes: nself 1.x reads it, but a shell that sources the file runs the second word as a command. Quote the value.`,
        severity: profile === '0.9' ? 'warning' : 'information',
        fixes: edit ? [{ title: 'Quote the value', preferred: true, edits: [edit] }] : undefined,
      });
    }
  },
};
