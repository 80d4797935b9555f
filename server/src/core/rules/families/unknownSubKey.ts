import { didYouMean } from '../../catalog/classify';
import type { Fix, Rule } from '../types';
import { familyEntries } from '../entryIndex';
import { memberOf } from './memberOf';
import { renameKeyFix } from '../edits';

/** Sub-keys old code paths read per environment (`CS_1_PROD_ROUTE`); not read by the build. */
const ENV_ROUTE = /^(DEV|LOCAL|STAGING|PROD|PRODUCTION)_ROUTE$/;

/** `CS_1_PROT`, `FRONTEND_APP_2_URL`: settings nself does not have. */
export const unknownSubKey: Rule = {
  code: 'unknown-subkey',
  title: 'Unknown setting of a custom service, frontend app, remote schema or internal route',
  description:
    'Each family has a fixed set of settings (`CS_N_PORT`, `FRONTEND_APP_N_ROUTE`, …). nself ignores any other suffix, which is usually a typo.',
  severity: 'warning',
  scope: 'file',
  check({ doc, catalog, report }) {
    const names = new Map<string, string[]>();
    for (const { entry, class: c } of familyEntries(doc, catalog)) {
      const member = memberOf(c, catalog);
      if (!member || member.isMain || member.spec) continue;
      let candidates = names.get(member.prefix);
      if (!candidates) names.set(member.prefix, (candidates = member.family.subKeys.map((s) => s.name)));
      const base = `${member.prefix}${member.index}_`;
      if (member.sub === '') {
        report({
          start: entry.keySpan.start,
          end: entry.keySpan.end,
          message: `\`${entry.key}\` names no setting: nself reads \`${base}<SETTING>\` (${candidates.slice(0, 4).join(', ')}, …).`,
        });
        continue;
      }
      const suggestions = didYouMean(member.sub, candidates, 2).slice(0, 3);
      const legacy = ENV_ROUTE.test(member.sub);
      const fixes: Fix[] = suggestions.map((s, i) => renameKeyFix(doc, entry, base + s, i === 0 && suggestions.length === 1));
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        severity: legacy && suggestions.length === 0 ? 'information' : undefined,
        message: legacy && suggestions.length === 0
          ? `\`${entry.key}\` is read only by an old nself 0.9 code path that the build does not use. Set \`${base}ROUTE\` per environment file instead.`
          : `nself has no ${member.label} setting \`${member.sub}\`, so \`${entry.key}\` is ignored.${
              suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${base}${s}\``).join(', ')}?` : ` Known settings: ${candidates.join(', ')}.`
            }`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
};
