import * as path from 'path';
import type { Rule } from '../types';

/** `.env.secrets` readable by other users of the machine (nself creates it with mode 600). */
export const secretsFilePermissions: Rule = {
  code: 'secrets-file-permissions',
  title: '`.env.secrets` readable by others',
  description: '`.env.secrets` should be readable by its owner only (mode 600, as `nself` creates it); other accounts on the machine can read it otherwise.',
  severity: 'warning',
  scope: 'file',
  check({ doc, project, report }) {
    if (path.basename(doc.path) !== '.env.secrets' || !project?.host.mode) return;
    const mode = project.host.mode(doc.path);
    if (mode === undefined || (mode & 0o077) === 0) return;
    const first = doc.lines[0];
    report({
      start: 0,
      end: first ? first.end : 0,
      message: `\`.env.secrets\` has mode ${(mode & 0o777).toString(8).padStart(3, '0')}: other users can read it. Run \`chmod 600 ${path.relative(project.root, doc.path) || '.env.secrets'}\`.`,
    });
  },
};
