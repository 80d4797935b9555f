import type { Rule } from '../types';
import { wholeValue } from '../familyIndex';
import { prodBinding } from './prodSetting';

/** A local domain in prod: no certificate can be issued and no user can reach it. */
export const prodBaseDomain: Rule = {
  code: 'prod-base-domain',
  title: 'Local `BASE_DOMAIN` in prod',
  description: '`BASE_DOMAIN` is `localhost` or a `*.local` name in prod: Let\'s Encrypt cannot issue certificates for it and users cannot reach it. nself 1.x refuses it.',
  severity: 'error',
  scope: 'config',
  check({ config, env, profile, report }) {
    const binding = prodBinding(config, env, 'BASE_DOMAIN');
    if (!binding) return;
    const domain = binding.value.trim().toLowerCase();
    if (!(domain === 'localhost' || domain.endsWith('.localhost') || domain === 'local' || domain.endsWith('.local'))) return;
    report({
      doc: binding.doc,
      ...wholeValue(binding.entry),
      severity: profile === '0.9' ? 'warning' : undefined,
      message: `\`BASE_DOMAIN=${domain}\` in prod is a local name: certificates cannot be issued and users cannot reach it. Set your public domain, e.g. \`example.com\`.`,
    });
  },
};
