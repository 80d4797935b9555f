import type { Rule } from '../types';
import { quoteValue } from '../references/expansion';
import { wholeValue } from '../familyIndex';
import { replaceValueEdit } from '../edits';
import { entriesWithKey } from '../entryIndex';
import { forJudgedValues } from './typedValue';
import { sanitizeProjectName } from '../../catalog/customService';

const VALID = /^[a-z][a-z0-9-]{0,29}$/;

/** PROJECT_NAME names the compose project, network, containers and database. */
export const invalidProjectName: Rule = {
  code: 'invalid-project-name',
  title: '`PROJECT_NAME` nself will rename',
  description:
    '`PROJECT_NAME` becomes the compose project, network and container prefix. nself rewrites it to lower-case `[a-z0-9-]`, starting with a letter, at most 30 characters (`_` becomes `-`); 0.9 even writes the new name back into your file.',
  severity: 'warning',
  scope: 'file',
  check(context) {
    const { doc, report } = context;
    forJudgedValues(context, entriesWithKey(doc, 'PROJECT_NAME'), (entry, value, expanded) => {
      if (VALID.test(value) && !value.endsWith('-') && !value.includes('--')) return;
      const fixed = sanitizeProjectName(value);
      report({
        ...wholeValue(entry),
        message: `nself turns ${expanded ? `\`PROJECT_NAME\` ${quoteValue(value, entry)}` : `\`PROJECT_NAME=${value}\``} into \`${fixed}\` (lower-case letters, digits and \`-\`, a letter first, at most 30 characters), so containers and the network get that name. Write \`${fixed}\`.`,
        fixes: expanded ? undefined : [{ title: `Change to ${fixed}`, preferred: true, edits: [replaceValueEdit(doc, entry, fixed)] }],
      });
    });
  },
};
