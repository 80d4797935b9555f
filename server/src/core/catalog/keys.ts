/**
 * Every plain key nself knows (RESEARCH-NOTES Appendix A, the 1.x `knownEnvVars` lists), plus the
 * few that only the 0.9 Bash CLI reads. This file holds the service keys; `keysOps.ts` the
 * operations, plugin and integration keys. Numbered families (CS_N, FRONTEND_APP_N_…) live in
 * `families.ts`. Rows are terse on purpose: the type is inferred from the key's suffix unless a
 * row says otherwise, and a row without a description gets one built from its group and name.
 */
import { OPS_GROUPS } from './keysOps';
import { pick, type PerProfile } from './perProfile';
import { hasSecretName } from './secretNames';
import type { KeySpec, Profile, ValueType } from './types';

export interface KeyExtra {
  type?: ValueType;
  default?: PerProfile<string>;
  values?: string[];
  secret?: boolean;
  profiles?: Profile[];
}

export type KeyRow = readonly [key: string, description: string, extra?: KeyExtra];

export interface KeyGroup {
  group: string;
  rows: readonly KeyRow[];
  /** Applies to every row of the group unless the row says otherwise. */
  profiles?: Profile[];
}

const BOOL: KeyExtra = { type: 'bool' };
const ONLY_09: Profile[] = ['0.9'];

