import type { Rule } from '../types';
import { replaceValueEdit } from '../edits';
import { wholeValue } from '../familyIndex';
import { prodBinding } from './prodSetting';

/** Hasura's dev mode returns internal errors and SQL to every client. */
export const prodDevMode: Rule = {
  code: 'prod-dev-mode',
  title: 'Hasura dev mode on in prod',
  description: 'Hasura dev mode (`HASURA_GRAPHQL_DEV_MODE` in 1.x, `HASURA_DEV_MODE` in 0.9) exposes internal errors and queries; both CLIs block it before a prod deploy.',
  severity: 'error',
  scope: 'config',
  check({ config, env, report }) {
    for (const key of ['HASURA_GRAPHQL_DEV_MODE', 'HASURA_DEV_MODE']) {
      const binding = prodBinding(config, env, key);
      if (!binding || binding.value.trim().toLowerCase() !== 'true') continue;
      report({
        doc: binding.doc,
        ...wholeValue(binding.entry),
        message: `\`${key}=true\` in prod exposes Hasura's internal errors and SQL to every client; nself blocks the deploy. Set it to \`false\`.`,
        fixes: binding.entry.value.references.length === 0 ? [{ title: 'Set to false', preferred: true, edits: [replaceValueEdit(binding.doc, binding.entry, 'false')] }] : undefined,
      });
    }
  },
};
