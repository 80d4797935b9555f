import type { Rule } from '../types';
import { docIndex } from '../entryIndex';

/** A quote that never closes: parsers disagree on where the value ends. */
export const unterminatedQuote: Rule = {
  code: 'unterminated-quote',
  title: 'Unterminated quote',
  description:
    'The value opens a quote that is never closed. A shell reads the following lines into the value, godotenv fails, and nself 0.9 keeps the quote character.',
  severity: 'error',
  scope: 'syntax',
  check({ doc, report }) {
    for (const entry of docIndex(doc).unclosedQuotes) {
      const value = entry.value;
      if (value.closed || value.quote === 'none') continue;
      const q = value.quote === 'double' ? '"' : "'";
      report({
        start: value.span.start,
        end: Math.max(value.span.end, value.span.start + 1),
        message: `The ${value.quote} quote that opens the value of \`${entry.key}\` is never closed; parsers disagree on where the value ends. Add the closing \`${q}\`.`,
        fixes: [{ title: `Close the quote with ${q}`, preferred: true, edits: [{ file: doc.path, start: value.span.end, end: value.span.end, newText: q }] }],
      });
    }
  },
};
