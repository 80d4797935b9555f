import type { Rule } from '../types';
import { docIndex } from '../entryIndex';
import { isSecretKey, maskValue } from '../../secrets';

/** Characters whose meaning changes when the quote kind changes. */
const QUOTE_SPECIAL = /[\\$`]/;

/** `KEY="a"b` or `KEY="{"k":"v"}"`: usually inner quotes that should have been escaped. */
export const textAfterQuote: Rule = {
  code: 'text-after-quote',
  title: 'Text after the closing quote',
  description:
    'Text follows the closing quote of a value. A shell glues it onto the value, godotenv (nself 1.x) does not accept it; most often the value contains an unescaped quote.',
  severity: 'error',
  scope: 'syntax',
  check({ doc, report }) {
    for (const entry of docIndex(doc).trailing) {
      const trailing = entry.trailing;
      if (!trailing) continue;
      const value = entry.value;
      const inner = value.quote === 'double' ? '"' : "'";
      const other = value.quote === 'double' ? "'" : '"';
      // `"{"k":"v"}"`: the value really runs from the first quote to the last one, which ends the
      // trailing text. Only then is re-quoting a safe guess at what the user meant.
      const whole = doc.text.slice(value.span.start + 1, trailing.end - 1);
      const endsWithQuote = doc.text.charAt(trailing.end - 1) === inner;
      const canSwap = endsWithQuote && whole.indexOf(other) === -1 && !whole.includes('\n') && !QUOTE_SPECIAL.test(whole);
      // The trailing text is part of the value: for a secret it is part of the secret.
      const text = doc.text.slice(trailing.start, trailing.end);
      report({
        start: trailing.start,
        end: trailing.end,
        message: `\`${isSecretKey(entry.key) ? maskValue(text) : text}\` follows the closing quote of \`${entry.key}\`: parsers disagree on it. If the value contains \`${inner}\`, ${
          canSwap ? `quote it with \`${other}\` instead` : `escape it`
        }; a comment needs \` #\` before it.`,
        fixes: canSwap
          ? [{ title: `Quote the whole value with ${other}`, edits: [{ file: doc.path, start: value.span.start, end: trailing.end, newText: other + whole + other }] }]
          : undefined,
      });
    }
  },
};
