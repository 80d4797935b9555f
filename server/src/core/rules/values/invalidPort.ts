import type { EntryLine } from '../../parser/ast';
import type { Rule } from '../types';
import { wholeValue } from '../familyIndex';
import { parseIntStrict } from '../util';
import { entriesEndingWith, entriesWithKey } from '../entryIndex';
import { forLiteralValues } from './typedValue';

/** `*_PORT` and `PORT`: an integer in 1–65535 (`nself config validate` reports anything else as an error). */
export const invalidPort: Rule = {
  code: 'invalid-port',
  title: 'Port that is not a number in 1–65535',
  description: '`PORT` and every `*_PORT` key must be an integer from 1 to 65535; Docker cannot publish anything else.',
  severity: 'error',
  scope: 'file',
  check({ doc, catalog, report }) {
    const check = (entry: EntryLine, value: string) => {
      const spec = catalog.keys.get(entry.key);
      if (spec?.values) return; // an enumeration such as POSTGRES_EXPOSE_PORT=auto|true|false
      const port = parseIntStrict(value);
      if (port !== undefined && port >= 1 && port <= 65535) return;
      report({
        ...wholeValue(entry),
        message:
          port === undefined
            ? `\`${entry.key}\` must be a port number (1–65535); \`${value}\` is not a whole number.`
            : `\`${entry.key}=${port}\` is outside the port range 1–65535.`,
      });
    };
    forLiteralValues(entriesWithKey(doc, 'PORT'), check);
    forLiteralValues(entriesEndingWith(doc, '_PORT'), check);
  },
};
