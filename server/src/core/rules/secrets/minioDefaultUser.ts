import type { Rule } from '../types';
import { replaceValueEdit } from '../edits';
import { wholeValue } from '../familyIndex';
import { serviceStates } from '../serviceState';
import { isDeployedEnv, isExampleConfig } from '../util';

/** `minioadmin` is MinIO's public default login; nself 1.x refuses it outside dev. */
export const minioDefaultUser: Rule = {
  code: 'minio-default-user',
  title: 'MinIO default user outside dev',
  description: '`MINIO_ROOT_USER` is `minioadmin` (or unset, which means `minioadmin`) while MinIO is on outside dev. nself 1.x refuses it in staging and prod.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, env, profile, report }) {
    if (env === 'dev' || isExampleConfig(config) || !serviceStates(config, catalog).get('minio')) return;
    const severity = isDeployedEnv(env) && profile === '1.x' ? undefined : 'warning';
    const user = config.binding('MINIO_ROOT_USER');
    if (user && user.unresolved.length > 0) return; // undefined-reference says what is missing
    if (user && user.value.trim().toLowerCase() === 'minioadmin') {
      report({
        doc: user.doc,
        ...wholeValue(user.entry),
        severity,
        message: `\`MINIO_ROOT_USER\` is MinIO's public default \`minioadmin\` in ${env}; anyone who finds the console can try it. Choose another user name.`,
        fixes: user.entry.value.references.length === 0 ? [{ title: 'Use a project-specific user', edits: [replaceValueEdit(user.doc, user.entry, `${(config.get('PROJECT_NAME') || 'nself').replace(/[^A-Za-z0-9_-]/g, '')}-storage`)] }] : undefined,
      });
    } else if (!user || user.value.trim() === '') {
      const flag = ['MINIO_ENABLED', 'STORAGE_ENABLED'].map((k) => config.binding(k)).find((b) => b?.value === 'true');
      const at = user ?? flag;
      if (!at) return;
      report({
        doc: at.doc,
        start: at.entry.keySpan.start,
        end: at.entry.keySpan.end,
        severity,
        message: `MinIO is on in ${env} but \`MINIO_ROOT_USER\` is not set, so it is the public default \`minioadmin\`. Set \`MINIO_ROOT_USER\` (and a strong \`MINIO_ROOT_PASSWORD\`).`,
      });
    }
  },
};
