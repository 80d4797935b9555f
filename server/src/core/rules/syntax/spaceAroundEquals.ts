import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

const isBlank = (c: number) => c === 32 || c === 9;

/** `KEY = value`: godotenv trims it, but nself 0.9 keeps the space in the value and a shell runs `KEY`. */
export const spaceAroundEquals: Rule = {
  code: 'space-around-equals',
  title: 'Spaces around `=`',
  description:
    'godotenv (nself 1.x) accepts `KEY = value`, but nself 0.9 keeps the leading space in the value and `source` runs `KEY` as a command.',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report, profile }) {
    const text = doc.text;
    for (const entry of docIndex(doc).spacedEquals) {
      if (!entry.spaceAroundEquals) continue;
      let end = entry.equals + 1;
      let i = end;
      while (i < entry.end && isBlank(text.charCodeAt(i))) i++;
      if (i < entry.end && text.charCodeAt(i) !== 35) end = i;
      const consequence =
        profile === '0.9' ? 'nself 0.9 keeps the space in the value and `source` fails on it' : 'a shell that sources the file fails on it';
      report({
        start: entry.keySpan.end,
        end,
        message: `Spaces around \`=\`: ${consequence}. Write \`${entry.key}=…\` with no spaces.`,
        fixes: [{ title: 'Remove the spaces around =', preferred: true, edits: [{ file: doc.path, start: entry.keySpan.end, end, newText: '=' }] }],
      });
    }
  },
};