const GROUPS: readonly KeyGroup[] = [
  {
    group: 'Core',
    rows: [
      ['PROJECT_NAME', 'Project name: compose project, container prefix `<name>_…`, network `<name>_network`. Lowercase letters, digits and `-`, starting with a letter, at most 30 characters (`_` becomes `-`).', { type: 'project-name' }],
      ['BASE_DOMAIN', 'Domain every route hangs off: `<route>.<BASE_DOMAIN>`.', { type: 'domain', default: 'localhost' }],
      ['PROJECT_DOMAIN', 'Public domain of the project (informational).', { type: 'domain' }],
      ['ENV', 'Environment: `dev` (alias `local`, `development`), `staging`, `prod` (`production`) or a custom name with its own `.env.<name>`.', { default: 'dev' }],
      ['PROJECT_DESCRIPTION', 'Free-text description of the project.'],
      ['ADMIN_EMAIL', 'Contact address of the project administrator.'],
      ['DB_ENV_SEEDS', 'Seed the database per environment.', BOOL],
      ['APP_NAME', 'Display name of the application.'],
      ['DOMAIN', 'Alias some projects use for the public domain.', { type: 'domain' }],
      ['ACME_EMAIL', 'Address registered with Let\'s Encrypt for certificates.'],
      ['DEMO_SEED', 'Seed demo data.', BOOL],
      ['IMAGE_PINNING', 'Pin images to the digests in `.nself-image-digests.json`.'],
      ['POSTGRES_ENABLED', 'Core service switch for Postgres (default true).', { type: 'bool', default: 'true' }],
      ['HASURA_ENABLED', 'Core service switch for Hasura (default true).', { type: 'bool', default: 'true' }],
      ['NGINX_ENABLED', 'Core service switch for nginx (default true).', { type: 'bool', default: 'true' }],
      ['SSL_ENABLED', 'Serve HTTPS. Must not be `false` in prod.', { type: 'bool', default: 'true' }],
      ['SERVICES_ENABLED', 'Marks that custom services (CS_N) are used; nself-admin writes it. The build does not gate on it.', BOOL],
      ['FRONTEND_APP_COUNT', 'Number of frontend apps. nself-admin reads only apps 1..COUNT; the build ignores it.', { type: 'int' }],
      ['REMOTE_SCHEMAS_ENABLED', 'Documented switch for REMOTE_SCHEMA_N_*; not read by the CLI.', BOOL],
    ],
  },
  {
    group: 'Postgres',
    rows: [
      ['POSTGRES_VERSION', 'Postgres image tag (`postgres:<tag>`).', { default: '16-alpine' }],
      ['POSTGRES_IMAGE', 'Full Postgres image; wins over POSTGRES_VERSION and pgvector.'],
      ['POSTGRES_HOST', 'Postgres host seen by services.', { default: 'postgres' }],
      ['POSTGRES_PORT', 'Host port of Postgres.', { default: '5432' }],
      ['POSTGRES_DB', 'Database name (default: PROJECT_NAME with `-` turned into `_`).'],
      ['POSTGRES_USER', 'Database superuser.', { default: 'postgres' }],
      ['POSTGRES_PASSWORD', 'Database password. Required; at least 16 characters.'],
      ['POSTGRES_EXTENSIONS', 'Comma-separated extensions; `pgvector` switches to the pgvector image.', { type: 'list' }],
      ['POSTGRES_EXPOSE_PORT', 'Publish the Postgres port on the host: `auto` (dev only), `true`, `false`.', { values: ['auto', 'true', 'false'], default: 'auto' }],
      ['POSTGRES_MEM_LIMIT', 'Memory limit of the Postgres container.', { type: 'size' }],
      ['POSTGRES_CPU_LIMIT', 'CPU limit of the Postgres container.'],
      ['PGVECTOR_ENABLED', 'Use the pgvector image.', BOOL],
      ['PGVECTOR_DIMENSIONS', 'Default vector dimensions.', { type: 'int' }],
      ['PGVECTOR_HNSW_M', 'HNSW index parameter `m`.', { type: 'int' }],
      ['PGVECTOR_HNSW_EF_CONSTRUCTION', 'HNSW index parameter `ef_construction`.', { type: 'int' }],
    ],
  },
  {
    group: 'Hasura',
    rows: [
      ['HASURA_VERSION', 'Hasura GraphQL engine image tag.', { default: { '1.x': 'v2.44.0', '0.9': 'v2.36.0' } }],
      ['HASURA_GRAPHQL_ADMIN_SECRET', 'Hasura admin secret. Required; at least 32 characters.'],
      ['HASURA_ADMIN_SECRET', 'Alias used in app code. nself 1.x does not read it: set HASURA_GRAPHQL_ADMIN_SECRET.'],
      ['HASURA_JWT_KEY', 'Key Hasura and Auth sign JWTs with; at least 32 characters in staging/prod.'],
      ['HASURA_JWT_TYPE', 'JWT algorithm.', { values: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'Ed25519'], default: 'HS256' }],
      ['HASURA_GRAPHQL_ENABLE_CONSOLE', 'Serve the Hasura console. Off in prod.', BOOL],
      ['HASURA_GRAPHQL_DEV_MODE', 'Hasura dev mode (detailed errors). Blocked in prod.', BOOL],
      ['HASURA_DEV_MODE', 'Hasura dev mode as the 0.9 compose reads it (`HASURA_GRAPHQL_DEV_MODE: ${HASURA_DEV_MODE}`).', BOOL],
      ['HASURA_GRAPHQL_CORS_DOMAIN', 'Comma-separated CORS origins. No `*` in prod.', { type: 'list' }],
      ['HASURA_GRAPHQL_JWT_SECRET', 'JWT config as JSON, e.g. `{"type":"HS256","key":"…"}`. Single-quote it.', { type: 'json' }],
      ['HASURA_ROUTE', 'Route of the GraphQL API: `<route>.<BASE_DOMAIN>`.', { default: 'api' }],
      ['HASURA_PORT', 'Host port of Hasura.', { default: '8080' }],
      ['HASURA_MEM_LIMIT', 'Memory limit of the Hasura container.', { type: 'size' }],
      ['HASURA_CPU_LIMIT', 'CPU limit of the Hasura container.'],
      ['HASURA_GRAPHQL_LOG_LEVEL', 'Hasura log level.', { values: ['debug', 'info', 'warn', 'error'], default: 'info' }],
      ['HASURA_GRAPHQL_ENABLE_TELEMETRY', 'Send Hasura telemetry.', BOOL],
      ['HASURA_GRAPHQL_ENABLE_ALLOWLIST', 'Only allow queries in the allow-list.', BOOL],
      ['HASURA_GRAPHQL_UNAUTHORIZED_ROLE', 'Role for requests without a token.', { default: 'public' }],
      ['HASURA_GRAPHQL_NODE_LIMIT', 'Maximum number of nodes in a query.', { type: 'int' }],
      ['HASURA_GRAPHQL_DEPTH_LIMIT', 'Maximum query depth.', { type: 'int' }],
      ['HASURA_GRAPHQL_BATCH_SIZE', 'Batch size of Hasura queries.', { type: 'int' }],
      ['HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_BATCH_SIZE', 'Live-query multiplexing batch size.', { type: 'int' }],
      ['HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL', 'Live-query refetch interval (ms).', { type: 'int' }],
      ['ACTION_HANDLER_URL', 'Base URL of Hasura action handlers.'],
      ['HASURA_LOG_LEVEL', 'Hasura log level as the 0.9 compose reads it.', { values: ['debug', 'info', 'warn', 'error'], default: 'info', profiles: ONLY_09 }],
    ],
  },
  {
    group: 'Auth',
    rows: [
      ['AUTH_ENABLED', 'Core service switch for hasura-auth (default true).', { type: 'bool', default: 'true' }],
      ['AUTH_VERSION', 'hasura-auth image tag.', { default: '0.36.0' }],
      ['AUTH_PORT', 'Host port of Auth.', { default: '4000' }],
      ['AUTH_CLIENT_URL', 'URL of the frontend Auth redirects to.', { default: 'http://localhost:3000' }],
      ['AUTH_ACCESS_TOKEN_EXPIRES_IN', 'Access token lifetime in seconds.', { type: 'int', default: '900' }],
      ['AUTH_REFRESH_TOKEN_EXPIRES_IN', 'Refresh token lifetime in seconds.', { type: 'int', default: '2592000' }],
      ['AUTH_ROUTE', 'Route of the Auth API: `<route>.<BASE_DOMAIN>`.', { default: 'auth' }],
      ['AUTH_SMTP_HOST', 'SMTP host for Auth mail.', { default: 'mailpit' }],
      ['AUTH_SMTP_PORT', 'SMTP port for Auth mail.', { default: '1025' }],
      ['AUTH_SMTP_USER', 'SMTP user.'],
      ['AUTH_SMTP_PASS', 'SMTP password.', { secret: true }],
      ['AUTH_SMTP_SECURE', 'Use TLS for SMTP.', BOOL],
      ['AUTH_SMTP_SENDER', 'Sender address of Auth mail.', { type: 'email' }],
      ['AUTH_MEM_LIMIT', 'Memory limit of the Auth container.', { type: 'size' }],
      ['AUTH_CPU_LIMIT', 'CPU limit of the Auth container.'],
      ['AUTH_EXTRA_REDIRECT_URLS', 'Comma-separated extra redirect URLs.', { type: 'list' }],
      ['AUTH_RATE_LIMIT', 'Auth rate limit, e.g. `10r/s` or `100r/m`.', { type: 'rate' }],
      ['AUTH_WEBAUTHN_ENABLED', 'Enable WebAuthn sign-in.', BOOL],
      ['AUTH_LOG_LEVEL', 'Auth log level.'],
      ['AUTH_MODE', 'Auth mode (own server or shared).'],
      ['SHARED_AUTH_JWT_SECRET', 'JWT secret of a shared Auth server.'],
      ['SHARED_AUTH_SERVER_URL', 'URL of a shared Auth server.'],
      ['AUTH_ANONYMOUS_USERS_ENABLED', 'Allow anonymous users.', BOOL],
      ['AUTH_DISABLE_NEW_USERS', 'Refuse sign-ups.', BOOL],
      ['AUTH_EMAIL_PASSWORDLESS_ENABLED', 'Allow magic-link sign-in.', BOOL],
      ['AUTH_REQUIRE_EMAIL_VERIFICATION', 'Require a verified email address.', BOOL],
      ['AUTH_EMAIL_TEMPLATE_FETCH_URL', 'URL to fetch email templates from.'],
      ['AUTH_GRAVATAR_ENABLED', 'Use Gravatar avatars.', BOOL],
      ['AUTH_LOCALE_DEFAULT', 'Default locale of Auth emails.'],
      ['HASURA_AUTH_URL', 'URL of hasura-auth as other services see it.'],
      ['HASURA_AUTH_SMTP_HOST', 'SMTP host (hasura-auth naming).'],
      ['HASURA_AUTH_SMTP_PORT', 'SMTP port (hasura-auth naming).'],
      ['HASURA_AUTH_SMTP_USER', 'SMTP user (hasura-auth naming).'],
      ['HASURA_AUTH_SMTP_PASS', 'SMTP password (hasura-auth naming).', { secret: true }],
      ['HASURA_AUTH_SMTP_SENDER', 'SMTP sender (hasura-auth naming).', { type: 'email' }],
      ['HASURA_AUTH_SMTP_SECURE', 'SMTP TLS (hasura-auth naming).', BOOL],
      ['HASURA_AUTH_EMAIL_SIGNIN_EMAIL_VERIFIED_REQUIRED', 'Require a verified email to sign in (hasura-auth naming).', BOOL],
      ['AUTH_IMAGE', 'Full Auth image (0.9 compose).', { profiles: ONLY_09 }],
      ['AUTH_JWT_TYPE', 'JWT algorithm passed to Auth (0.9 compose).', { default: 'HS256', profiles: ONLY_09 }],
    ],
  },
  {
    group: 'Nginx',
    rows: [
      ['NGINX_VERSION', 'nginx image tag.', { default: { '1.x': '1.25-alpine', '0.9': 'alpine' } }],
      ['NGINX_HTTP_PORT', 'Host port for HTTP.', { default: '80' }],
      ['NGINX_PORT', 'Host port for HTTP (name the 0.9 compose reads).', { default: '80' }],
      ['NGINX_HTTPS_PORT', 'Host port for HTTPS.', { default: '443' }],
      ['NGINX_SSL_PORT', 'Host port for HTTPS (name the 0.9 compose reads).', { default: '443' }],
      ['NGINX_CLIENT_MAX_BODY_SIZE', 'Largest request body, e.g. `100M`.', { type: 'size' }],
      ['NGINX_BIND_IP', 'Interface nginx binds to (default 127.0.0.1 in dev, all interfaces elsewhere).'],
      ['NGINX_FRONTED_BY', 'A proxy in front of nginx (e.g. a CDN or load balancer).'],
      ['RATE_LIMIT_API_RPS', 'API rate limit, requests per second.', { type: 'int' }],
      ['RATE_LIMIT_AUTH_RPS', 'Auth rate limit, requests per second.', { type: 'int' }],
      ['RATE_LIMIT_AI_RPS', 'AI rate limit, requests per second.', { type: 'int' }],
      ['RATE_LIMIT_AUTH_RPM', 'Auth rate limit, requests per minute.', { type: 'int' }],
      ['RATE_LIMIT_GRAPHQL_RPM', 'GraphQL rate limit, requests per minute.', { type: 'int' }],
      ['RATE_LIMIT_UPLOADS_RPM', 'Upload rate limit, requests per minute.', { type: 'int' }],
    ],
  },
  {
    group: 'SSL',
    rows: [
      ['SSL_MODE', 'Certificate mode (0.9 computes `self-signed` in dev and `lets-encrypt` elsewhere).'],
      ['EXTRA_SSL_DOMAINS', 'Comma-separated extra domains for certificates.', { type: 'list' }],
    ],
  },
  {
    group: 'Redis',
    rows: [
      ['REDIS_ENABLED', 'Add Redis.', BOOL],
      ['REDIS_VERSION', 'Redis image tag.', { default: { '1.x': '7.2-alpine', '0.9': '7-alpine' } }],
      ['REDIS_PORT', 'Host port of Redis.', { default: '6379' }],
      ['REDIS_PASSWORD', 'Redis password. Required in staging/prod; at least 16 characters there.'],
      ['REDIS_MEMORY', 'Memory limit of Redis.', { type: 'size', default: '512M' }],
      ['REDIS_CPU', 'CPU limit of Redis.', { default: '0.5' }],
    ],
  },
  {
    group: 'Storage',
    rows: [
      ['MINIO_ENABLED', 'Add MinIO (S3-compatible storage).', BOOL],
      ['STORAGE_ENABLED', 'Alias that switches MinIO on.', BOOL],
      ['MINIO_VERSION', 'MinIO image tag.', { default: { '1.x': 'RELEASE.2024-01-16T16-07-38Z', '0.9': 'latest' } }],
      ['MINIO_PORT', 'Host port of the MinIO API.', { default: '9000' }],
      ['MINIO_CONSOLE_PORT', 'Host port of the MinIO console.', { default: '9001' }],
      ['MINIO_ROOT_USER', 'MinIO root user; not `minioadmin` outside dev.', { default: 'minioadmin' }],
      ['MINIO_ROOT_PASSWORD', 'MinIO root password. Required; at least 16 characters in staging/prod.'],
      ['MINIO_ACCESS_KEY', 'Alias of MINIO_ROOT_USER.'],
      ['MINIO_SECRET_KEY', 'Alias of MINIO_ROOT_PASSWORD.'],
      ['MINIO_DEFAULT_BUCKETS', 'Comma-separated buckets created at start.', { type: 'list', default: 'uploads,public,private,temp' }],
      ['MINIO_REGION', 'S3 region.', { default: 'us-east-1' }],
      ['S3_ACCESS_KEY', 'S3 access key given to services.'],
      ['S3_SECRET_KEY', 'S3 secret key given to services.'],
      ['S3_BUCKET', 'Default bucket given to services.'],
      ['MINIO_BUCKET', 'Default bucket (alias).'],
      ['MINIO_ENDPOINT', 'Internal MinIO endpoint.', { type: 'url' }],
      ['MINIO_ENDPOINT_PUBLIC', 'Public MinIO endpoint.', { type: 'url' }],
      ['STORAGE_VERSION', 'Storage service image tag.'],
      ['STORAGE_ROUTE', 'Route of the storage API: `<route>.<BASE_DOMAIN>`.', { default: 'storage' }],
      ['STORAGE_CONSOLE_ROUTE', 'Route of the MinIO console.', { default: 'storage-console' }],
      ['STORAGE_PUBLIC_URL', 'Public URL of stored files.'],
      ['MINIO_MEMORY', 'Memory limit of MinIO.', { type: 'size' }],
      ['MINIO_CPU', 'CPU limit of MinIO.'],
    ],
  },
  {
    group: 'Mailpit',
    rows: [
      ['MAILPIT_ENABLED', 'Add Mailpit (catches outgoing mail in dev). Warned about in prod.', BOOL],
      ['MAILPIT_VERSION', 'Mailpit image tag.', { default: { '1.x': 'v1.15', '0.9': 'latest' } }],
      ['MAILPIT_SMTP_PORT', 'Host port of Mailpit SMTP.', { default: '1025' }],
      ['MAILPIT_UI_PORT', 'Host port of the Mailpit UI.', { default: '8025' }],
      ['MAILPIT_MAX_MESSAGES', 'Messages Mailpit keeps.', { type: 'int', default: '500' }],
      ['MAILPIT_ROUTE', 'Route of the Mailpit UI (the key 1.x reads).', { default: 'mail' }],
      ['MAIL_ROUTE', 'Route of the Mailpit UI (the key the 0.9 nginx generator reads).', { default: 'mail' }],
      ['MAILPIT_UI_USER', 'Basic-auth user of the Mailpit UI.'],
      ['MAILPIT_UI_PASSWORD', 'Basic-auth password of the Mailpit UI.'],
      ['MAILHOG_SMTP_PORT', 'Legacy MailHog SMTP port.'],
      ['MAILHOG_UI_PORT', 'Legacy MailHog UI port.'],
      ['MAILPIT_ACCEPT_ANY_AUTH', 'Accept any SMTP credentials (0.9, non-dev).', { type: 'bool', profiles: ONLY_09 }],
    ],
  },
  {
    group: 'Functions',
    rows: [
      ['FUNCTIONS_ENABLED', 'Add the serverless functions runtime.', BOOL],
      ['FUNCTIONS_VERSION', 'Functions image tag.', { default: { '1.x': '0.3.7', '0.9': 'latest' } }],
      ['FUNCTIONS_PORT', 'Host port of Functions.', { default: '3008' }],
      ['FUNCTIONS_ROUTE', 'Route of Functions.', { default: 'functions' }],
      ['FUNCTIONS_USE_FALLBACK', 'Build a fallback functions image (0.9).', { type: 'bool', profiles: ONLY_09 }],
    ],
  },
  {
    group: 'MLflow',
    rows: [
      ['MLFLOW_ENABLED', 'Add MLflow.', BOOL],
      ['MLFLOW_VERSION', 'MLflow image tag.', { default: { '1.x': 'v2.10.0', '0.9': 'latest' } }],
      ['MLFLOW_PORT', 'Host port of MLflow.', { default: { '1.x': '5000', '0.9': '5005' } }],
      ['MLFLOW_ROUTE', 'Route of MLflow.', { default: 'mlflow' }],
      ['MLFLOW_DB_NAME', 'Database MLflow stores runs in.', { default: 'mlflow' }],
      ['MLFLOW_ARTIFACTS_BUCKET', 'Bucket for MLflow artifacts.'],
      ['MLFLOW_AUTH_ENABLED', 'Protect MLflow with basic auth.', BOOL],
      ['MLFLOW_AUTH_USERNAME', 'MLflow basic-auth user.'],
      ['MLFLOW_AUTH_PASSWORD', 'MLflow basic-auth password.'],
    ],
  },
  {
    group: 'Admin',
    rows: [
      ['NSELF_ADMIN_ENABLED', 'Add nself-admin (local web UI; never deployed).', BOOL],
      ['NSELF_ADMIN_VERSION', 'nself-admin image tag.', { default: 'latest' }],
      ['NSELF_ADMIN_PORT', 'Host port of nself-admin.', { default: '3021' }],
      ['NSELF_ADMIN_ROUTE', 'Route of nself-admin (the key 1.x reads).', { default: 'admin' }],
      ['NSELF_ADMIN_DEV', 'Proxy to a locally running admin instead of the container.', BOOL],
      ['NSELF_ADMIN_DEV_PORT', 'Port of the locally running admin.', { default: '3000' }],
      ['ADMIN_SECRET_KEY', 'Session secret of nself-admin.'],
      ['ADMIN_PASSWORD_HASH', 'Password hash of the nself-admin login.'],
      ['ADMIN_ROUTE', 'Route of nself-admin (the key the 0.9 nginx generator reads).', { default: 'admin', profiles: ONLY_09 }],
      ['NADMIN_ENABLED', 'Legacy alias of NSELF_ADMIN_ENABLED (0.9 smart defaults).', { type: 'bool', profiles: ONLY_09 }],
      ['NSELF_ADMIN_LOCAL_PATH', 'Build nself-admin from this folder instead of pulling the image (0.9).', { profiles: ONLY_09 }],
      ['NSELF_CLI_LOCAL_PATH', 'CLI checkout mounted into nself-admin (0.9).', { profiles: ONLY_09 }],
    ],
  },
  {
    group: 'Search',
    rows: [
      ['SEARCH_ENABLED', 'Add a search engine (SEARCH_ENGINE picks which).', BOOL],
      ['SEARCH_ENGINE', 'Search engine 1.x runs when SEARCH_ENABLED is true.', { values: ['meilisearch', 'typesense'], default: 'meilisearch' }],
      ['SEARCH_PROVIDER', 'Search engine the 0.9 CLI runs when SEARCH_ENABLED is true.', { values: ['meilisearch', 'typesense'], default: 'meilisearch' }],
      ['SEARCH_PORT', 'Host port of the search engine.', { default: '7700' }],
      ['SEARCH_API_KEY', 'API / master key of the search engine.'],
      ['SEARCH_ROUTE', 'Route of the search engine.', { default: 'search' }],
      ['SEARCH_INDEX_PREFIX', 'Prefix of index names.'],
      ['SEARCH_AUTO_INDEX', 'Index tables automatically.', BOOL],
      ['SEARCH_LANGUAGE', 'Default language of the indexes.', { default: 'en' }],
      ['MEILISEARCH_VERSION', 'Meilisearch image tag.', { default: { '1.x': 'v1.6', '0.9': 'v1.5' } }],
      ['MEILISEARCH_MASTER_KEY', 'Meilisearch master key (or SEARCH_API_KEY). Required when Meilisearch runs.'],
      ['MEILISEARCH_ENV', 'Meilisearch environment.', { values: ['development', 'production'] }],
      ['MEILISEARCH_WARMUP_QUERIES', 'Queries run to warm Meilisearch up.'],
      ['MEILI_ENV', 'Meilisearch environment (image variable).', { values: ['development', 'production'] }],
      ['TYPESENSE_VERSION', 'Typesense image tag.', { default: { '1.x': '0.25.2', '0.9': '27.1' } }],
      ['TYPESENSE_API_KEY', 'Typesense API key (or SEARCH_API_KEY).'],
      ['TYPESENSE_ENABLE_CORS', 'Enable CORS in Typesense.', BOOL],
      ['TYPESENSE_LOG_LEVEL', 'Typesense log level.'],
      ['TYPESENSE_NUM_MEMORY_SHARDS', 'Typesense memory shards.', { type: 'int' }],
      ['TYPESENSE_SNAPSHOT_INTERVAL_SECONDS', 'Typesense snapshot interval.', { type: 'int' }],
      ['TYPESENSE_ENABLED', 'Legacy switch that adds Typesense directly.', BOOL],
      ['ELASTICSEARCH_VERSION', 'Elasticsearch image tag.'],
      ['ELASTICSEARCH_PORT', 'Host port of Elasticsearch.'],
      ['ELASTICSEARCH_PASSWORD', 'Elasticsearch password.'],
      ['ELASTICSEARCH_MEMORY', 'Memory of Elasticsearch.', { type: 'size' }],
    ],
  },
  {
    group: 'Monitoring',
    rows: [
      ['MONITORING_ENABLED', 'Add the monitoring bundle: Grafana, Prometheus, Loki, Promtail, Tempo, Alertmanager, cAdvisor and the node/postgres/redis exporters.', BOOL],
      ['PROMETHEUS_ENABLED', 'Add Prometheus.', BOOL],
      ['PROMETHEUS_PORT', 'Host port of Prometheus.', { default: '9090' }],
      ['GRAFANA_ENABLED', 'Add Grafana.', BOOL],
      ['GRAFANA_PORT', 'Host port of Grafana.', { default: '3000' }],
      ['GRAFANA_ADMIN_USER', 'Grafana admin user.', { default: 'admin' }],
      ['GRAFANA_ADMIN_PASSWORD', 'Grafana admin password. Required with monitoring; at least 16 characters in staging/prod.'],
      ['GRAFANA_ROUTE', 'Route of Grafana.', { default: 'grafana' }],
      ['LOKI_ENABLED', 'Add Loki.', BOOL],
      ['LOKI_PORT', 'Host port of Loki.', { default: '3100' }],
      ['PROMTAIL_ENABLED', 'Add Promtail.', BOOL],
      ['TEMPO_ENABLED', 'Add Tempo.', BOOL],
      ['TEMPO_PORT', 'Host port of Tempo.', { default: '3200' }],
      ['ALERTMANAGER_ENABLED', 'Add Alertmanager.', BOOL],
      ['ALERTMANAGER_PORT', 'Host port of Alertmanager.', { default: '9093' }],
      ['CADVISOR_ENABLED', 'Add cAdvisor.', BOOL],
      ['CADVISOR_PORT', 'Host port of cAdvisor.', { default: '8082' }],
      ['NODE_EXPORTER_ENABLED', 'Add the node exporter.', BOOL],
      ['NODE_EXPORTER_PORT', 'Host port of the node exporter.', { default: '9100' }],
      ['POSTGRES_EXPORTER_ENABLED', 'Add the Postgres exporter.', BOOL],
      ['POSTGRES_EXPORTER_PORT', 'Host port of the Postgres exporter.', { default: '9187' }],
      ['REDIS_EXPORTER_ENABLED', 'Add the Redis exporter (only with Redis).', BOOL],
      ['REDIS_EXPORTER_PORT', 'Host port of the Redis exporter.', { default: '9121' }],
      // Read by the 0.9 monitoring compose module and the 1.x monitoring plugin, not by 1.x core.
      ['PROMETHEUS_ROUTE', 'Route of Prometheus.', { default: 'prometheus' }],
      ['ALERTMANAGER_ROUTE', 'Route of Alertmanager.', { default: 'alertmanager' }],
      ['GRAFANA_PLUGINS', 'Comma-separated Grafana plugins to install.', { type: 'list' }],
      ['GRAFANA_ROOT_URL', 'Public URL of Grafana.', { type: 'url' }],
      ['GRAFANA_VERSION', 'Grafana image tag.', { default: 'latest' }],
      ['PROMETHEUS_VERSION', 'Prometheus image tag.', { default: 'latest' }],
      ['LOKI_VERSION', 'Loki image tag.', { default: '2.9.0' }],
      ['PROMTAIL_VERSION', 'Promtail image tag.', { default: '2.9.0' }],
      ['TEMPO_VERSION', 'Tempo image tag.', { default: 'latest' }],
      ['ALERTMANAGER_VERSION', 'Alertmanager image tag.', { default: 'latest' }],
      ['CADVISOR_VERSION', 'cAdvisor image tag.', { default: 'latest' }],
      ['NODE_EXPORTER_VERSION', 'Node exporter image tag.', { default: 'latest' }],
      ['POSTGRES_EXPORTER_VERSION', 'Postgres exporter image tag.', { default: 'latest' }],
      ['REDIS_EXPORTER_VERSION', 'Redis exporter image tag.', { default: 'latest' }],
    ],
  },
  ...OPS_GROUPS,
];

