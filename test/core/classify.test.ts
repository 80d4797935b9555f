import { strict as assert } from 'node:assert';
import { classifyKey, didYouMean, flagServices, getCatalog } from '../../server/src/core/catalog';
import { boundedDistance } from '../../server/src/core/catalog/classify';
import { assertScalesLinearly } from '../helpers/scaling';

/** RESEARCH-NOTES Appendix A, verbatim (the `<P>_OAUTH_*` provider keys are checked separately). */
const APPENDIX_A = [
  'PROJECT_NAME BASE_DOMAIN PROJECT_DOMAIN ENV PROJECT_DESCRIPTION ADMIN_EMAIL DB_ENV_SEEDS APP_NAME DOMAIN ACME_EMAIL DEMO_SEED IMAGE_PINNING',
  'POSTGRES_VERSION POSTGRES_IMAGE POSTGRES_HOST POSTGRES_PORT POSTGRES_DB POSTGRES_USER POSTGRES_PASSWORD POSTGRES_EXTENSIONS',
  'POSTGRES_EXPOSE_PORT POSTGRES_MEM_LIMIT POSTGRES_CPU_LIMIT PGVECTOR_ENABLED PGVECTOR_DIMENSIONS PGVECTOR_HNSW_M',
  'PGVECTOR_HNSW_EF_CONSTRUCTION HASURA_VERSION HASURA_GRAPHQL_ADMIN_SECRET HASURA_ADMIN_SECRET HASURA_JWT_KEY HASURA_JWT_TYPE',
  'HASURA_GRAPHQL_ENABLE_CONSOLE HASURA_GRAPHQL_DEV_MODE HASURA_DEV_MODE HASURA_GRAPHQL_CORS_DOMAIN HASURA_GRAPHQL_JWT_SECRET HASURA_ROUTE',
  'HASURA_PORT HASURA_MEM_LIMIT HASURA_CPU_LIMIT HASURA_GRAPHQL_LOG_LEVEL HASURA_GRAPHQL_ENABLE_TELEMETRY HASURA_GRAPHQL_ENABLE_ALLOWLIST',
  'HASURA_GRAPHQL_UNAUTHORIZED_ROLE HASURA_GRAPHQL_NODE_LIMIT HASURA_GRAPHQL_DEPTH_LIMIT HASURA_GRAPHQL_BATCH_SIZE',
  'HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_BATCH_SIZE HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL ACTION_HANDLER_URL AUTH_ENABLED',
  'AUTH_VERSION AUTH_PORT AUTH_CLIENT_URL AUTH_ACCESS_TOKEN_EXPIRES_IN AUTH_REFRESH_TOKEN_EXPIRES_IN AUTH_ROUTE AUTH_SMTP_HOST AUTH_SMTP_PORT',
  'AUTH_SMTP_USER AUTH_SMTP_PASS AUTH_SMTP_SECURE AUTH_SMTP_SENDER AUTH_MEM_LIMIT AUTH_CPU_LIMIT AUTH_EXTRA_REDIRECT_URLS AUTH_RATE_LIMIT',
  'AUTH_WEBAUTHN_ENABLED AUTH_LOG_LEVEL AUTH_MODE SHARED_AUTH_JWT_SECRET SHARED_AUTH_SERVER_URL AUTH_ANONYMOUS_USERS_ENABLED',
  'AUTH_DISABLE_NEW_USERS AUTH_EMAIL_PASSWORDLESS_ENABLED AUTH_REQUIRE_EMAIL_VERIFICATION AUTH_EMAIL_TEMPLATE_FETCH_URL AUTH_GRAVATAR_ENABLED',
  'AUTH_LOCALE_DEFAULT HASURA_AUTH_URL HASURA_AUTH_SMTP_HOST HASURA_AUTH_SMTP_PORT HASURA_AUTH_SMTP_USER HASURA_AUTH_SMTP_PASS',
  'HASURA_AUTH_SMTP_SENDER HASURA_AUTH_SMTP_SECURE HASURA_AUTH_EMAIL_SIGNIN_EMAIL_VERIFIED_REQUIRED NGINX_VERSION NGINX_HTTP_PORT NGINX_PORT',
  'NGINX_HTTPS_PORT NGINX_SSL_PORT NGINX_CLIENT_MAX_BODY_SIZE NGINX_BIND_IP NGINX_FRONTED_BY RATE_LIMIT_API_RPS RATE_LIMIT_AUTH_RPS',
  'RATE_LIMIT_AI_RPS RATE_LIMIT_AUTH_RPM RATE_LIMIT_GRAPHQL_RPM RATE_LIMIT_UPLOADS_RPM SSL_MODE EXTRA_SSL_DOMAINS REDIS_ENABLED REDIS_VERSION',
  'REDIS_PORT REDIS_PASSWORD REDIS_MEMORY REDIS_CPU MINIO_ENABLED STORAGE_ENABLED MINIO_VERSION MINIO_PORT MINIO_CONSOLE_PORT MINIO_ROOT_USER',
  'MINIO_ROOT_PASSWORD MINIO_ACCESS_KEY MINIO_SECRET_KEY MINIO_DEFAULT_BUCKETS MINIO_REGION S3_ACCESS_KEY S3_SECRET_KEY S3_BUCKET MINIO_BUCKET',
  'MINIO_ENDPOINT MINIO_ENDPOINT_PUBLIC STORAGE_VERSION STORAGE_ROUTE STORAGE_CONSOLE_ROUTE STORAGE_PUBLIC_URL MINIO_MEMORY MINIO_CPU',
  'MAILPIT_ENABLED MAILPIT_VERSION MAILPIT_SMTP_PORT MAILPIT_UI_PORT MAILPIT_MAX_MESSAGES MAILPIT_ROUTE MAIL_ROUTE MAILPIT_UI_USER',
  'MAILPIT_UI_PASSWORD MAILHOG_SMTP_PORT MAILHOG_UI_PORT FUNCTIONS_ENABLED FUNCTIONS_VERSION FUNCTIONS_PORT FUNCTIONS_ROUTE MLFLOW_ENABLED',
  'MLFLOW_VERSION MLFLOW_PORT MLFLOW_ROUTE MLFLOW_DB_NAME MLFLOW_ARTIFACTS_BUCKET MLFLOW_AUTH_ENABLED MLFLOW_AUTH_USERNAME MLFLOW_AUTH_PASSWORD',
  'NSELF_ADMIN_ENABLED NSELF_ADMIN_VERSION NSELF_ADMIN_PORT NSELF_ADMIN_ROUTE NSELF_ADMIN_DEV NSELF_ADMIN_DEV_PORT ADMIN_SECRET_KEY',
  'ADMIN_PASSWORD_HASH SEARCH_ENABLED SEARCH_ENGINE SEARCH_PROVIDER SEARCH_PORT SEARCH_API_KEY SEARCH_ROUTE SEARCH_INDEX_PREFIX',
  'SEARCH_AUTO_INDEX SEARCH_LANGUAGE MEILISEARCH_VERSION MEILISEARCH_MASTER_KEY MEILISEARCH_ENV MEILISEARCH_WARMUP_QUERIES MEILI_ENV',
  'TYPESENSE_VERSION TYPESENSE_API_KEY TYPESENSE_ENABLE_CORS TYPESENSE_LOG_LEVEL TYPESENSE_NUM_MEMORY_SHARDS',
  'TYPESENSE_SNAPSHOT_INTERVAL_SECONDS ELASTICSEARCH_VERSION ELASTICSEARCH_PORT ELASTICSEARCH_PASSWORD ELASTICSEARCH_MEMORY MONITORING_ENABLED',
  'PROMETHEUS_ENABLED PROMETHEUS_PORT GRAFANA_ENABLED GRAFANA_PORT GRAFANA_ADMIN_USER GRAFANA_ADMIN_PASSWORD GRAFANA_ROUTE LOKI_ENABLED',
  'LOKI_PORT PROMTAIL_ENABLED TEMPO_ENABLED TEMPO_PORT ALERTMANAGER_ENABLED ALERTMANAGER_PORT CADVISOR_ENABLED CADVISOR_PORT',
  'NODE_EXPORTER_ENABLED NODE_EXPORTER_PORT POSTGRES_EXPORTER_ENABLED POSTGRES_EXPORTER_PORT REDIS_EXPORTER_ENABLED REDIS_EXPORTER_PORT',
  'EMAIL_PROVIDER EMAIL_FROM ELASTIC_EMAIL_API_KEY ELASTIC_EMAIL_ACCOUNT_EMAIL SENDGRID_API_KEY POSTMARK_API_KEY MAILGUN_API_KEY MAILGUN_DOMAIN',
  'AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION SMTP_HOST SMTP_PORT SMTP_USER SMTP_PASS SMTP_SECURE SMTP_SENDER BACKUP_ENABLED BACKUP_DIR',
  'BACKUP_SCHEDULE BACKUP_RETENTION_DAYS BACKUP_CLOUD_PROVIDER BACKUP_REMOTE BACKUP_ENCRYPTION BACKUP_AGE_RECIPIENTS BACKUP_SCHEDULE_FULL',
  'BACKUP_WAL_INTERVAL_SECONDS BACKUP_RETENTION_DAILY BACKUP_RETENTION_WEEKLY BACKUP_RETENTION_MONTHLY BACKUP_RESTORE_TEST_SCHEDULE',
  'BACKUP_ALERT_ON_FAILURE BACKUP_S3_ACCESS_KEY_ID BACKUP_S3_SECRET_ACCESS_KEY BACKUP_S3_REGION BACKUP_S3_ENDPOINT BACKUP_CRITICAL_TABLES',
  'BACKUP_ACCESS_KEY BACKUP_SECRET_KEY BACKUP_S3_BUCKET BACKUP_S3_PREFIX DR_SECONDARY_REGION DR_STANDBY_HOST DR_DRILL_SCHEDULE DR_DATABASE_URL',
  'NOTIFY_INTERNAL_SECRET NOTIFY_PORT NOTIFY_VAPID_PUBLIC_KEY NOTIFY_VAPID_PRIVATE_KEY NOTIFY_ROUTE CRON_INTERNAL_SECRET CRON_PORT',
  'CRON_RETENTION_DAYS PLUGIN_AI_MEMORY_LIMIT PLUGIN_AI_CPU_LIMIT PLUGIN_MUX_MEMORY_LIMIT PLUGIN_MUX_CPU_LIMIT PLUGIN_CLAW_MEMORY_LIMIT',
  'PLUGIN_CLAW_CPU_LIMIT PLUGIN_DEFAULT_MEMORY_LIMIT PLUGIN_DEFAULT_CPU_LIMIT PLUGIN_INTERNAL_SECRET NSELF_PLUGIN_DIR NSELF_PLUGIN_CACHE',
  'NSELF_PLUGIN_REGISTRY NSELF_REGISTRY_CACHE_TTL NSELF_PLUGIN_LICENSE_KEY NSELF_LICENSE_SKIP_VERIFY NSELF_PING_API_URL NSELF_PRICING_URL',
  'DOCKER_NETWORK DOCKER_LOG_MAX_SIZE DOCKER_LOG_MAX_FILE DOCKER_STOP_GRACE_PERIOD NSELF_DOCKER_BUILD_TIMEOUT NSELF_START_MODE',
  'NSELF_HEALTH_CHECK_TIMEOUT NSELF_HEALTH_CHECK_INTERVAL NSELF_HEALTH_CHECK_REQUIRED NSELF_CLEANUP_ON_START NSELF_ALLOW_EXPOSED_PORTS',
  'NSELF_PARALLEL_LIMIT NSELF_LOG_LEVEL NSELF_SKIP_HEALTH_CHECKS NSELF_STOP_TIMEOUT AUTH_HOST AUTH_SERVER_URL AUTH_JWT_SECRET AUTH_JWT_KEY',
  'AUTH_REFRESH_TOKEN_SECRET AUTH_ACCESS_TOKEN_EXPIRY AUTH_REFRESH_TOKEN_EXPIRY AUTH_EMAIL_SIGNIN_EMAIL_VERIFIED_REQUIRED HASURA_CONSOLE_PORT',
  'HASURA_GRAPHQL_DATABASE_URL HASURA_METADATA_DATABASE_URL NGINX_GZIP_ENABLED NGINX_MODE NGINX_MEM_LIMIT S3_ENDPOINT STORAGE_PORT FILES_ROUTE',
  'NSELF_ADMIN_USER NSELF_ADMIN_PASSWORD TYPESENSE_PORT TYPESENSE_ROUTE NOTIFY_VAPID_SUBJECT COMPOSE_PROJECT_NAME DOCKER_BUILDKIT',
  'NSELF_AUTO_TRUST_CA NSELF_AUTO_HOSTS_ENTRIES NSELF_MKCERT_CAROOT NSELF_NO_MONOREPO DEBUG NO_COLOR POSTGRES_INTERNAL_PORT AI_PROFILE',
  'AI_AUTO_INSTALL AI_DEFAULT_MODEL AI_EMBEDDING_MODEL AI_POOL_AUTO_PROVISION AI_BACKGROUND_LOCAL_ONLY AI_DAILY_BUDGET_USD',
  'AI_MONTHLY_BUDGET_USD AI_TIMEOUT_LOCAL_MS AI_TIMEOUT_OAUTH_MS AI_TIMEOUT_POOL_MS AI_TIMEOUT_PAID_MS AI_POOL_OAUTH_CLIENT_ID',
  'AI_POOL_OAUTH_CLIENT_SECRET NSELF_MASTER_SECRET MEILISEARCH_ENABLED MEILISEARCH_PORT MEILISEARCH_ROUTE MEILI_NO_ANALYTICS OPENSEARCH_VERSION',
  'OPENSEARCH_PORT OPENSEARCH_PASSWORD OPENSEARCH_MEMORY ZINC_VERSION ZINC_PORT ZINC_ADMIN_USER ZINC_ADMIN_PASSWORD SONIC_VERSION SONIC_PORT',
  'SONIC_PASSWORD DASHBOARD_ENABLED DASHBOARD_VERSION DASHBOARD_ROUTE DASHBOARD_PORT SERVICES_ENABLED NESTJS_ENABLED NESTJS_SERVICES',
  'NESTJS_USE_TYPESCRIPT NESTJS_PORT_START BULLMQ_ENABLED BULLMQ_WORKERS BULLMQ_DASHBOARD_ENABLED BULLMQ_DASHBOARD_PORT BULLMQ_DASHBOARD_ROUTE',
  'GOLANG_ENABLED GOLANG_SERVICES GOLANG_PORT_START PYTHON_ENABLED PYTHON_SERVICES PYTHON_FRAMEWORK PYTHON_PORT_START STRIPE_API_KEY',
  'STRIPE_WEBHOOK_SECRET STRIPE_SYNC_INTERVAL GITHUB_TOKEN GITHUB_WEBHOOK_SECRET GITHUB_ORG GITHUB_REPOS SHOPIFY_STORE SHOPIFY_ACCESS_TOKEN',
  'SHOPIFY_API_VERSION SHOPIFY_WEBHOOK_SECRET SHOPIFY_SYNC_INTERVAL OAUTH_REDIRECT_ALLOWLIST OAUTH_TOKEN_ENCRYPTION_KEY APPLE_OAUTH_CLIENT_ID',
  'APPLE_OAUTH_TEAM_ID APPLE_OAUTH_KEY_ID APPLE_OAUTH_PRIVATE_KEY APNS_KEY_ID APNS_KEY_PATH APNS_TEAM_ID FCM_SERVER_KEY SENTRY_DSN_BACKEND',
  'NODE_ENV JWT_SECRET SSL_AUTO_TRUST COOKIE_SECRET ENABLE_DEBUG LOG_LEVEL NSELF_PROJECT_NAME ENV_ALLOWLIST',
].join(' ').split(' ');

