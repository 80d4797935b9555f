import type { Rule } from '../types';
import { docIndex } from '../entryIndex';
import { renameKeyFix } from '../edits';

/** nself's build validators and auto-quoter only look at `^[A-Z_][A-Z0-9_]*=` lines. */
export const lowercaseKey: Rule = {
  code: 'lowercase-key',
  title: 'Key with lowercase letters',
  description:
    'The key is loaded, but nself\'s build validators and its quote auto-fixer only handle upper-case keys, and nself never reads a lower-case name.',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report }) {
    for (const entry of docIndex(doc).lowercaseKeys) {
      const upper = entry.key.toUpperCase();
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: `\`${entry.key}\` has lowercase letters: nself's build checks and quote fixer skip it and no nself setting is spelled this way. Write \`${upper}\`.`,
        fixes: [renameKeyFix(doc, entry, upper)],
      });
    }
  },
};
