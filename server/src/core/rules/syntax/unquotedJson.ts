import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

/** `KEY={"type":"HS256"}`: nself 0.9's auto-quoter wraps it in `"…"`, which a shell then reads as `{type:HS256}`. */
export const unquotedJson: Rule = {
  code: 'unquoted-json',
  title: 'Unquoted JSON value',
  description:
    'nself 0.9\'s build auto-quoter wraps unquoted JSON in double quotes and `source` then strips the inner quotes (nself bug #25). Single-quote JSON values, as nself itself writes them.',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report, profile }) {
    for (const entry of docIndex(doc).unquoted) {
      const value = entry.value;
      if (value.quote !== 'none') continue;
      const text = value.text;
      const first = text.charCodeAt(0);
      if ((first !== 123 && first !== 91) || !text.includes('"')) continue;
      const canQuote = !text.includes("'") && value.references.length === 0 && text.indexOf('$') === -1;
      report({
        start: value.span.start,
        end: value.span.end,
        message:
          profile === '0.9'
            ? `\`${entry.key}\` holds unquoted JSON: nself 0.9's build rewrites it as \`"${text.slice(0, 12)}…"\` and the shell strips the inner quotes. Wrap it in single quotes.`
            : `\`${entry.key}\` holds unquoted JSON: nself 1.x reads it, but a shell (and nself 0.9) strips its inner quotes. Wrap it in single quotes.`,
        severity: profile === '0.9' ? 'warning' : 'information',
        fixes: canQuote
          ? [{ title: 'Wrap the JSON in single quotes', preferred: true, edits: [{ file: doc.path, start: value.span.start, end: value.span.end, newText: `'${text}'` }] }]
          : undefined,
      });
    }
  },
};
