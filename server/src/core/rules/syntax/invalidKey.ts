import type { Rule } from '../types';
import { docIndex } from '../entryIndex';
import { renameKeyFix } from '../edits';

const INVALID_CHAR = /[^A-Za-z0-9_]/g;

/**
 * nself 0.9 silently skips a line whose key is not a shell name, `source` fails on it, and no
 * `${}` reference can reach it; the 1.x loader cannot hand it to Docker either.
 */
export const invalidKey: Rule = {
  code: 'invalid-key',
  title: 'Key with characters a shell name cannot have',
  description:
    'Keys must match `[A-Za-z_][A-Za-z0-9_]*`. nself 0.9 silently skips other keys, `source` fails on them and `${}` cannot refer to them.',
  severity: 'error',
  scope: 'syntax',
  check({ doc, report }) {
    for (const entry of docIndex(doc).invalidKeys) {
      let fixed = entry.key.replace(INVALID_CHAR, '_');
      if (/^[0-9]/.test(fixed)) fixed = '_' + fixed;
      const bad = [...new Set(entry.key.match(INVALID_CHAR) ?? [])].map((c) => `\`${c}\``).join(', ');
      const what = bad ? `contains ${bad}` : 'starts with a digit';
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: `The key \`${entry.key}\` ${what}; nself skips it. Use only letters, digits and \`_\` (not first a digit), e.g. \`${fixed}\`.`,
        fixes: [renameKeyFix(doc, entry, fixed)],
      });
    }
  },
};
