import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { entriesWithKey } from '../entryIndex';
import { forJudgedValues } from './typedValue';

const SIZE = /^\d+[KMGkmg]?$/;

/** `NGINX_CLIENT_MAX_BODY_SIZE=100MB`: nginx sizes take one letter. */
export const invalidBodySize: Rule = {
  code: 'invalid-body-size',
  title: '`NGINX_CLIENT_MAX_BODY_SIZE` in a format nginx rejects',
  description: '`NGINX_CLIENT_MAX_BODY_SIZE` is an nginx size: a number with an optional `k`, `m` or `g` (`100m`, not `100MB`); nself 1.x refuses other values.',
  severity: 'error',
  scope: 'file',
  check(context) {
    const { doc, report } = context;
    forJudgedValues(context, entriesWithKey(doc, 'NGINX_CLIENT_MAX_BODY_SIZE'), (entry, value, expanded) => {
      if (SIZE.test(value)) return;
      const fixed = expanded ? null : /^(\d+)\s*([KMGkmg])[Bb]$/.exec(value);
      report({
        ...wholeValue(entry),
        message: `\`NGINX_CLIENT_MAX_BODY_SIZE\` must be a number with an optional k, m or g, e.g. \`100m\`; ${quoteValue(value, entry)} is not.`,
        fixes: fixed
          ? [{ title: `Change to ${fixed[1]}${fixed[2].toLowerCase()}`, preferred: true, edits: [{ file: doc.path, start: entry.value.contentSpan.start, end: entry.value.contentSpan.end, newText: fixed[1] + fixed[2].toLowerCase() }] }]
          : undefined,
      });
    });
  },
};
