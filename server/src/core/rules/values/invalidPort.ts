import type { EntryLine } from '../../parser/ast';
import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { parseIntStrict } from '../util';
import { entriesEndingWith, entriesWithKey } from '../entryIndex';
import { forJudgedValues } from './typedValue';

/** `*_PORT` and `PORT`: an integer in 1–65535 (`nself config validate` reports anything else as an error). */
export const invalidPort: Rule = {
  code: 'invalid-port',
  title: 'Port that is not a number in 1–65535',
  description: '`PORT` and every `*_PORT` key must be an integer from 1 to 65535; Docker cannot publish anything else.',
  severity: 'error',
  scope: 'file',
  check(context) {
    const { doc, catalog, report } = context;
    const check = (entry: EntryLine, value: string) => {
      const spec = catalog.keys.get(entry.key);
      if (spec?.values) return; // an enumeration such as POSTGRES_EXPOSE_PORT=auto|true|false
      const port = parseIntStrict(value);
      if (port !== undefined && port >= 1 && port <= 65535) return;
      report({
        ...wholeValue(entry),
        message:
          port === undefined
            ? `\`${entry.key}\` must be a port number (1–65535); ${quoteValue(value, entry)} is not a whole number.`
            : entry.value.references.length ? `\`${entry.key}\` is ${quoteValue(String(port), entry)}, outside the port range 1–65535.` : `\`${entry.key}=${port}\` is outside the port range 1–65535.`,
      });
    };
    forJudgedValues(context, entriesWithKey(doc, 'PORT'), check);
    forJudgedValues(context, entriesEndingWith(doc, '_PORT'), check);
  },
};
