import type { Rule } from '../types';
import { replaceValueEdit } from '../edits';
import { wholeValue } from '../familyIndex';
import { prodBinding } from './prodSetting';

/** Debug output in prod leaks internals and costs performance. */
export const prodDebug: Rule = {
  code: 'prod-debug',
  title: '`DEBUG=true` in prod',
  description: '`DEBUG=true` in prod makes services log and return internal details; nself 0.9 warns about it when merging prod settings.',
  severity: 'warning',
  scope: 'config',
  check({ config, env, report }) {
    const binding = prodBinding(config, env, 'DEBUG');
    if (!binding || binding.value.trim().toLowerCase() !== 'true') return;
    report({
      doc: binding.doc,
      ...wholeValue(binding.entry),
      message: '`DEBUG=true` in prod: services log and may return internal details. Set it to `false`.',
      fixes: binding.entry.value.references.length === 0 ? [{ title: 'Set to false', preferred: true, edits: [replaceValueEdit(binding.doc, binding.entry, 'false')] }] : undefined,
    });
  },
};
