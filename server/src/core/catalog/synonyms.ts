/**
 * Key names that trap users: the one written is not the one this CLI version reads
 * (REFERENCE §4, RESEARCH-NOTES §7.1 item 14). Quick fixes rename `wrong` to `right`.
 */
import type { Synonym } from './types';

export const SYNONYMS: readonly Synonym[] = [
  {
    wrong: 'HASURA_DEV_MODE',
    right: 'HASURA_GRAPHQL_DEV_MODE',
    profiles: ['1.x'],
    why: 'nself 1.x reads HASURA_GRAPHQL_DEV_MODE (and blocks it in prod); HASURA_DEV_MODE is the 0.9 name.',
  },
  {
    wrong: 'HASURA_GRAPHQL_DEV_MODE',
    right: 'HASURA_DEV_MODE',
    profiles: ['0.9'],
    why: 'The 0.9 compose sets Hasura\'s dev mode from HASURA_DEV_MODE; HASURA_GRAPHQL_DEV_MODE in an env file is ignored.',
  },
  {
    wrong: 'MAIL_ROUTE',
    right: 'MAILPIT_ROUTE',
    profiles: ['1.x'],
    why: 'nself 1.x defaults and documents MAILPIT_ROUTE; MAIL_ROUTE is the old name, read only as a fallback.',
  },
  {
    wrong: 'MAILPIT_ROUTE',
    right: 'MAIL_ROUTE',
    profiles: ['0.9'],
    why: 'The 0.9 nginx generator reads MAIL_ROUTE; MAILPIT_ROUTE (documented in .env.example) has no effect.',
  },
  {
    wrong: 'ADMIN_ROUTE',
    right: 'NSELF_ADMIN_ROUTE',
    profiles: ['1.x'],
    why: 'nself 1.x reads NSELF_ADMIN_ROUTE; ADMIN_ROUTE is the 0.9 nginx name.',
  },
  {
    wrong: 'NSELF_ADMIN_ROUTE',
    right: 'ADMIN_ROUTE',
    profiles: ['0.9'],
    why: 'The 0.9 nginx generator reads ADMIN_ROUTE (only `nself urls` reads NSELF_ADMIN_ROUTE).',
  },
  {
    wrong: 'MEILI_MASTER_KEY',
    right: 'MEILISEARCH_MASTER_KEY',
    profiles: ['1.x', '0.9'],
    why: 'nself-admin writes MEILI_MASTER_KEY, but the CLI reads MEILISEARCH_MASTER_KEY (or SEARCH_API_KEY) and sets MEILI_MASTER_KEY in the container itself.',
  },
  {
    wrong: 'SEARCH_PROVIDER',
    right: 'SEARCH_ENGINE',
    profiles: ['1.x'],
    why: 'nself 1.x picks the search engine from SEARCH_ENGINE; SEARCH_PROVIDER is the 0.9 name.',
  },
  {
    wrong: 'SEARCH_ENGINE',
    right: 'SEARCH_PROVIDER',
    profiles: ['0.9'],
    why: 'The 0.9 CLI picks the search engine from SEARCH_PROVIDER.',
  },
  {
    wrong: 'HASURA_ADMIN_SECRET',
    right: 'HASURA_GRAPHQL_ADMIN_SECRET',
    profiles: ['1.x', '0.9'],
    why: 'HASURA_ADMIN_SECRET is an app-side alias: nself does not read it. Hasura gets HASURA_GRAPHQL_ADMIN_SECRET.',
  },
];