const OAUTH_PROVIDERS = 'GOOGLE GITHUB FACEBOOK TWITTER LINKEDIN DISCORD SLACK TWITCH SPOTIFY TIKTOK REDDIT MICROSOFT PINTEREST DROPBOX ZOOM ATLASSIAN GITLAB BITBUCKET FIGMA NOTION'.split(' ');

describe('classifyKey', () => {
  const v1 = getCatalog('1.x');
  const v09 = getCatalog('0.9');

  it('knows every Appendix A key', () => {
    assert.ok(APPENDIX_A.length > 400);
    const keys = [...APPENDIX_A, ...OAUTH_PROVIDERS.flatMap((p) => [`${p}_OAUTH_CLIENT_ID`, `${p}_OAUTH_CLIENT_SECRET`])];
    for (const key of keys) {
      const c = classifyKey(key, v1);
      if (key.endsWith('_ENABLED')) {
        assert.equal(c.kind, 'flag', key);
        assert.ok(c.kind === 'flag' && c.spec, `${key} has no spec`);
      } else {
        assert.equal(c.kind, 'known', key);
      }
    }
  });

  it('reads CS_N with any index, and its sub-keys', () => {
    assert.deepEqual(classifyKey('CS_3', v1), { kind: 'custom-service', index: 3 });
    assert.deepEqual(classifyKey('CS_11', v1), { kind: 'custom-service', index: 11 });
    const port = classifyKey('CS_3_PORT', v1);
    assert.equal(port.kind, 'custom-service-sub');
    assert.ok(port.kind === 'custom-service-sub' && port.index === 3 && port.sub === 'PORT' && port.spec?.type === 'port');
    const depends = classifyKey('CS_10_DEPENDS_ON', v1);
    assert.ok(depends.kind === 'custom-service-sub' && depends.index === 10 && depends.spec?.name === 'DEPENDS_ON');
    const unknownSub = classifyKey('CS_2_QUEUE_NAME', v1);
    assert.ok(unknownSub.kind === 'custom-service-sub' && unknownSub.sub === 'QUEUE_NAME' && unknownSub.spec === undefined);
    const enabled = classifyKey('CS_1_ENABLED', v1);
    assert.equal(enabled.kind, 'custom-service-sub');
  });

  it('leaves CS_ keys without a number to the user prefix', () => {
    assert.deepEqual(classifyKey('CS_FOO', v1), { kind: 'user-prefix', prefix: 'CS_' });
    assert.deepEqual(classifyKey('CS_01', v1), { kind: 'user-prefix', prefix: 'CS_' });
    assert.deepEqual(classifyKey('CS_', v1), { kind: 'user-prefix', prefix: 'CS_' });
    assert.deepEqual(classifyKey('CS_1_', v1), { kind: 'user-prefix', prefix: 'CS_' });
  });

  it('reads the other numbered families', () => {
    const fe = classifyKey('FRONTEND_APP_12_ROUTE', v1);
    assert.ok(fe.kind === 'frontend-app' && fe.index === 12 && fe.sub === 'ROUTE' && fe.spec?.type === 'route');
    const feUnknown = classifyKey('FRONTEND_APP_1_COLOR', v1);
    assert.ok(feUnknown.kind === 'frontend-app' && feUnknown.spec === undefined);
    const iso = classifyKey('FRONTEND_APP_1_ISOLATE_AUTH', v1);
    assert.ok(iso.kind === 'frontend-app' && iso.spec === undefined);
    const iso09 = classifyKey('FRONTEND_APP_1_ISOLATE_AUTH', v09);
    assert.ok(iso09.kind === 'frontend-app' && iso09.spec !== undefined);
    const rs = classifyKey('REMOTE_SCHEMA_2_HEADERS', v1);
    assert.ok(rs.kind === 'remote-schema' && rs.index === 2 && rs.spec?.name === 'HEADERS');
    const ir = classifyKey('INTERNAL_ROUTE_20_TARGET', v1);
    assert.ok(ir.kind === 'internal-route' && ir.index === 20 && ir.spec?.default === 'hasura:8080');
    assert.equal(classifyKey('FRONTEND_APP_COUNT', v1).kind, 'known');
    assert.deepEqual(classifyKey('FRONTEND_APP_LIST', v1), { kind: 'user-prefix', prefix: 'FRONTEND_APP_' });
  });

  it('classifies flags with the services they switch on', () => {
    const redis = classifyKey('REDIS_ENABLED', v1);
    assert.ok(redis.kind === 'flag' && redis.spec?.key === 'REDIS_ENABLED');
    assert.deepEqual(redis.kind === 'flag' && redis.services, ['redis']);
    const monitoring = classifyKey('MONITORING_ENABLED', v1);
    assert.ok(monitoring.kind === 'flag');
    assert.equal(monitoring.services.length, 10);
    assert.deepEqual([...flagServices('SEARCH_ENABLED', v1)].sort(), ['meilisearch', 'typesense']);
    assert.deepEqual(flagServices('STORAGE_ENABLED', v1), ['minio']);
    assert.deepEqual(flagServices('POSTGRES_ENABLED', v1), ['postgres']);
    const unknown = classifyKey('MAILHOG_ENABLED', v1);
    assert.ok(unknown.kind === 'flag' && unknown.spec === undefined && unknown.services.length === 0);
    const ssl = classifyKey('SSL_ENABLED', v1);
    assert.ok(ssl.kind === 'flag' && ssl.spec && ssl.services.length === 0);
  });

  it('reads MAIL_ROUTE and MAILPIT_ROUTE per profile', () => {
    const mail1 = classifyKey('MAIL_ROUTE', v1);
    assert.ok(mail1.kind === 'known' && mail1.spec.deprecatedFor === 'MAILPIT_ROUTE');
    const mailpit1 = classifyKey('MAILPIT_ROUTE', v1);
    assert.ok(mailpit1.kind === 'known' && mailpit1.spec.deprecatedFor === undefined);
    const mailpit09 = classifyKey('MAILPIT_ROUTE', v09);
    assert.ok(mailpit09.kind === 'known' && mailpit09.spec.deprecatedFor === 'MAIL_ROUTE');
    assert.equal(classifyKey('ADMIN_ROUTE', v1).kind, 'unknown');
    assert.equal(classifyKey('ADMIN_ROUTE', v09).kind, 'known');
  });

  it('user prefixes and unknown keys', () => {
    assert.deepEqual(classifyKey('AUTH_PROVIDER_GOOGLE_ENABLED', v1), { kind: 'flag', spec: undefined, services: [] });
    assert.deepEqual(classifyKey('STRIPE_PRICE_ID', v1), { kind: 'user-prefix', prefix: 'STRIPE_' });
    assert.deepEqual(classifyKey('HASURA_EXTRA_ENV', v1), { kind: 'user-prefix', prefix: 'HASURA_EXTRA_' });
    assert.deepEqual(classifyKey('NSELF_DOMAIN', v1), { kind: 'unknown' });
    assert.deepEqual(classifyKey('POSTGRES_PASWORD', v1), { kind: 'unknown' });
  });

  it('returns the same answer object for the same key (memoised)', () => {
    assert.equal(classifyKey('HASURA_ROUTE', v1), classifyKey('HASURA_ROUTE', v1));
  });

  it('costs the same per key for 500 or 10,000 keys (no growth with the memo)', () => {
    const keysOf = (n: number) => {
      const keys: string[] = [];
      for (let i = 0; i < n; i++) keys.push(i % 3 === 0 ? `CS_${i % 12}_PORT` : i % 3 === 1 ? APPENDIX_A[i % APPENDIX_A.length]! : `APP_KEY_${n}_${i}`);
      return keys;
    };
    assertScalesLinearly('classifyKey', { small: 500, large: 10_000, maxRatio: 100, prepare: keysOf, work: (keys) => {
      for (let round = 0; round < 5; round++) for (const k of keys) classifyKey(k, v1);
    } });
  });
});

