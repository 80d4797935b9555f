import type { Rule } from '../types';
import { describeEmpty, emptyReferences, emptyRelated, isJudgeable } from '../references/expansion';
import { enabledServices } from '../serviceState';
import { isDeployedEnv, isExampleConfig } from '../util';

/** nself refuses to build when a service is on and its secret is missing (0.9 security gate, 1.x validator). */
export const requiredSecret: Rule = {
  code: 'required-secret',
  title: 'Secret missing for an enabled service',
  description:
    'POSTGRES_PASSWORD, HASURA_GRAPHQL_ADMIN_SECRET, MINIO_ROOT_PASSWORD, MEILISEARCH_MASTER_KEY (or SEARCH_API_KEY), GRAFANA_ADMIN_PASSWORD and, in staging/prod, REDIS_PASSWORD must be set when their service is on. Checked per environment over the whole cascade, on the value nself will use: `POSTGRES_PASSWORD=${DB_PASS}` where no file sets `DB_PASS` is missing too, and the message names the reference. A file checked alone (outside a project, or an example file) is skipped because its secrets may live in other files.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, env, project, report }) {
    if (!project || isExampleConfig(config)) return;
    const anchorLayer =
      config.layers.find((l) => l.doc && l.role === 'env') ?? config.layers.find((l) => l.doc && l.role === 'base') ?? config.layers.find((l) => l.doc);
    if (!anchorLayer?.doc) return;
    const files = config.layers.filter((l) => l.doc).map((l) => l.path.slice(l.path.lastIndexOf('/') + 1)).join(', ');
    for (const service of enabledServices(config, catalog)) {
      for (const required of service.requiredSecrets ?? []) {
        if (required.when === 'deployed' && !isDeployedEnv(env)) continue;
        const keys = [required.key, ...(required.anyOf ?? [])];
        const bindings = keys.map((k) => config.binding(k)).filter((b) => b !== undefined);
        // The expanded value counts; one we cannot judge (a cycle, `${HOME}`) is given the benefit of the doubt.
        if (bindings.some((b) => b.value.trim() !== '' || !isJudgeable(b, true))) continue;
        const names = keys.map((k) => `\`${k}\``).join(' or ');
        const empty = bindings[0];
        const flag = [service.enabled.flag, ...(service.enabled.alsoBy ?? [])].map((k) => config.binding(k)).find((b) => b && b.value === 'true');
        const at = empty ? { doc: empty.doc, start: empty.entry.keySpan.start, end: empty.entry.keySpan.end } : flag ? { doc: flag.doc, start: flag.entry.keySpan.start, end: flag.entry.keySpan.end } : undefined;
        const doc = at?.doc ?? anchorLayer.doc;
        const firstLine = doc.lines[0];
        const why = empty ? emptyReferences(config, empty) : [];
        let problem: string;
        if (!empty) problem = `${names} is not set in any of its files (${files})`;
        else if (empty.entry.value.references.length === 0) problem = `${names} is empty`;
        else if (why.length > 0) problem = `\`${empty.key}\` expands to an empty string: ${describeEmpty(why, env, project.root)}`;
        else problem = `\`${empty.key}\` expands to an empty string`;
        const related = emptyRelated(why);
        report({
          doc,
          start: at?.start ?? 0,
          end: at?.end ?? (firstLine ? firstLine.end : 0),
          message: `${service.title} is on in ${env}, but ${problem}: nself refuses to build. Set a strong value, preferably in \`.env.secrets\`.`,
          related: related.length > 0 ? related : undefined,
        });
      }
    }
  },
};
