import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

const isBlank = (c: number) => c === 32 || c === 9;

/** godotenv accepts `export KEY=…`; nself 0.9 silently skips the line, and nself-admin misreads the key. */
export const exportPrefix: Rule = {
  code: 'export-prefix',
  title: '`export` before a key',
  description:
    'nself 1.x (godotenv) accepts `export KEY=value`, but nself 0.9 silently skips the whole line and nself-admin reads the key as `export KEY`.',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report, profile }) {
    const text = doc.text;
    for (const entry of docIndex(doc).exported) {
      const span = entry.exportSpan;
      if (!span) continue;
      let end = span.end;
      while (end < entry.keySpan.start && isBlank(text.charCodeAt(end))) end++;
      report({
        start: span.start,
        end: span.end,
        message:
          profile === '0.9'
            ? `nself 0.9 skips \`export ${entry.key}=…\` entirely, so \`${entry.key}\` is not set. Remove \`export\`.`
            : `\`export\` is accepted by nself 1.x, but nself 0.9 skips this line and nself-admin misreads the key. Remove \`export\`.`,
        severity: profile === '0.9' ? 'warning' : 'hint',
        fixes: [{ title: 'Remove `export`', preferred: true, edits: [{ file: doc.path, start: span.start, end, newText: '' }] }],
      });
    }
  },
};
