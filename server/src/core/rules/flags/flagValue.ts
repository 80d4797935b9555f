import type { Rule } from '../types';
import { replaceValueEdit } from '../edits';
import { entriesEndingWith } from '../entryIndex';
import { quoteValue } from '../references/expansion';
import { forJudgedValues } from '../values/typedValue';

const TRUTHY = new Set(['true', 'yes', 'y', '1', 'on', 'enabled', 'enable']);
const FALSY = new Set(['false', 'no', 'n', '0', 'off', 'disabled', 'disable']);

/** nself compares `*_ENABLED` with the string `true`: `TRUE`, `yes` or `1` count as off. */
export const flagValue: Rule = {
  code: 'flag-value',
  title: '`*_ENABLED` value other than `true` or `false`',
  description:
    'nself compares flags with `"true"` exactly, so `TRUE`, `yes`, `1` or `on` switch the service off (nself 0.9 maps them for a few core flags only). Write `true` or `false`.',
  severity: 'warning',
  scope: 'file',
  check(context) {
    const { doc, report } = context;
    forJudgedValues(context, entriesEndingWith(doc, '_ENABLED'), (entry, value, expanded) => {
      if (value === 'true' || value === 'false') return;
      const lower = value.toLowerCase();
      const meant = TRUTHY.has(lower) ? 'true' : FALSY.has(lower) ? 'false' : undefined;
      report({
        start: entry.value.span.start,
        end: entry.value.span.end,
        message: meant
          ? `${expanded ? `\`${entry.key}\` is ${quoteValue(value, entry)}` : `\`${entry.key}=${value}\``}: nself only treats the exact string \`true\` as on, so this counts as off. Write \`${meant}\`.`
          : `\`${entry.key}\` must be \`true\` or \`false\`; nself treats ${quoteValue(value, entry)} as off.`,
        // A fix would replace the reference with a literal: the user decides where the value comes from.
        fixes: expanded
          ? undefined
          : meant
          ? [{ title: `Change to ${meant}`, preferred: true, edits: [replaceValueEdit(doc, entry, meant)] }]
          : [
              { title: 'Change to true', edits: [replaceValueEdit(doc, entry, 'true')] },
              { title: 'Change to false', edits: [replaceValueEdit(doc, entry, 'false')] },
            ],
      });
    });
  },
};
