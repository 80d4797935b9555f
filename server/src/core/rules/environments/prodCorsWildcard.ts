import type { Rule } from '../types';
import { wholeValue } from '../familyIndex';
import { prodBinding } from './prodSetting';

/** `*` in Hasura's CORS list lets any (sub)domain call the API with the user's credentials. */
export const prodCorsWildcard: Rule = {
  code: 'prod-cors-wildcard',
  title: 'Wildcard CORS in prod',
  description: 'In prod, `HASURA_GRAPHQL_CORS_DOMAIN` must list exact origins: nself 1.x refuses any `*`. (nself 0.9 used `https://*.<BASE_DOMAIN>` as its prod default, so the 0.9 profile only warns.)',
  severity: 'error',
  scope: 'config',
  check({ config, env, profile, report }) {
    // The `*` is literal text, so it counts even when a `${}` in the value cannot be resolved here.
    const binding = prodBinding(config, env, 'HASURA_GRAPHQL_CORS_DOMAIN', true);
    if (!binding || !(binding.value.includes('*') || binding.raw.includes('*'))) return;
    report({
      doc: binding.doc,
      ...wholeValue(binding.entry),
      severity: profile === '0.9' ? 'warning' : undefined,
      message: `\`HASURA_GRAPHQL_CORS_DOMAIN\` contains \`*\` in prod; nself 1.x refuses it. List the exact origins, e.g. \`https://app.${config.get('BASE_DOMAIN') || 'example.com'}\`.`,
    });
  },
};
