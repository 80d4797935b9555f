import type { EntryLine } from '../../parser/ast';
import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { entriesEndingWith } from '../entryIndex';
import { forJudgedValues } from './typedValue';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S/;

/** `AUTH_CLIENT_URL=localhost:3000`: a URL without a scheme is read as a path or fails. */
export const invalidUrl: Rule = {
  code: 'invalid-url',
  title: 'URL without a scheme',
  description:
    '`*_URL` / `*_URI` values must start with a scheme such as `https://` or `postgres://` (`nself config validate` warns otherwise). Keys nself does not know are only informed, since apps may use relative URLs.',
  severity: 'warning',
  scope: 'file',
  check(context) {
    const { doc, catalog, report } = context;
    const check = (entry: EntryLine, value: string) => {
      if (SCHEME.test(value)) return;
      const known = catalog.keys.has(entry.key);
      report({
        ...wholeValue(entry),
        severity: known ? undefined : 'information',
        message: `\`${entry.key}\` should be a URL with a scheme, e.g. \`https://${value.replace(/^\/+/, '')}\`; ${quoteValue(value, entry)} has none.`,
      });
    };
    forJudgedValues(context, entriesEndingWith(doc, '_URL'), check);
    forJudgedValues(context, entriesEndingWith(doc, '_URI'), check);
  },
};