describe('didYouMean', () => {
  const v1 = getCatalog('1.x');

  it('suggests known keys within two edits, closest first', () => {
    assert.deepEqual(didYouMean('POSTGRES_PASWORD', v1.keys.keys()), ['POSTGRES_PASSWORD']);
    assert.deepEqual(didYouMean('REDIS_ENABLE', v1.keys.keys()).slice(0, 1), ['REDIS_ENABLED']);
    assert.deepEqual(didYouMean('HASURA_ROUT', v1.keys.keys()), ['HASURA_ROUTE', 'HASURA_PORT']);
    assert.deepEqual(didYouMean('SOMETHING_ELSE_ENTIRELY', v1.keys.keys()), []);
  });

  it('suggests templates', () => {
    assert.deepEqual(didYouMean('expres-js', v1.templates.keys()), ['express-js', 'express', 'express-ts']);
    assert.deepEqual(didYouMean('fastapy', v1.templates.keys()), ['fastapi', 'fastify']);
    assert.deepEqual(didYouMean('plugin', v1.templates.keys()), []);
  });

  it('never suggests the word itself, respects maxDistance', () => {
    assert.deepEqual(didYouMean('abc', ['abc', 'abd', 'xyz']), ['abd']);
    assert.deepEqual(didYouMean('abc', ['abd', 'axy'], 1), ['abd']);
    assert.deepEqual(didYouMean('abc', ['abd', 'axy'], 0), []);
  });

  it('computes bounded Levenshtein distances', () => {
    assert.equal(boundedDistance('kitten', 'sitting', 5), 3);
    assert.equal(boundedDistance('kitten', 'sitting', 2), 3);
    assert.equal(boundedDistance('', 'ab', 2), 2);
    assert.equal(boundedDistance('same', 'same', 0), 0);
    assert.equal(boundedDistance('a'.repeat(200), 'a'.repeat(199) + 'b', 2), 1);
  });

  it('costs the same per lookup over the whole key list, for 20 or 400 lookups', () => {
    const keys = [...v1.keys.keys()];
    assertScalesLinearly('didYouMean', {
      small: 20,
      large: 400,
      maxRatio: 100,
      prepare: (n) => Array.from({ length: n }, (_, i) => `UNKNOWN_KEY_${i}`),
      work: (words) => words.forEach((w) => didYouMean(w, keys)),
    });
  });
});
