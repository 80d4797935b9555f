import type { Rule } from '../types';
import { insertLineAfter } from '../edits';
import { familyIndex } from '../familyIndex';
import { frontendApps } from './apps';

/** An app without a port gets 3000+N-1; saying so makes the port visible and the clash checks obvious. */
export const frontendMissingPort: Rule = {
  code: 'frontend-missing-port',
  title: 'Frontend app without a port',
  description: 'A frontend app with no `FRONTEND_APP_N_PORT` gets port 3000+N-1, which nginx proxies to. Writing it down makes the port explicit and easy to change.',
  severity: 'information',
  scope: 'config',
  check({ config, catalog, report }) {
    const groups = familyIndex(config, catalog).frontendApps;
    for (const app of frontendApps(config, catalog)) {
      if (groups.get(app.index)?.subs.has('PORT')) continue;
      const { doc, entry } = app.declared;
      const line = `FRONTEND_APP_${app.index}_PORT=${app.port}`;
      report({
        doc,
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: `Frontend app ${app.index} (\`${app.name}\`) has no \`FRONTEND_APP_${app.index}_PORT\`, so nginx proxies to port ${app.port}. Add \`${line}\` if that is where the app runs.`,
        fixes: [{ title: `Add ${line}`, preferred: true, edits: [insertLineAfter(doc, entry, line)] }],
      });
    }
  },
};
