import type { Binding } from '../../project/types';
import type { Rule, Severity } from '../types';
import { wholeValue } from '../familyIndex';
import { describeEmpty, emptyReferences, isJudgeable } from '../references/expansion';
import { isDeployedEnv, isExampleConfig } from '../util';

/** Minimum lengths: `all` environments (1.x validator) or only staging/prod. */
const MIN_LENGTH: readonly { key: string; min: number; where: 'all' | 'deployed' }[] = [
  { key: 'POSTGRES_PASSWORD', min: 16, where: 'all' },
  { key: 'HASURA_GRAPHQL_ADMIN_SECRET', min: 32, where: 'all' },
  { key: 'HASURA_JWT_KEY', min: 32, where: 'deployed' },
  { key: 'REDIS_PASSWORD', min: 16, where: 'deployed' },
  { key: 'MINIO_ROOT_PASSWORD', min: 16, where: 'deployed' },
  { key: 'MEILISEARCH_MASTER_KEY', min: 16, where: 'deployed' },
  { key: 'GRAFANA_ADMIN_PASSWORD', min: 16, where: 'deployed' },
];

/** nself's own secrets, the ones its validators check for weak words (app secrets are left alone). */
const NSELF_SECRETS = [...MIN_LENGTH.map((m) => m.key), 'AUTH_JWT_SECRET', 'SEARCH_API_KEY', 'TYPESENSE_API_KEY', 'ADMIN_SECRET_KEY'];

/** The 0.9 security gate's exact-match list. */
const LEGACY_EXACT = new Set(['password', 'changeme', 'secret', 'admin', '12345', 'qwerty', 'default']);

/**
 * Short or guessable secrets. Lengths of POSTGRES_PASSWORD and HASURA_GRAPHQL_ADMIN_SECRET count
 * everywhere (a warning in dev); the other lengths and the weak words only in staging and prod,
 * so dev defaults such as `dev_password` are not flagged. Messages never show the value.
 */
export const weakSecret: Rule = {
  code: 'weak-secret',
  title: 'Secret too short or guessable',
  description:
    'nself 1.x requires POSTGRES_PASSWORD ≥ 16 and HASURA_GRAPHQL_ADMIN_SECRET ≥ 32 characters in every environment, and in staging/prod HASURA_JWT_KEY ≥ 32, Redis/MinIO/Meilisearch/Grafana passwords ≥ 16 and no secret containing password, changeme, secret, admin, 12345, qwerty, default, test, postgres, minioadmin or hasura. Dev gets warnings only for the two everywhere-rules. The value judged is the one nself uses, after `${}` expansion (in a project, a reference no file sets expands to nothing). Example files are skipped.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, env, profile, project, report }) {
    if (isExampleConfig(config)) return;
    const deployed = isDeployedEnv(env);
    // An empty value is `required-secret`'s to report.
    const usable = (b: Binding | undefined): b is Binding => b !== undefined && b.value !== '' && isJudgeable(b, project !== undefined);
    /** Which references made the value shorter than written: " after expansion (`DB_PASS` is not set …)". */
    const expanded = (b: Binding): string => {
      if (b.entry.value.references.length === 0) return '';
      const empty = emptyReferences(config, b);
      return empty.length ? ` after expansion (${describeEmpty(empty, env, project?.root)})` : '';
    };
    const reported = new Set<string>();
    for (const { key, min, where } of MIN_LENGTH) {
      if (where === 'deployed' && !deployed) continue;
      const binding = config.binding(key);
      if (!usable(binding) || binding.value.length >= min) continue;
      const severity: Severity = profile === '1.x' && deployed ? 'error' : 'warning';
      reported.add(key);
      report({
        doc: binding.doc,
        ...wholeValue(binding.entry),
        severity,
        message: `\`${key}\` has ${binding.value.length} characters${expanded(binding)}; nself ${profile === '1.x' ? 'requires' : 'recommends'} at least ${min}${where === 'deployed' ? ` in ${env}` : ''}. Use a random value (e.g. \`openssl rand -hex ${Math.ceil(min / 2) * 2}\`).`,
      });
    }
    if (!deployed) return;
    for (const key of NSELF_SECRETS) {
      const binding = config.binding(key);
      if (!usable(binding) || reported.has(key)) continue;
      const lower = binding.value.toLowerCase();
      const word = catalog.weakSecretWords.find((w) => lower.includes(w));
      if (!word) continue;
      const exact = LEGACY_EXACT.has(lower);
      report({
        doc: binding.doc,
        ...wholeValue(binding.entry),
        severity: profile === '1.x' || exact ? 'error' : 'warning',
        message: `\`${key}\` contains the guessable word \`${word}\`${expanded(binding)}; nself ${profile === '1.x' ? '1.x rejects' : exact ? '0.9 refuses to build with' : '1.x would reject'} it in ${env}. Use a random value.`,
      });
    }
  },
};