/** The value type a key's name implies when its row does not say. */
export function inferType(key: string): ValueType {
  if (key.endsWith('_ENABLED')) return 'bool';
  if (key === 'PORT' || key.endsWith('_PORT')) return 'port';
  if (key.endsWith('_URL') || key.endsWith('_URI')) return 'url';
  if (key.endsWith('_EMAIL')) return 'email';
  if (key.endsWith('_ROUTE')) return 'route';
  if (key.endsWith('_DOMAIN')) return 'domain';
  if (key.endsWith('_MEMORY') || key.endsWith('_MEM_LIMIT') || key.endsWith('_MEMORY_LIMIT')) return 'size';
  return 'string';
}

function describe(key: string, group: string): string {
  const words = key.toLowerCase().replace(/_/g, ' ');
  return `${group} setting (${words}).`;
}

/**
 * Every plain key as a KeySpec with the defaults of `profile`. Keys that only one profile reads
 * keep their `profiles` tag; `index.ts` leaves the others out of that profile's catalog.
 */
export function allKeySpecs(profile: Profile): KeySpec[] {
  const seen = new Set<string>();
  const specs: KeySpec[] = [];
  for (const g of GROUPS) {
    for (const [key, description, extra = {}] of g.rows) {
      // Appendix A lists a few keys twice (e.g. HASURA_GRAPHQL_JWT_SECRET); the first row wins.
      if (seen.has(key)) continue;
      seen.add(key);
      const spec: KeySpec = {
        key,
        group: g.group,
        description: description || describe(key, g.group),
        type: extra.type ?? inferType(key),
      };
      if (extra.default !== undefined) spec.default = pick(extra.default, profile);
      if (extra.values) spec.values = extra.values;
      if (extra.secret ?? hasSecretName(key)) spec.secret = true;
      const profiles = extra.profiles ?? g.profiles;
      if (profiles) spec.profiles = profiles;
      specs.push(spec);
    }
  }
  return specs;
}

let flagged: ReadonlySet<string> | undefined;

/**
 * Keys the catalog marks as secret although their names do not say so (`AUTH_SMTP_PASS`,
 * `AWS_ACCESS_KEY_ID`), in either profile.
 */
export function flaggedSecretKeys(): ReadonlySet<string> {
  if (!flagged) {
    const keys = new Set<string>();
    for (const g of GROUPS) for (const [key, , extra] of g.rows) if (extra?.secret && !hasSecretName(key)) keys.add(key);
    flagged = keys;
  }
  return flagged;
}
