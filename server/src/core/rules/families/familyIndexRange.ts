import type { Rule } from '../types';
import { familyEntries } from '../entryIndex';
import { memberOf } from './memberOf';

/** `CS_11`, `FRONTEND_APP_21_NAME`: numbers nself's build never reaches. */
export const familyIndexRange: Rule = {
  code: 'family-index',
  title: 'Family number out of range',
  description:
    'nself builds CS_1..CS_10, FRONTEND_APP_1..20, REMOTE_SCHEMA_1..10 and INTERNAL_ROUTE_1..20. Higher numbers (and 0) are ignored by the build; only nself-admin reads CS_N above 10.',
  severity: 'warning',
  scope: 'file',
  check({ doc, catalog, report }) {
    for (const { entry, class: c } of familyEntries(doc, catalog)) {
      const member = memberOf(c, catalog);
      if (!member) continue;
      const { min, max } = member.family;
      if (member.index >= min && member.index <= max) continue;
      const name = `${member.prefix}${member.index}`;
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: `nself reads ${member.prefix}${min} to ${member.prefix}${max}; \`${name}\` is ignored by the build${
          member.prefix === 'CS_' && member.index > max ? ' (only nself-admin loads it)' : ''
        }. Use a free number from ${min} to ${max}.`,
      });
    }
  },
};
