import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { entriesEndingWith } from '../entryIndex';
import { forJudgedValues } from './typedValue';

const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

/** `ACME_EMAIL=admin`: certificates and mail need a real address. */
export const invalidEmail: Rule = {
  code: 'invalid-email',
  title: 'E-mail address that is not one',
  description: '`*_EMAIL` values must be e-mail addresses (`nself config validate` warns otherwise); Let\'s Encrypt and mail senders reject anything else.',
  severity: 'warning',
  scope: 'file',
  check(context) {
    const { doc, report } = context;
    forJudgedValues(context, entriesEndingWith(doc, '_EMAIL'), (entry, value) => {
      if (EMAIL.test(value)) return;
      report({ ...wholeValue(entry), message: `\`${entry.key}\` should be an e-mail address like \`admin@example.com\`; ${quoteValue(value, entry)} is not.` });
    });
  },
};
