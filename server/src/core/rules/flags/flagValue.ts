import type { Rule } from '../types';
import { replaceValueEdit } from '../edits';
import { entriesEndingWith } from '../entryIndex';

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
  check({ doc, report }) {
    for (const entry of entriesEndingWith(doc, '_ENABLED')) {
      if (entry.value.references.length > 0) continue;
      const value = entry.value.text.trim();
      if (value === '' || value === 'true' || value === 'false') continue;
      const lower = value.toLowerCase();
      const meant = TRUTHY.has(lower) ? 'true' : FALSY.has(lower) ? 'false' : undefined;
      report({
        start: entry.value.span.start,
        end: entry.value.span.end,
        message: meant
          ? `\`${entry.key}=${value}\`: nself only treats the exact string \`true\` as on, so this counts as off. Write \`${meant}\`.`
          : `\`${entry.key}\` must be \`true\` or \`false\`; nself treats \`${value}\` as off.`,
        fixes: meant
          ? [{ title: `Change to ${meant}`, preferred: true, edits: [replaceValueEdit(doc, entry, meant)] }]
          : [
              { title: 'Change to true', edits: [replaceValueEdit(doc, entry, 'true')] },
              { title: 'Change to false', edits: [replaceValueEdit(doc, entry, 'false')] },
            ],
      });
    }
  },
};
