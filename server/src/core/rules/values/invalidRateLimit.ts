import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { entriesWithKey } from '../entryIndex';
import { forJudgedValues } from './typedValue';

const RATE = /^\d+(r\/s|r\/m)$/;

/** `AUTH_RATE_LIMIT=100`: nginx needs a unit. */
export const invalidRateLimit: Rule = {
  code: 'invalid-rate-limit',
  title: '`AUTH_RATE_LIMIT` without a unit',
  description: '`AUTH_RATE_LIMIT` is an nginx rate: a number followed by `r/s` or `r/m` (nself 1.x refuses anything else).',
  severity: 'error',
  scope: 'file',
  check(context) {
    const { doc, report } = context;
    forJudgedValues(context, entriesWithKey(doc, 'AUTH_RATE_LIMIT'), (entry, value) => {
      if (RATE.test(value)) return;
      report({ ...wholeValue(entry), message: `\`AUTH_RATE_LIMIT\` must be a number with \`r/s\` or \`r/m\`, e.g. \`10r/s\`; ${quoteValue(value, entry)} is not.` });
    });
  },
};
