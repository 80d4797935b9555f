/**
 * The built-in services nself can generate (RESEARCH-NOTES §3.1–3.2, §5.3): images per the 1.x
 * catalog where the notes give them, otherwise the 0.9 defaults; ports, routes, healthchecks,
 * volumes, secrets and the container environment as templates over the effective config
 * (`${KEY}`, `${KEY:-default}`, nestable).
 *
 * minio-init / minio-client (0.9 one-shot init containers) are not modelled: they publish nothing,
 * the 1.x catalog does not list them, and bucket creation is part of what "MinIO" means to a user.
 */
import { pick, type PerProfile } from './perProfile';
import type { BuiltinService, EnableRule, PortSpec, Profile, RouteSpec } from './types';

interface ServiceData {
  key: string;
  kind: BuiltinService['kind'];
  title: string;
  description: string;
  enabled: PerProfile<EnableRule>;
  image: PerProfile<BuiltinService['image']>;
  containerSuffix?: string;
  ports?: PerProfile<PortSpec[]>;
  routes?: PerProfile<RouteSpec[]>;
  healthcheck?: string[];
  volumes?: string[];
  requiredSecrets?: BuiltinService['requiredSecrets'];
  relatedKeys?: string[];
  deploy?: BuiltinService['deploy'];
  environment?: PerProfile<Record<string, string>>;
  dependsOn?: string[];
  command?: string[];
  build?: BuiltinService['build'];
}

const DB_URL = 'postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}';
const MONITORING = ['MONITORING_ENABLED'];

function http(port: number, key?: string, name = 'http'): PortSpec {
  return key ? { key, default: port, container: port, name } : { default: port, container: port, name };
}

function wget(url: string): string[] {
  return ['CMD', 'wget', '--no-verbose', '--tries=1', '--spider', url];
}

