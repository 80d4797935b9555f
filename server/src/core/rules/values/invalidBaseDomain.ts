import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { replaceValueEdit } from '../edits';
import { entriesWithKey } from '../entryIndex';
import { forJudgedValues } from './typedValue';

const HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;

/** True when this rule reports a literal `BASE_DOMAIN` value (`unsafe-value` then stays quiet). */
export const BASE_DOMAIN_RULE_FIRES = (value: string): boolean => !(HOSTNAME.test(value.trim()) && !value.includes('..'));

/** `BASE_DOMAIN=https://example.com/`: every route is `<route>.<BASE_DOMAIN>`, so it must be a bare host name. */
export const invalidBaseDomain: Rule = {
  code: 'invalid-base-domain',
  title: '`BASE_DOMAIN` that is not a host name',
  description: '`BASE_DOMAIN` must be a bare host name (`example.com`, `local.nself.org`, `localhost`): nself 1.x refuses anything else, and every route is built as `<route>.<BASE_DOMAIN>`.',
  severity: 'error',
  scope: 'file',
  check(context) {
    const { doc, report } = context;
    forJudgedValues(context, entriesWithKey(doc, 'BASE_DOMAIN'), (entry, value, expanded) => {
      if (!BASE_DOMAIN_RULE_FIRES(value)) return;
      const bare = value.replace(/^[a-z]+:\/\//i, '').replace(/[/:].*$/, '').replace(/\.$/, '');
      const fixable = !expanded && bare !== value && HOSTNAME.test(bare);
      report({
        ...wholeValue(entry),
        message: `\`BASE_DOMAIN\` must be a bare host name${fixable ? ` such as \`${bare}\`` : ''}; ${quoteValue(value, entry)} is not (no scheme, path, port or spaces).`,
        fixes: fixable ? [{ title: `Change to ${bare}`, preferred: true, edits: [replaceValueEdit(doc, entry, bare)] }] : undefined,
      });
    });
  },
};
