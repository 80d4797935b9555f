import type { Rule } from '../types';

const isBlank = (c: number) => c === 32 || c === 9;

/**
 * godotenv trims it, but nself 0.9's `safe_source_env` keeps everything after `=`, so trailing
 * blanks end up in the value (and stop `"…"  ` from being unquoted).
 */
export const trailingWhitespace: Rule = {
  code: 'trailing-whitespace',
  title: 'Trailing whitespace',
  description:
    'Blanks at the end of a line. nself 1.x ignores them; nself 0.9 keeps them in the value (and then does not strip the quotes of a quoted value).',
  severity: 'information',
  scope: 'syntax',
  check({ doc, report, profile }) {
    const text = doc.text;
    for (const line of doc.lines) {
      if (line.kind === 'blank') continue;
      let start = line.end;
      while (start > line.start && isBlank(text.charCodeAt(start - 1))) start--;
      if (start === line.end) continue;
      const inValue = line.kind === 'entry' && !line.comment;
      const harmful = profile === '0.9' && inValue;
      report({
        start,
        end: line.end,
        message: harmful
          ? `Trailing blanks after the value of \`${line.kind === 'entry' ? line.key : ''}\`: nself 0.9 keeps them in the value. Remove them.`
          : 'Trailing whitespace. Remove it.',
        severity: harmful ? 'warning' : undefined,
        fixes: [{ title: 'Remove trailing whitespace', preferred: true, edits: [{ file: doc.path, start, end: line.end, newText: '' }] }],
      });
    }
  },
};