const DATA: readonly ServiceData[] = [
  // ── core ────────────────────────────────────────────────────────────────────────────────
  {
    key: 'postgres',
    kind: 'core',
    title: 'PostgreSQL',
    description: 'The project database.',
    enabled: { flag: 'POSTGRES_ENABLED', default: true },
    // 1.x: POSTGRES_IMAGE wins, else PGVECTOR_IMAGE when pgvector is asked for, else this.
    image: {
      '1.x': { default: 'postgres:16-alpine', imageKey: 'POSTGRES_IMAGE', versionKey: 'POSTGRES_VERSION' },
      '0.9': { default: 'postgres:16-alpine', versionKey: 'POSTGRES_VERSION' },
    },
    ports: [http(5432, 'POSTGRES_PORT', 'postgres')],
    healthcheck: ['CMD-SHELL', 'pg_isready -U ${POSTGRES_USER} -d ${POSTGRES_DB}'],
    volumes: ['postgres_data:/var/lib/postgresql/data', './postgres/init:/docker-entrypoint-initdb.d:ro'],
    requiredSecrets: [{ key: 'POSTGRES_PASSWORD', when: 'all' }],
    relatedKeys: ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_EXTENSIONS', 'POSTGRES_EXPOSE_PORT', 'POSTGRES_MEM_LIMIT', 'POSTGRES_CPU_LIMIT', 'PGVECTOR_ENABLED'],
    environment: {
      POSTGRES_USER: '${POSTGRES_USER}',
      POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}',
      POSTGRES_DB: '${POSTGRES_DB}',
      POSTGRES_HOST_AUTH_METHOD: 'scram-sha-256',
    },
  },
  {
    key: 'hasura',
    kind: 'core',
    title: 'Hasura GraphQL Engine',
    description: 'GraphQL API over the database.',
    enabled: { flag: 'HASURA_ENABLED', default: true },
    image: {
      '1.x': { default: 'hasura/graphql-engine:v2.44.0', versionKey: 'HASURA_VERSION' },
      '0.9': { default: 'hasura/graphql-engine:v2.36.0', versionKey: 'HASURA_VERSION' },
    },
    ports: [http(8080, 'HASURA_PORT')],
    routes: [{ key: 'HASURA_ROUTE', default: 'api', port: 8080 }],
    healthcheck: ['CMD-SHELL', 'curl -f http://localhost:8080/healthz || exit 1'],
    requiredSecrets: [{ key: 'HASURA_GRAPHQL_ADMIN_SECRET', when: 'all' }],
    relatedKeys: ['HASURA_GRAPHQL_CORS_DOMAIN', 'HASURA_GRAPHQL_JWT_SECRET', 'HASURA_JWT_KEY', 'HASURA_JWT_TYPE', 'HASURA_GRAPHQL_ENABLE_CONSOLE', 'HASURA_MEM_LIMIT', 'HASURA_CPU_LIMIT'],
    environment: {
      '1.x': {
        HASURA_GRAPHQL_DATABASE_URL: DB_URL,
        HASURA_GRAPHQL_ADMIN_SECRET: '${HASURA_GRAPHQL_ADMIN_SECRET}',
        HASURA_GRAPHQL_ENABLE_CONSOLE: '${HASURA_GRAPHQL_ENABLE_CONSOLE:-false}',
        HASURA_GRAPHQL_DEV_MODE: '${HASURA_GRAPHQL_DEV_MODE:-false}',
        HASURA_GRAPHQL_CORS_DOMAIN: '${HASURA_GRAPHQL_CORS_DOMAIN}',
        HASURA_GRAPHQL_LOG_LEVEL: '${HASURA_GRAPHQL_LOG_LEVEL:-info}',
        HASURA_GRAPHQL_JWT_SECRET: '${HASURA_GRAPHQL_JWT_SECRET}',
        HASURA_GRAPHQL_UNAUTHORIZED_ROLE: '${HASURA_GRAPHQL_UNAUTHORIZED_ROLE:-public}',
        HASURA_GRAPHQL_ENABLE_TELEMETRY: '${HASURA_GRAPHQL_ENABLE_TELEMETRY:-false}',
      },
      // 0.9 compose reads HASURA_DEV_MODE and HASURA_LOG_LEVEL under other names.
      '0.9': {
        HASURA_GRAPHQL_DATABASE_URL: DB_URL,
        HASURA_GRAPHQL_ADMIN_SECRET: '${HASURA_GRAPHQL_ADMIN_SECRET}',
        HASURA_GRAPHQL_ENABLE_CONSOLE: '${HASURA_GRAPHQL_ENABLE_CONSOLE:-false}',
        HASURA_GRAPHQL_DEV_MODE: '${HASURA_DEV_MODE:-false}',
        HASURA_GRAPHQL_CORS_DOMAIN: '${HASURA_GRAPHQL_CORS_DOMAIN}',
        HASURA_GRAPHQL_LOG_LEVEL: '${HASURA_LOG_LEVEL:-info}',
        HASURA_GRAPHQL_JWT_SECRET: '${HASURA_GRAPHQL_JWT_SECRET}',
        HASURA_GRAPHQL_UNAUTHORIZED_ROLE: 'public',
      },
    },
    dependsOn: ['postgres'],
  },
  {
    key: 'auth',
    kind: 'core',
    title: 'Hasura Auth',
    description: 'Sign-up, sign-in and JWTs (nhost/hasura-auth).',
    enabled: { flag: 'AUTH_ENABLED', default: true },
    image: {
      '1.x': { default: 'nhost/hasura-auth:0.36.0', versionKey: 'AUTH_VERSION' },
      '0.9': { default: 'nhost/hasura-auth:latest', imageKey: 'AUTH_IMAGE' },
    },
    ports: [http(4000, 'AUTH_PORT')],
    routes: [{ key: 'AUTH_ROUTE', default: 'auth', port: 4000 }],
    healthcheck: wget('http://localhost:4000/healthz'),
    relatedKeys: ['AUTH_CLIENT_URL', 'AUTH_SERVER_URL', 'AUTH_JWT_SECRET', 'AUTH_JWT_KEY', 'AUTH_SMTP_HOST', 'AUTH_SMTP_PORT', 'AUTH_RATE_LIMIT'],
    environment: {
      AUTH_HOST: '0.0.0.0',
      AUTH_PORT: '4000',
      AUTH_SERVER_URL: '${AUTH_SERVER_URL}',
      AUTH_CLIENT_URL: '${AUTH_CLIENT_URL}',
      HASURA_GRAPHQL_DATABASE_URL: DB_URL,
      HASURA_GRAPHQL_GRAPHQL_URL: 'http://hasura:8080/v1/graphql',
      HASURA_GRAPHQL_ADMIN_SECRET: '${HASURA_GRAPHQL_ADMIN_SECRET}',
      HASURA_GRAPHQL_JWT_SECRET: '${HASURA_GRAPHQL_JWT_SECRET}',
      AUTH_ACCESS_TOKEN_EXPIRES_IN: '${AUTH_ACCESS_TOKEN_EXPIRES_IN}',
      AUTH_REFRESH_TOKEN_EXPIRES_IN: '${AUTH_REFRESH_TOKEN_EXPIRES_IN}',
      AUTH_SMTP_HOST: '${AUTH_SMTP_HOST}',
      AUTH_SMTP_PORT: '${AUTH_SMTP_PORT}',
      AUTH_SMTP_USER: '${AUTH_SMTP_USER}',
      AUTH_SMTP_PASS: '${AUTH_SMTP_PASS}',
      AUTH_SMTP_SECURE: '${AUTH_SMTP_SECURE:-false}',
      AUTH_SMTP_SENDER: '${AUTH_SMTP_SENDER}',
    },
    dependsOn: ['postgres', 'hasura'],
  },
  {
    key: 'nginx',
    kind: 'core',
    title: 'nginx',
    description: 'Reverse proxy: one vhost per route, TLS.',
    enabled: { flag: 'NGINX_ENABLED', default: true },
    image: {
      '1.x': { default: 'nginx:1.25-alpine', versionKey: 'NGINX_VERSION' },
      '0.9': { default: 'nginx:alpine' },
    },
    ports: {
      '1.x': [http(80, 'NGINX_HTTP_PORT'), http(443, 'NGINX_HTTPS_PORT', 'https')],
      '0.9': [http(80, 'NGINX_PORT'), http(443, 'NGINX_SSL_PORT', 'https')],
    },
    healthcheck: wget('http://127.0.0.1/health'),
    volumes: ['./nginx/nginx.conf:/etc/nginx/nginx.conf:ro', './nginx/sites:/etc/nginx/sites:ro', './ssl/certificates:/etc/nginx/ssl:ro', 'nginx_cache:/var/cache/nginx'],
    relatedKeys: ['BASE_DOMAIN', 'SSL_ENABLED', 'SSL_MODE', 'NGINX_BIND_IP', 'NGINX_CLIENT_MAX_BODY_SIZE', 'NGINX_MODE'],
    dependsOn: ['hasura', 'auth'],
  },
  // ── optional ────────────────────────────────────────────────────────────────────────────
  {
    key: 'nself-admin',
    kind: 'optional',
    title: 'nself Admin',
    description: 'Local web UI for the project. Localhost only; never deployed.',
    enabled: {
      '1.x': { flag: 'NSELF_ADMIN_ENABLED', default: false },
      '0.9': { flag: 'NSELF_ADMIN_ENABLED', default: false, alsoBy: ['NADMIN_ENABLED'] },
    },
    image: { default: 'nself/nself-admin:latest', versionKey: 'NSELF_ADMIN_VERSION' },
    containerSuffix: 'admin',
    ports: [http(3021, 'NSELF_ADMIN_PORT')],
    routes: {
      '1.x': [{ key: 'NSELF_ADMIN_ROUTE', default: 'admin', port: 3021 }],
      '0.9': [{ key: 'ADMIN_ROUTE', default: 'admin', port: 3021 }],
    },
    volumes: ['nself_admin_data:/app/data', './:/workspace', '/var/run/docker.sock:/var/run/docker.sock'],
    relatedKeys: ['ADMIN_SECRET_KEY', 'ADMIN_PASSWORD_HASH', 'NSELF_ADMIN_DEV', 'NSELF_ADMIN_DEV_PORT'],
    deploy: 'never',
    environment: {
      PROJECT_NAME: '${PROJECT_NAME}',
      BASE_DOMAIN: '${BASE_DOMAIN}',
      ADMIN_SECRET_KEY: '${ADMIN_SECRET_KEY}',
      ADMIN_PASSWORD_HASH: '${ADMIN_PASSWORD_HASH}',
      NSELF_PROJECT_PATH: '/workspace',
    },
  },
  {
    key: 'minio',
    kind: 'optional',
    title: 'MinIO',
    description: 'S3-compatible object storage (buckets created at start).',
    enabled: { flag: 'MINIO_ENABLED', default: false, alsoBy: ['STORAGE_ENABLED'] },
    image: {
      '1.x': { default: 'minio/minio:RELEASE.2024-01-16T16-07-38Z', versionKey: 'MINIO_VERSION' },
      '0.9': { default: 'minio/minio:latest', versionKey: 'MINIO_VERSION' },
    },
    ports: [http(9000, 'MINIO_PORT', 'api'), http(9001, 'MINIO_CONSOLE_PORT', 'console')],
    routes: [
      { key: 'STORAGE_ROUTE', default: 'storage', port: 9000 },
      { key: 'STORAGE_CONSOLE_ROUTE', default: 'storage-console', port: 9001 },
    ],
    healthcheck: ['CMD', 'curl', '-f', 'http://localhost:9000/minio/health/live'],
    volumes: ['minio_data:/data'],
    requiredSecrets: [{ key: 'MINIO_ROOT_PASSWORD', when: 'all' }],
    relatedKeys: ['MINIO_ROOT_USER', 'MINIO_DEFAULT_BUCKETS', 'MINIO_REGION', 'MINIO_MEMORY', 'MINIO_CPU'],
    environment: {
      MINIO_ROOT_USER: '${MINIO_ROOT_USER}',
      MINIO_ROOT_PASSWORD: '${MINIO_ROOT_PASSWORD}',
      MINIO_REGION: '${MINIO_REGION}',
    },
    command: ['server', '/data', '--console-address', ':9001'],
  },
  {
    key: 'redis',
    kind: 'optional',
    title: 'Redis',
    description: 'In-memory cache and queue backend.',
    enabled: { flag: 'REDIS_ENABLED', default: false },
    image: {
      '1.x': { default: 'redis:7.2-alpine', versionKey: 'REDIS_VERSION' },
      '0.9': { default: 'redis:7-alpine', versionKey: 'REDIS_VERSION' },
    },
    ports: [http(6379, 'REDIS_PORT', 'redis')],
    healthcheck: ['CMD', 'redis-cli', 'ping'],
    volumes: ['redis_data:/data'],
    requiredSecrets: [{ key: 'REDIS_PASSWORD', when: 'deployed' }],
    relatedKeys: ['REDIS_MEMORY', 'REDIS_CPU'],
  },
  {
    key: 'functions',
    kind: 'optional',
    title: 'Functions',
    description: 'Serverless functions runtime (./functions).',
    enabled: { flag: 'FUNCTIONS_ENABLED', default: false },
    image: {
      '1.x': { default: 'nhost/functions:0.3.7', versionKey: 'FUNCTIONS_VERSION' },
      '0.9': { default: 'nhost/functions:latest', versionKey: 'FUNCTIONS_VERSION' },
    },
    ports: [http(3008, 'FUNCTIONS_PORT')],
    // 0.9 nginx proxies to functions:3000 although the container listens on 3008.
    routes: {
      '1.x': [{ key: 'FUNCTIONS_ROUTE', default: 'functions', port: 3008 }],
      '0.9': [{ key: 'FUNCTIONS_ROUTE', default: 'functions', port: 3000 }],
    },
    volumes: ['./functions:/opt/project/functions'],
    environment: { PORT: '3008', HASURA_GRAPHQL_ADMIN_SECRET: '${HASURA_GRAPHQL_ADMIN_SECRET}' },
    dependsOn: ['hasura'],
  },
  {
    key: 'mailpit',
    kind: 'optional',
    title: 'Mailpit',
    description: 'Catches outgoing mail in dev and shows it in a web UI. Not for prod.',
    enabled: { flag: 'MAILPIT_ENABLED', default: false },
    image: {
      '1.x': { default: 'axllent/mailpit:v1.15', versionKey: 'MAILPIT_VERSION' },
      '0.9': { default: 'axllent/mailpit:latest', versionKey: 'MAILPIT_VERSION' },
    },
    ports: [http(1025, 'MAILPIT_SMTP_PORT', 'smtp'), http(8025, 'MAILPIT_UI_PORT', 'ui')],
    // 1.x defaults MAILPIT_ROUTE and still accepts the old MAIL_ROUTE; the 0.9 nginx reads MAIL_ROUTE only.
    routes: {
      '1.x': [{ key: 'MAILPIT_ROUTE', aliases: ['MAIL_ROUTE'], default: 'mail', port: 8025 }],
      '0.9': [{ key: 'MAIL_ROUTE', default: 'mail', port: 8025 }],
    },
    healthcheck: wget('http://localhost:8025/livez'),
    relatedKeys: ['MAILPIT_MAX_MESSAGES', 'MAILPIT_UI_USER', 'MAILPIT_UI_PASSWORD'],
    deploy: 'not-prod',
    environment: { MP_MAX_MESSAGES: '${MAILPIT_MAX_MESSAGES}', MP_SMTP_AUTH_ACCEPT_ANY: '1', MP_SMTP_AUTH_ALLOW_INSECURE: '1' },
  },
  {
    key: 'meilisearch',
    kind: 'optional',
    title: 'Meilisearch',
    description: 'Full-text search engine (SEARCH_ENGINE=meilisearch, the default).',
    enabled: {
      '1.x': { flag: 'SEARCH_ENABLED', default: false, when: { key: 'SEARCH_ENGINE', equals: 'meilisearch', default: 'meilisearch' }, alsoBy: ['MEILISEARCH_ENABLED'] },
      '0.9': { flag: 'SEARCH_ENABLED', default: false, when: { key: 'SEARCH_PROVIDER', equals: 'meilisearch', default: 'meilisearch' }, alsoBy: ['MEILISEARCH_ENABLED'] },
    },
    image: {
      '1.x': { default: 'getmeili/meilisearch:v1.6', versionKey: 'MEILISEARCH_VERSION' },
      '0.9': { default: 'getmeili/meilisearch:v1.5', versionKey: 'MEILISEARCH_VERSION' },
    },
    ports: [http(7700, 'SEARCH_PORT')],
    routes: {
      '1.x': [{ key: 'SEARCH_ROUTE', aliases: ['MEILISEARCH_ROUTE'], default: 'search', port: 7700 }],
      '0.9': [{ key: 'SEARCH_ROUTE', default: 'search', port: 7700 }],
    },
    healthcheck: ['CMD', 'curl', '-f', 'http://localhost:7700/health'],
    volumes: ['meilisearch_data:/meili_data'],
    requiredSecrets: [{ key: 'MEILISEARCH_MASTER_KEY', anyOf: ['SEARCH_API_KEY'], when: 'all' }],
    relatedKeys: ['MEILISEARCH_ENV', 'MEILI_ENV', 'SEARCH_INDEX_PREFIX', 'SEARCH_LANGUAGE'],
    environment: { MEILI_MASTER_KEY: '${SEARCH_API_KEY:-${MEILISEARCH_MASTER_KEY}}', MEILI_ENV: '${MEILI_ENV:-development}', MEILI_NO_ANALYTICS: 'true' },
  },
  {
    key: 'typesense',
    kind: 'optional',
    title: 'Typesense',
    description: 'Search engine (SEARCH_ENGINE=typesense).',
    enabled: {
      '1.x': { flag: 'SEARCH_ENABLED', default: false, when: { key: 'SEARCH_ENGINE', equals: 'typesense', default: 'meilisearch' }, alsoBy: ['TYPESENSE_ENABLED'] },
      '0.9': { flag: 'SEARCH_ENABLED', default: false, when: { key: 'SEARCH_PROVIDER', equals: 'typesense', default: 'meilisearch' }, alsoBy: ['TYPESENSE_ENABLED'] },
    },
    image: {
      '1.x': { default: 'typesense/typesense:0.25.2', versionKey: 'TYPESENSE_VERSION' },
      '0.9': { default: 'typesense/typesense:27.1', versionKey: 'TYPESENSE_VERSION' },
    },
    ports: [http(8108, 'SEARCH_PORT')],
    routes: {
      '1.x': [{ key: 'SEARCH_ROUTE', aliases: ['TYPESENSE_ROUTE'], default: 'search', port: 8108 }],
      '0.9': [{ key: 'SEARCH_ROUTE', default: 'search', port: 8108 }],
    },
    healthcheck: ['CMD', 'curl', '-f', 'http://localhost:8108/health'],
    volumes: ['typesense_data:/data'],
    requiredSecrets: [{ key: 'TYPESENSE_API_KEY', anyOf: ['SEARCH_API_KEY'], when: 'all' }],
    relatedKeys: ['TYPESENSE_ENABLE_CORS', 'TYPESENSE_LOG_LEVEL'],
    environment: { TYPESENSE_API_KEY: '${SEARCH_API_KEY:-${TYPESENSE_API_KEY}}', TYPESENSE_DATA_DIR: '/data', TYPESENSE_ENABLE_CORS: '${TYPESENSE_ENABLE_CORS:-true}' },
  },
  {
    key: 'mlflow',
    kind: 'optional',
    title: 'MLflow',
    description: 'ML experiment tracking; runs stored in Postgres.',
    enabled: { flag: 'MLFLOW_ENABLED', default: false },
    image: {
      '1.x': { default: 'ghcr.io/mlflow/mlflow:v2.10.0', versionKey: 'MLFLOW_VERSION' },
      '0.9': { default: 'ghcr.io/mlflow/mlflow:latest', versionKey: 'MLFLOW_VERSION' },
    },
    ports: { '1.x': [http(5000, 'MLFLOW_PORT')], '0.9': [http(5005, 'MLFLOW_PORT')] },
    routes: [{ key: 'MLFLOW_ROUTE', default: 'mlflow', port: 5000 }],
    volumes: ['mlflow_data:/mlflow'],
    relatedKeys: ['MLFLOW_DB_NAME', 'MLFLOW_ARTIFACTS_BUCKET', 'MLFLOW_AUTH_ENABLED', 'MLFLOW_AUTH_USERNAME', 'MLFLOW_AUTH_PASSWORD'],
    environment: { MLFLOW_BACKEND_STORE_URI: 'postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${MLFLOW_DB_NAME}' },
    dependsOn: ['postgres'],
    // The upstream image has no Postgres driver, so its backend store could not open (nself 0.9
    // builds ./mlflow the same way).
    build: {
      context: './mlflow',
      baseImageArg: 'MLFLOW_IMAGE',
      files: {
        Dockerfile: [
          '# Written once by nself-vscode; yours to change. MLflow plus the Postgres driver it needs.',
          'ARG MLFLOW_IMAGE=ghcr.io/mlflow/mlflow:v2.10.0',
          'FROM ${MLFLOW_IMAGE}',
          'RUN pip install --no-cache-dir psycopg2-binary',
          '',
        ].join('\n'),
      },
    },
  },
  // ── monitoring (MONITORING_ENABLED switches on every member) ─────────────────────────
  {
    key: 'grafana',
    kind: 'monitoring',
    title: 'Grafana',
    description: 'Dashboards over Prometheus, Loki and Tempo.',
    enabled: { flag: 'GRAFANA_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'grafana/grafana:latest', versionKey: 'GRAFANA_VERSION' },
    ports: [http(3000, 'GRAFANA_PORT')],
    routes: [{ key: 'GRAFANA_ROUTE', default: 'grafana', port: 3000 }],
    healthcheck: wget('http://localhost:3000/api/health'),
    volumes: ['grafana_data:/var/lib/grafana'],
    requiredSecrets: [{ key: 'GRAFANA_ADMIN_PASSWORD', when: 'all' }],
    relatedKeys: ['GRAFANA_ADMIN_USER', 'GRAFANA_PLUGINS', 'GRAFANA_ROOT_URL'],
    environment: {
      GF_SECURITY_ADMIN_USER: '${GRAFANA_ADMIN_USER}',
      GF_SECURITY_ADMIN_PASSWORD: '${GRAFANA_ADMIN_PASSWORD}',
      GF_INSTALL_PLUGINS: '${GRAFANA_PLUGINS}',
    },
    dependsOn: ['prometheus', 'loki'],
  },
  {
    key: 'prometheus',
    kind: 'monitoring',
    title: 'Prometheus',
    description: 'Metrics store and scraper.',
    enabled: { flag: 'PROMETHEUS_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'prom/prometheus:latest', versionKey: 'PROMETHEUS_VERSION' },
    ports: [http(9090, 'PROMETHEUS_PORT')],
    routes: [{ key: 'PROMETHEUS_ROUTE', default: 'prometheus', port: 9090 }],
    healthcheck: wget('http://localhost:9090/-/healthy'),
    volumes: ['prometheus_data:/prometheus', './monitoring/prometheus:/etc/prometheus:ro'],
  },
  {
    key: 'loki',
    kind: 'monitoring',
    title: 'Loki',
    description: 'Log store.',
    enabled: { flag: 'LOKI_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'grafana/loki:2.9.0', versionKey: 'LOKI_VERSION' },
    ports: [http(3100, 'LOKI_PORT')],
    healthcheck: wget('http://localhost:3100/ready'),
    volumes: ['loki_data:/loki'],
  },
  {
    key: 'promtail',
    kind: 'monitoring',
    title: 'Promtail',
    description: 'Ships container logs to Loki.',
    enabled: { flag: 'PROMTAIL_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'grafana/promtail:2.9.0', versionKey: 'PROMTAIL_VERSION' },
    volumes: ['/var/lib/docker/containers:/var/lib/docker/containers:ro', '/var/run/docker.sock:/var/run/docker.sock:ro'],
    dependsOn: ['loki'],
  },
  {
    key: 'tempo',
    kind: 'monitoring',
    title: 'Tempo',
    description: 'Trace store.',
    enabled: { flag: 'TEMPO_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'grafana/tempo:latest', versionKey: 'TEMPO_VERSION' },
    ports: [http(3200, 'TEMPO_PORT'), http(14268, undefined, 'jaeger')],
    volumes: ['tempo_data:/var/tempo'],
  },
  {
    key: 'alertmanager',
    kind: 'monitoring',
    title: 'Alertmanager',
    description: 'Routes Prometheus alerts.',
    enabled: { flag: 'ALERTMANAGER_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'prom/alertmanager:latest', versionKey: 'ALERTMANAGER_VERSION' },
    ports: [http(9093, 'ALERTMANAGER_PORT')],
    routes: [{ key: 'ALERTMANAGER_ROUTE', default: 'alertmanager', port: 9093 }],
    healthcheck: wget('http://localhost:9093/-/healthy'),
    volumes: ['alertmanager_data:/alertmanager'],
  },
  {
    key: 'cadvisor',
    kind: 'monitoring',
    title: 'cAdvisor',
    description: 'Container resource metrics.',
    enabled: { flag: 'CADVISOR_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'gcr.io/cadvisor/cadvisor:latest', versionKey: 'CADVISOR_VERSION' },
    ports: [{ key: 'CADVISOR_PORT', default: 8082, container: 8080, name: 'http' }],
    volumes: ['/:/rootfs:ro', '/var/run:/var/run:ro', '/sys:/sys:ro', '/var/lib/docker/:/var/lib/docker:ro'],
  },
  {
    key: 'node-exporter',
    kind: 'monitoring',
    title: 'Node exporter',
    description: 'Host metrics.',
    enabled: { flag: 'NODE_EXPORTER_ENABLED', default: false, alsoBy: MONITORING },
    image: { default: 'prom/node-exporter:latest', versionKey: 'NODE_EXPORTER_VERSION' },
    ports: [http(9100, 'NODE_EXPORTER_PORT', 'metrics')],
  },
  {
    key: 'postgres-exporter',
    kind: 'monitoring',
    title: 'Postgres exporter',
    description: 'Database metrics.',
    enabled: { flag: 'POSTGRES_EXPORTER_ENABLED', default: false, alsoBy: MONITORING, requires: 'postgres' },
    image: { default: 'prometheuscommunity/postgres-exporter:latest', versionKey: 'POSTGRES_EXPORTER_VERSION' },
    ports: [http(9187, 'POSTGRES_EXPORTER_PORT', 'metrics')],
    environment: { DATA_SOURCE_NAME: 'postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}?sslmode=disable' },
    dependsOn: ['postgres'],
  },
  {
    key: 'redis-exporter',
    kind: 'monitoring',
    title: 'Redis exporter',
    description: 'Redis metrics (only when Redis runs).',
    enabled: { flag: 'REDIS_EXPORTER_ENABLED', default: false, alsoBy: MONITORING, requires: 'redis' },
    image: { default: 'oliver006/redis_exporter:latest', versionKey: 'REDIS_EXPORTER_VERSION' },
    ports: [http(9121, 'REDIS_EXPORTER_PORT', 'metrics')],
    environment: { REDIS_ADDR: 'redis://redis:6379', REDIS_PASSWORD: '${REDIS_PASSWORD}' },
    dependsOn: ['redis'],
  },
];

/**
 * Environment values forced in prod whatever the files say (REFERENCE §5: console and dev mode
 * off). Keyed by service, then container variable.
 */
export const PROD_ENVIRONMENT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  hasura: { HASURA_GRAPHQL_ENABLE_CONSOLE: 'false', HASURA_GRAPHQL_DEV_MODE: 'false' },
  meilisearch: { MEILI_ENV: 'production' },
};

/**
 * The image 1.x pins for Postgres when POSTGRES_EXTENSIONS lists `pgvector` (or PGVECTOR_ENABLED
 * is true). Swapping it back for plain Postgres loses vector data (cli#384), so it is never a
 * silent default; 0.9 has no such switch.
 */
export const PGVECTOR_IMAGE: Readonly<Record<Profile, string | undefined>> = { '1.x': 'pgvector/pgvector:pg16', '0.9': undefined };

/** Services whose host ports face the network outside dev; every other port stays on 127.0.0.1. */
export const PUBLIC_PORT_SERVICES: ReadonlySet<string> = new Set(['nginx']);

/** `${NAME` references in a template: the keys a service's environment reads. */
function referencedKeys(template: string, out: Set<string>): void {
  let i = template.indexOf('${');
  while (i !== -1) {
    let j = i + 2;
    while (j < template.length && /[A-Z0-9_]/.test(template[j]!)) j++;
    if (j > i + 2) out.add(template.slice(i + 2, j));
    i = template.indexOf('${', j);
  }
}

/** The built-in services as one profile sees them, in compose order (core, optional, monitoring). */
export function builtinServices(profile: Profile): BuiltinService[] {
  return DATA.map((d) => {
    const enabled = pick(d.enabled, profile);
    const image = pick(d.image, profile);
    const ports = d.ports ? pick(d.ports, profile) : [];
    const routes = d.routes ? pick(d.routes, profile) : [];
    const environment = d.environment ? pick(d.environment, profile) : undefined;

    // Related keys: the listed ones plus every key the data above already names.
    const related = new Set<string>([enabled.flag, ...(enabled.alsoBy ?? [])]);
    if (enabled.when) related.add(enabled.when.key);
    if (image.versionKey) related.add(image.versionKey);
    if (image.imageKey) related.add(image.imageKey);
    for (const p of ports) if (p.key) related.add(p.key);
    for (const r of routes) {
      related.add(r.key);
      for (const a of r.aliases ?? []) related.add(a);
    }
    for (const s of d.requiredSecrets ?? []) {
      related.add(s.key);
      for (const a of s.anyOf ?? []) related.add(a);
    }
    for (const k of d.relatedKeys ?? []) related.add(k);
    if (environment) for (const v of Object.values(environment)) referencedKeys(v, related);

    const service: BuiltinService = {
      key: d.key,
      kind: d.kind,
      title: d.title,
      description: d.description,
      enabled,
      image,
      containerSuffix: d.containerSuffix ?? d.key.replace(/-/g, '_'),
      ports,
      routes,
      relatedKeys: [...related],
    };
    if (d.healthcheck) service.healthcheck = d.healthcheck;
    if (d.volumes) service.volumes = d.volumes;
    if (d.requiredSecrets) service.requiredSecrets = d.requiredSecrets;
    if (d.deploy) service.deploy = d.deploy;
    if (environment) service.environment = environment;
    if (d.dependsOn) service.dependsOn = d.dependsOn;
    if (d.command) service.command = d.command;
    if (d.build) service.build = d.build;
    return service;
  });
}
