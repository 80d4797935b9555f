import type { Rule } from '../types';
import { familyIndex, type FamilyGroup } from '../familyIndex';

/** `CS_3_PORT` without `CS_3`, `FRONTEND_APP_2_PORT` without a name: nself ignores the settings. */
export const orphanSubKey: Rule = {
  code: 'orphan-subkey',
  title: 'Family setting without its declaration',
  description:
    'Settings of a custom service, frontend app, remote schema or internal route do nothing unless the member is declared (`CS_N`, `FRONTEND_APP_N_NAME`, `REMOTE_SCHEMA_N_NAME`, `INTERNAL_ROUTE_N_NAME`) somewhere in the environment\'s cascade.',
  severity: 'warning',
  scope: 'config',
  check({ config, catalog, env, project, report }) {
    const families = familyIndex(config, catalog);
    const where = project ? `the ${env} cascade` : 'this file';
    const visit = (groups: Map<number, FamilyGroup>, prefix: string, declaredBy: string[], what: string) => {
      for (const group of groups.values()) {
        const declared = declaredBy.some((sub) => {
          const b = sub === '' ? group.main : group.subs.get(sub);
          return b !== undefined && b.value.trim() !== '';
        });
        if (declared) continue;
        const main = `${prefix}${group.index}${declaredBy[0] ? '_' + declaredBy[0] : ''}`;
        for (const [sub, binding] of group.subs) {
          if (declaredBy.includes(sub)) continue;
          report({
            doc: binding.doc,
            start: binding.entry.keySpan.start,
            end: binding.entry.keySpan.end,
            message: `\`${binding.key}\` is set, but \`${main}\` is not set in ${where}, so nself ignores this ${what} setting. Set \`${main}\` or remove this line.`,
            tags: ['unnecessary'],
          });
        }
      }
    };
    visit(families.customServices, 'CS_', [''], 'custom service');
    visit(families.frontendApps, 'FRONTEND_APP_', ['NAME', 'DISPLAY_NAME', 'SYSTEM_NAME'], 'frontend app');
    visit(families.remoteSchemas, 'REMOTE_SCHEMA_', ['NAME'], 'remote schema');
    visit(families.internalRoutes, 'INTERNAL_ROUTE_', ['NAME'], 'internal route');
  },
};
