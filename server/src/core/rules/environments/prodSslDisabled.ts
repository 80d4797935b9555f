import type { Rule } from '../types';
import { replaceValueEdit } from '../edits';
import { wholeValue } from '../familyIndex';
import { prodBinding } from './prodSetting';

/** Secrets and sessions over plain HTTP. */
export const prodSslDisabled: Rule = {
  code: 'prod-ssl-disabled',
  title: 'SSL off in prod',
  description: '`SSL_ENABLED=false` in prod sends passwords and tokens in clear text; the prod pre-flight of nself refuses it.',
  severity: 'error',
  scope: 'config',
  check({ config, env, report }) {
    const binding = prodBinding(config, env, 'SSL_ENABLED');
    if (!binding || binding.value.trim() === '' || binding.value.trim() === 'true') return;
    report({
      doc: binding.doc,
      ...wholeValue(binding.entry),
      message: `\`SSL_ENABLED=${binding.value.trim()}\` in prod: logins and tokens travel in clear text and nself's prod pre-flight fails. Set it to \`true\`.`,
      fixes: binding.entry.value.references.length === 0 ? [{ title: 'Set to true', preferred: true, edits: [replaceValueEdit(binding.doc, binding.entry, 'true')] }] : undefined,
    });
  },
};
