/**
 * `getCatalog(profile)`: everything nself knows, as data, for one CLI profile. Built on first use
 * and cached; the two profiles share the data files and differ only where a row says so.
 */
import { allKeySpecs } from './keys';
import { CUSTOM_SERVICE_NAME, families } from './families';
import { builtinServices } from './services';
import { SYNONYMS } from './synonyms';
import { allTemplates } from './templates';
import type { Catalog, KeySpec, Profile } from './types';

/** Host ports no custom service may take (1.x validator; REFERENCE §4). */
export const RESERVED_PORTS: readonly number[] = [80, 443, 5432, 8080, 4000, 6379, 9000, 9001, 7700, 3021, 1025, 8025, 3008, 5000];

/** Key prefixes exempt from unknown-key warnings (1.x `userDefinedPrefixes`). */
export const USER_PREFIXES: readonly string[] = [
  'CS_', 'FRONTEND_APP_', 'REMOTE_SCHEMA_', 'AUTH_PROVIDER_', 'INTERNAL_ROUTE_', 'HASURA_EXTRA_', 'STRIPE_', 'GITHUB_',
  'SHOPIFY_', 'OPENSEARCH_', 'ZINC_', 'SONIC_', 'NESTJS_', 'BULLMQ_', 'GOLANG_', 'PYTHON_', 'DASHBOARD_', 'SERVICES_',
];

/** Substrings a staging/prod secret must not contain (1.x validator, case-insensitive). */
export const WEAK_SECRET_WORDS: readonly string[] = ['password', 'changeme', 'secret', 'admin', '12345', 'qwerty', 'default', 'test', 'postgres', 'minioadmin', 'hasura'];

const cache = new Map<Profile, Catalog>();

function buildCatalog(profile: Profile): Catalog {
  const synonyms = SYNONYMS.filter((s) => s.profiles.includes(profile));
  const deprecated = new Map(synonyms.map((s) => [s.wrong, s.right]));

  const keys = new Map<string, KeySpec>();
  for (const spec of allKeySpecs(profile)) {
    if (spec.profiles && !spec.profiles.includes(profile)) continue;
    const right = deprecated.get(spec.key);
    keys.set(spec.key, right ? { ...spec, deprecatedFor: right } : spec);
  }

  const services = builtinServices(profile);
  return {
    profile,
    keys,
    services,
    templates: allTemplates(),
    ...families(profile),
    reservedPorts: new Set(RESERVED_PORTS),
    reservedServiceNames: new Set(services.map((s) => s.key)),
    userPrefixes: USER_PREFIXES,
    synonyms,
    customServiceName: CUSTOM_SERVICE_NAME[profile],
    weakSecretWords: WEAK_SECRET_WORDS,
  };
}

/** The catalog of one profile (default 1.x). Returns the same object on every call. */
export function getCatalog(profile: Profile = '1.x'): Catalog {
  let catalog = cache.get(profile);
  if (!catalog) {
    catalog = buildCatalog(profile);
    cache.set(profile, catalog);
  }
  return catalog;
}

export * from './types';
export { PGVECTOR_IMAGE, PROD_ENVIRONMENT, PUBLIC_PORT_SERVICES } from './services';
export { CUSTOM_SERVICE_MAX, CUSTOM_SERVICE_NAME } from './families';
export { classifyKey, didYouMean, flagServices, type KeyClass } from './classify';
export * from './customService';
