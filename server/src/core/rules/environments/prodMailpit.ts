import type { Rule } from '../types';
import { replaceValueEdit } from '../edits';
import { wholeValue } from '../familyIndex';
import { prodBinding } from './prodSetting';

/** Mailpit catches every e-mail: in prod, users never receive theirs. */
export const prodMailpit: Rule = {
  code: 'prod-mailpit',
  title: 'Mailpit on in prod',
  description: 'Mailpit is a development mail catcher: with it on in prod, sign-up and reset e-mails never reach users. nself warns before a prod deploy.',
  severity: 'warning',
  scope: 'config',
  check({ config, env, report }) {
    const binding = prodBinding(config, env, 'MAILPIT_ENABLED');
    if (!binding || binding.value.trim() !== 'true') return;
    report({
      doc: binding.doc,
      ...wholeValue(binding.entry),
      message: 'Mailpit is on in prod: it catches every e-mail, so users never receive theirs. Set `MAILPIT_ENABLED=false` and configure a real SMTP provider (`AUTH_SMTP_*`).',
      fixes: binding.entry.value.references.length === 0 ? [{ title: 'Set to false', preferred: true, edits: [replaceValueEdit(binding.doc, binding.entry, 'false')] }] : undefined,
    });
  },
};
