import { strict as assert } from 'node:assert';
import { getCatalog } from '../../server/src/core/catalog';
import type { Profile } from '../../server/src/core/catalog/types';
import { expandTemplate, sanitizeDbName } from '../../server/src/core/model';
import { deriveServiceModel, type ModelOptions } from '../../server/src/core/model/serviceModel';
import type { ModelService, ServiceModel } from '../../server/src/core/model/types';
import { FAKE_ENV_PATH, fakeConfig, lineOf } from '../helpers/fakeConfig';
import { assertScalesLinearly } from '../helpers/scaling';

const BASE = { PROJECT_NAME: 'demo', BASE_DOMAIN: 'local.nself.org', POSTGRES_PASSWORD: 'pg-password-long-enough', HASURA_GRAPHQL_ADMIN_SECRET: 'x'.repeat(32) };

function derive(values: Record<string, string>, env = 'dev', profile: Profile = '1.x', options?: ModelOptions): ServiceModel {
  return deriveServiceModel(fakeConfig(values, { env, profile }), getCatalog(profile), options);
}

function service(model: ServiceModel, id: string): ModelService {
  const s = model.services.find((x) => x.id === id);
  assert.ok(s, `no service ${id} in ${model.services.map((x) => x.id).join(', ')}`);
  return s;
}

const ids = (model: ServiceModel) => model.services.map((s) => s.id);

describe('deriveServiceModel', () => {
  describe('project', () => {
    it('reads project, domain, env and network', () => {
      const m = derive(BASE);
      assert.equal(m.projectName, 'demo');
      assert.equal(m.baseDomain, 'local.nself.org');
      assert.equal(m.env, 'dev');
      assert.equal(m.profile, '1.x');
      assert.equal(m.network, 'demo_network');
      assert.deepEqual(m.sources, [FAKE_ENV_PATH]);
    });

    it('sanitizes PROJECT_NAME like 1.x and falls back to defaults', () => {
      assert.equal(derive({ PROJECT_NAME: 'My_Project' }).projectName, 'my-project');
      assert.equal(derive({}).projectName, 'myproject');
      assert.equal(deriveServiceModel(fakeConfig({}), getCatalog('1.x'), { defaultProjectName: 'Folder_Name' }).projectName, 'folder-name');
      assert.equal(derive({}).baseDomain, 'localhost');
    });

    it('canonicalises the environment', () => {
      assert.equal(derive(BASE, 'production').env, 'prod');
      assert.equal(derive(BASE, 'local').env, 'dev');
      assert.equal(derive(BASE, 'stage').env, 'staging');
      assert.equal(derive(BASE, 'qa').env, 'qa');
    });
  });

  describe('core services', () => {
    it('are on by default, in order, with container names and images', () => {
      const m = derive(BASE);
      assert.deepEqual(ids(m), ['postgres', 'hasura', 'auth', 'nginx']);
      const pg = service(m, 'postgres');
      assert.equal(pg.kind, 'core');
      assert.equal(pg.composeKey, 'postgres');
      assert.equal(pg.containerName, 'demo_postgres');
      assert.equal(pg.image!.value, 'postgres:16-alpine');
      assert.equal(pg.image!.origin.isDefault, true);
      assert.equal(service(m, 'hasura').image!.value, 'hasura/graphql-engine:v2.44.0');
      assert.deepEqual(m.volumes, ['postgres_data', 'nginx_cache']);
    });

    it('can be switched off, and routes go with nginx', () => {
      const m = derive({ ...BASE, AUTH_ENABLED: 'false', NGINX_ENABLED: 'false' });
      assert.deepEqual(ids(m), ['postgres', 'hasura']);
      assert.deepEqual(service(m, 'hasura').routes, []);
    });

    it('counts only the exact string true', () => {
      assert.deepEqual(ids(derive({ ...BASE, REDIS_ENABLED: 'TRUE', MINIO_ENABLED: 'yes' })), ['postgres', 'hasura', 'auth', 'nginx']);
    });

    it('binds host ports to 127.0.0.1 in dev with their defaults', () => {
      const m = derive(BASE);
      assert.deepEqual(service(m, 'postgres').ports.map((p) => [p.bind, p.host, p.container]), [['127.0.0.1', 5432, 5432]]);
      assert.deepEqual(service(m, 'nginx').ports.map((p) => [p.bind, p.host]), [['127.0.0.1', 80], ['127.0.0.1', 443]]);
    });

    it('routes hasura and auth under the base domain', () => {
      const m = derive(BASE);
      const r = service(m, 'hasura').routes[0]!;
      assert.deepEqual([r.route, r.host, r.url, r.upstream], ['api', 'api.local.nself.org', 'https://api.local.nself.org', 'hasura:8080']);
      assert.equal(r.origin.isDefault, true);
      assert.equal(service(m, 'auth').routes[0]!.host, 'auth.local.nself.org');
    });

    it('takes a full host written as `api.${BASE_DOMAIN}` as is', () => {
      const m = derive({ ...BASE, HASURA_ROUTE: 'graphql.${BASE_DOMAIN}', SSL_ENABLED: 'false' });
      const r = service(m, 'hasura').routes[0]!;
      assert.deepEqual([r.route, r.host, r.url], ['graphql', 'graphql.local.nself.org', 'http://graphql.local.nself.org']);
    });

    it('builds the container environment from templates and computed defaults', () => {
      const m = derive(BASE);
      const hasura = service(m, 'hasura').environment;
      assert.equal(hasura.HASURA_GRAPHQL_DATABASE_URL, 'postgres://postgres:pg-password-long-enough@postgres:5432/demo');
      assert.equal(hasura.HASURA_GRAPHQL_ENABLE_CONSOLE, 'false');
      assert.equal(hasura.HASURA_GRAPHQL_CORS_DOMAIN, 'http://localhost:*,http://*.local.nself.org,https://*.local.nself.org');
      assert.deepEqual(JSON.parse(hasura.HASURA_GRAPHQL_JWT_SECRET!), { type: 'HS256', key: '' });
      assert.equal(service(m, 'postgres').environment.POSTGRES_DB, 'demo');
      assert.deepEqual(service(m, 'postgres').healthcheck!.test, ['CMD-SHELL', 'pg_isready -U postgres -d demo']);
      assert.deepEqual(service(m, 'auth').dependsOn, [{ service: 'postgres', condition: 'service_healthy' }, { service: 'hasura', condition: 'service_started' }]);
    });

    it('reads the dev-mode key each profile reads', () => {
      const values = { ...BASE, HASURA_GRAPHQL_DEV_MODE: 'true', HASURA_DEV_MODE: 'false' };
      assert.equal(service(derive(values), 'hasura').environment.HASURA_GRAPHQL_DEV_MODE, 'true');
      assert.equal(service(derive(values, 'dev', '0.9'), 'hasura').environment.HASURA_GRAPHQL_DEV_MODE, 'false');
    });

    it('picks the Postgres image: POSTGRES_IMAGE, pgvector, POSTGRES_VERSION', () => {
      assert.equal(service(derive({ ...BASE, POSTGRES_VERSION: '15' }), 'postgres').image!.value, 'postgres:15');
      const vector = service(derive({ ...BASE, POSTGRES_EXTENSIONS: 'uuid-ossp,pgvector' }), 'postgres').image!;
      assert.equal(vector.value, 'pgvector/pgvector:pg16');
      assert.equal(vector.origin.key, 'POSTGRES_EXTENSIONS');
      assert.equal(service(derive({ ...BASE, POSTGRES_IMAGE: 'timescale/timescaledb:latest-pg16', POSTGRES_EXTENSIONS: 'pgvector' }), 'postgres').image!.value, 'timescale/timescaledb:latest-pg16');
      assert.equal(service(derive({ ...BASE, POSTGRES_EXTENSIONS: 'pgvector' }, 'dev', '0.9'), 'postgres').image!.value, 'postgres:16-alpine');
      assert.equal(service(derive({ ...BASE, HASURA_VERSION: 'v2.40.1' }), 'hasura').image!.value, 'hasura/graphql-engine:v2.40.1');
    });
  });

  describe('origins', () => {
    it('point at the file and 1-based line, or say default', () => {
      const values = { ...BASE, REDIS_ENABLED: 'true', REDIS_PORT: '6380', HASURA_ROUTE: 'gql' };
      const m = derive(values);
      const redis = service(m, 'redis');
      assert.deepEqual(redis.origin, { file: FAKE_ENV_PATH, line: lineOf(values, 'REDIS_ENABLED'), key: 'REDIS_ENABLED' });
      assert.equal(redis.ports[0]!.host, 6380);
      assert.deepEqual(redis.ports[0]!.origin, { file: FAKE_ENV_PATH, line: lineOf(values, 'REDIS_PORT'), key: 'REDIS_PORT' });
      assert.deepEqual(service(m, 'hasura').routes[0]!.origin, { file: FAKE_ENV_PATH, line: lineOf(values, 'HASURA_ROUTE'), key: 'HASURA_ROUTE' });
      assert.deepEqual(service(m, 'postgres').origin, { key: 'POSTGRES_ENABLED', isDefault: true });
    });

    it('ignores an invalid port value and keeps the default', () => {
      const redis = service(derive({ ...BASE, REDIS_ENABLED: 'true', REDIS_PORT: 'abc' }), 'redis');
      assert.equal(redis.ports[0]!.host, 6379);
    });
  });

  describe('optional services', () => {
    it('come from their flags with images, ports and routes', () => {
      const m = derive({ ...BASE, REDIS_ENABLED: 'true', MINIO_ENABLED: 'true', MAILPIT_ENABLED: 'true', FUNCTIONS_ENABLED: 'true', MLFLOW_ENABLED: 'true', NSELF_ADMIN_ENABLED: 'true' });
      assert.deepEqual(ids(m), ['postgres', 'hasura', 'auth', 'nginx', 'nself-admin', 'minio', 'redis', 'functions', 'mailpit', 'mlflow']);
      assert.equal(service(m, 'nself-admin').containerName, 'demo_admin');
      assert.equal(service(m, 'minio').routes.map((r) => r.host).join(' '), 'storage.local.nself.org storage-console.local.nself.org');
      assert.equal(service(m, 'mailpit').routes[0]!.host, 'mail.local.nself.org');
      assert.deepEqual(service(m, 'mailpit').ports.map((p) => p.host), [1025, 8025]);
      assert.equal(service(m, 'mlflow').ports[0]!.host, 5000);
      assert.ok(m.volumes.includes('redis_data'));
    });

    it('builds MLflow from ./mlflow on top of the catalog image, which lacks a Postgres driver', () => {
      const mlflow = service(derive({ ...BASE, MLFLOW_ENABLED: 'true', MLFLOW_VERSION: 'v2.11.0' }), 'mlflow');
      assert.equal(mlflow.image, undefined, 'no image: the local build must not retag the upstream image');
      assert.equal(mlflow.build?.context, './mlflow');
      assert.deepEqual(mlflow.build?.args, { MLFLOW_IMAGE: 'ghcr.io/mlflow/mlflow:v2.11.0' });
      assert.match(mlflow.build?.scaffold?.Dockerfile ?? '', /FROM \$\{MLFLOW_IMAGE\}\nRUN pip install --no-cache-dir psycopg2-binary/);
    });

    it('STORAGE_ENABLED switches MinIO on', () => {
      const minio = service(derive({ ...BASE, STORAGE_ENABLED: 'true' }), 'minio');
      assert.equal(minio.origin.key, 'STORAGE_ENABLED');
    });

    it('reads the Mailpit route key per profile', () => {
      assert.equal(service(derive({ ...BASE, MAILPIT_ENABLED: 'true', MAILPIT_ROUTE: 'inbox' }), 'mailpit').routes[0]!.route, 'inbox');
      assert.equal(service(derive({ ...BASE, MAILPIT_ENABLED: 'true', MAIL_ROUTE: 'letters' }), 'mailpit').routes[0]!.route, 'letters');
      assert.equal(service(derive({ ...BASE, MAILPIT_ENABLED: 'true', MAILPIT_ROUTE: 'inbox' }, 'dev', '0.9'), 'mailpit').routes[0]!.route, 'mail');
      assert.equal(service(derive({ ...BASE, MAILPIT_ENABLED: 'true', MAIL_ROUTE: 'letters' }, 'dev', '0.9'), 'mailpit').routes[0]!.route, 'letters');
    });

    it('SEARCH_ENABLED picks the engine from SEARCH_ENGINE (1.x) or SEARCH_PROVIDER (0.9)', () => {
      assert.ok(ids(derive({ ...BASE, SEARCH_ENABLED: 'true' })).includes('meilisearch'));
      const ts = derive({ ...BASE, SEARCH_ENABLED: 'true', SEARCH_ENGINE: 'typesense' });
      assert.ok(ids(ts).includes('typesense'));
      assert.ok(!ids(ts).includes('meilisearch'));
      assert.equal(service(ts, 'typesense').ports[0]!.host, 8108);
      const legacyKey = derive({ ...BASE, SEARCH_ENABLED: 'true', SEARCH_PROVIDER: 'typesense' });
      assert.ok(ids(legacyKey).includes('meilisearch'), '1.x ignores SEARCH_PROVIDER');
      const v09 = derive({ ...BASE, SEARCH_ENABLED: 'true', SEARCH_PROVIDER: 'typesense' }, 'dev', '0.9');
      assert.ok(ids(v09).includes('typesense'));
    });

    it('MEILISEARCH_ENABLED and TYPESENSE_ENABLED still work (legacy)', () => {
      assert.ok(ids(derive({ ...BASE, MEILISEARCH_ENABLED: 'true' })).includes('meilisearch'));
      assert.ok(ids(derive({ ...BASE, TYPESENSE_ENABLED: 'true' })).includes('typesense'));
      const meili = service(derive({ ...BASE, MEILISEARCH_ENABLED: 'true', SEARCH_API_KEY: 'k'.repeat(20) }), 'meilisearch');
      assert.equal(meili.environment.MEILI_MASTER_KEY, 'k'.repeat(20));
    });
  });

  describe('monitoring', () => {
    it('MONITORING_ENABLED switches on every member, redis-exporter only with Redis', () => {
      const m = derive({ ...BASE, MONITORING_ENABLED: 'true' });
      const monitoring = m.services.filter((s) => s.kind === 'monitoring').map((s) => s.id);
      assert.deepEqual(monitoring, ['grafana', 'prometheus', 'loki', 'promtail', 'tempo', 'alertmanager', 'cadvisor', 'node-exporter', 'postgres-exporter']);
      const withRedis = derive({ ...BASE, MONITORING_ENABLED: 'true', REDIS_ENABLED: 'true' });
      assert.ok(ids(withRedis).includes('redis-exporter'));
      assert.equal(service(withRedis, 'node-exporter').containerName, 'demo_node_exporter');
      assert.equal(service(withRedis, 'grafana').routes[0]!.host, 'grafana.local.nself.org');
      assert.deepEqual(service(withRedis, 'grafana').dependsOn.map((d) => d.service), ['prometheus', 'loki']);
      assert.equal(service(withRedis, 'cadvisor').ports[0]!.container, 8080);
    });

    it('single members can be switched on alone', () => {
      const m = derive({ ...BASE, GRAFANA_ENABLED: 'true' });
      assert.deepEqual(m.services.filter((s) => s.kind === 'monitoring').map((s) => s.id), ['grafana']);
      assert.deepEqual(service(m, 'grafana').dependsOn, []);
      assert.ok(!ids(derive({ ...BASE, REDIS_EXPORTER_ENABLED: 'true' })).includes('redis-exporter'));
    });
  });

  describe('staging and prod', () => {
    const all = { ...BASE, REDIS_ENABLED: 'true', MINIO_ENABLED: 'true', MAILPIT_ENABLED: 'true', NSELF_ADMIN_ENABLED: 'true', SEARCH_ENABLED: 'true', MONITORING_ENABLED: 'true', HASURA_GRAPHQL_ENABLE_CONSOLE: 'true', HASURA_GRAPHQL_DEV_MODE: 'true' };

    it('keep databases and admin ports on 127.0.0.1 and open nginx', () => {
      for (const env of ['staging', 'prod']) {
        const m = derive(all, env);
        for (const s of m.services) {
          for (const p of s.ports) {
            if (s.id === 'nginx') assert.equal(p.bind, undefined, `${env} nginx`);
            else assert.equal(p.bind, '127.0.0.1', `${env} ${s.id}`);
          }
        }
      }
      assert.equal(service(derive({ ...all, NGINX_BIND_IP: '10.0.0.5' }, 'prod'), 'nginx').ports[0]!.bind, '10.0.0.5');
    });

    it('never deploy nself-admin; keep Mailpit out of prod', () => {
      const staging = ids(derive(all, 'staging'));
      assert.ok(!staging.includes('nself-admin'));
      assert.ok(staging.includes('mailpit'));
      const prod = ids(derive(all, 'prod'));
      assert.ok(!prod.includes('nself-admin'));
      assert.ok(!prod.includes('mailpit'));
      assert.ok(ids(derive(all, 'dev')).includes('nself-admin'));
      assert.ok(ids(derive(all, 'qa')).includes('nself-admin'), 'custom environments behave like dev');
    });

    it('turn the Hasura console and dev mode off in prod only', () => {
      assert.equal(service(derive(all, 'staging'), 'hasura').environment.HASURA_GRAPHQL_ENABLE_CONSOLE, 'true');
      const prod = service(derive(all, 'prod'), 'hasura').environment;
      assert.equal(prod.HASURA_GRAPHQL_ENABLE_CONSOLE, 'false');
      assert.equal(prod.HASURA_GRAPHQL_DEV_MODE, 'false');
      assert.equal(prod.HASURA_GRAPHQL_CORS_DOMAIN, 'https://*.local.nself.org');
    });
  });

  describe('custom services', () => {
    const cs = { ...BASE, CS_1: 'api:express-ts:8001:api', CS_2: 'worker:bullmq-js', CS_3: 'ping_api:fastapi:8003', CS_3_ROUTE: 'ping' };

    it('derive name, compose key, container, build, port and route', () => {
      const m = derive(cs);
      const api = service(m, 'api');
      assert.equal(api.kind, 'custom');
      assert.equal(api.composeKey, 'api');
      assert.equal(api.containerName, 'demo_api');
      assert.deepEqual(api.build, { context: './services/api', origin: { file: FAKE_ENV_PATH, line: lineOf(cs, 'CS_1'), key: 'CS_1' } });
      assert.equal(api.image, undefined);
      assert.deepEqual(api.ports.map((p) => [p.bind, p.host, p.container]), [['127.0.0.1', 8001, 8001]]);
      assert.deepEqual(api.routes.map((r) => [r.host, r.upstream]), [['api.local.nself.org', 'api:8001']]);
      assert.deepEqual(api.custom, { index: 1, rawName: 'api', template: 'express-ts', public: true, language: 'js', family: 'node', compiled: false });
    });

    it('default the port to 8000+N and stay private without a route', () => {
      const worker = service(derive(cs), 'worker');
      assert.equal(worker.ports[0]!.host, 8002);
      assert.equal(worker.ports[0]!.origin.isDefault, true);
      assert.deepEqual(worker.routes, []);
      assert.equal(worker.custom!.public, false);
    });

    it('keep the raw name for the folder and container, sanitize the compose key', () => {
      const ping = service(derive(cs), 'ping-api');
      assert.equal(ping.composeKey, 'ping-api');
      assert.equal(ping.containerName, 'demo_ping_api');
      assert.equal(ping.build!.context, './services/ping_api');
      assert.equal(ping.routes[0]!.host, 'ping.local.nself.org');
      assert.equal(ping.routes[0]!.upstream, 'ping-api:8003');
      assert.equal(ping.routes[0]!.origin.key, 'CS_3_ROUTE');
    });

    it('let CS_N_PORT and CS_N_ROUTE win over the value', () => {
      const values = { ...BASE, CS_1: 'api:express-ts:8001:api', CS_1_PORT: '9501', CS_1_ROUTE: 'v2' };
      const api = service(derive(values), 'api');
      assert.equal(api.ports[0]!.host, 9501);
      assert.equal(api.ports[0]!.origin.line, lineOf(values, 'CS_1_PORT'));
      assert.equal(api.routes[0]!.route, 'v2');
      assert.equal(api.routes[0]!.upstream, 'api:9501');
      assert.equal(api.environment.SERVICE_PORT, '9501');
    });

    it('honour CS_N_PUBLIC', () => {
      assert.deepEqual(service(derive({ ...BASE, CS_1: 'api:express-ts:8001:api', CS_1_PUBLIC: 'false' }), 'api').routes, []);
      const forced = service(derive({ ...BASE, CS_1: 'my_api:express-ts:8001', CS_1_PUBLIC: 'true' }), 'my-api');
      assert.equal(forced.routes[0]!.route, 'my-api');
    });

    it('0.9: route every service by its name and keep the name as compose key', () => {
      const m = derive({ ...BASE, CS_1: 'my_api:express-ts:8001' }, 'dev', '0.9');
      const api = service(m, 'my_api');
      assert.equal(api.composeKey, 'my_api');
      assert.equal(api.routes[0]!.host, 'my_api.local.nself.org');
    });

    it('run CS_N_IMAGE instead of building', () => {
      const values = { ...BASE, CS_1: 'api:custom:8001', CS_1_IMAGE: 'ghcr.io/acme/api:1.2' };
      const api = service(derive(values), 'api');
      assert.equal(api.build, undefined);
      assert.equal(api.image!.value, 'ghcr.io/acme/api:1.2');
      assert.equal(api.image!.origin.line, lineOf(values, 'CS_1_IMAGE'));
      assert.deepEqual(api.volumes, []);
    });

    it('use CS_N_PATH, DOCKERFILE and BUILD_TARGET for the build', () => {
      const api = service(derive({ ...BASE, CS_1: 'api:express-ts', CS_1_PATH: '../api', CS_1_DOCKERFILE: 'Dockerfile.prod', CS_1_BUILD_TARGET: 'runtime' }), 'api');
      assert.equal(api.build!.context, '../api');
      assert.equal(api.build!.dockerfile, 'Dockerfile.prod');
      assert.equal(api.build!.target, 'runtime');
    });

    it('bind-mount interpreted sources in dev only', () => {
      const m = derive(cs);
      assert.deepEqual(service(m, 'api').volumes, ['./services/api:/app', '/app/node_modules', '/app/dist']);
      assert.deepEqual(service(m, 'ping-api').volumes, ['./services/ping_api:/app', '/app/.venv', '/app/__pycache__']);
      assert.deepEqual(service(derive({ ...BASE, CS_1: 'svc:gin:8001' }), 'svc').volumes, [], 'compiled template');
      assert.deepEqual(service(derive(cs, 'prod'), 'api').volumes, []);
    });

    it('probe health by template family', () => {
      const m = derive({ ...cs, CS_2_HEALTHCHECK: '/ready' });
      assert.deepEqual(service(m, 'api').healthcheck!.test, ['CMD', 'wget', '--no-verbose', '--tries=1', '-O', '/dev/null', 'http://127.0.0.1:8001/health']);
      assert.equal(service(m, 'worker').healthcheck!.test.at(-1), 'http://127.0.0.1:8002/ready');
      const py = service(m, 'ping-api').healthcheck!;
      assert.equal(py.test[1], 'python');
      assert.match(py.test[3]!, /urllib\.request\.urlopen\('http:\/\/127\.0\.0\.1:8003\/health'/);
      assert.equal(py.startPeriod, '60s');
    });

    it('inject the 1.x environment with CS_N_ENV on top', () => {
      const values = { ...BASE, REDIS_ENABLED: 'true', REDIS_PASSWORD: 'r'.repeat(16), CS_1: 'api:express-ts:8001:api', CS_1_ENV: 'LOG_LEVEL=debug,SERVICE_NAME=override', CS_1_TABLE_PREFIX: 'api_' };
      const env = service(derive(values), 'api').environment;
      assert.equal(env.PROJECT_NAME, 'demo');
      assert.equal(env.ENV, 'dev');
      assert.equal(env.POSTGRES_HOST, 'postgres');
      assert.equal(env.DATABASE_URL, 'postgres://postgres:pg-password-long-enough@postgres:5432/demo?sslmode=disable');
      assert.equal(env.HASURA_GRAPHQL_ENDPOINT, 'http://hasura:8080/v1/graphql');
      assert.equal(env.HASURA_GRAPHQL_ADMIN_SECRET, 'x'.repeat(32));
      assert.equal(env.SERVICE_ROUTE, 'api');
      assert.equal(env.TABLE_PREFIX, 'api_');
      assert.equal(env.REDIS_URL, `redis://:${'r'.repeat(16)}@redis:6379`);
      assert.equal(env.S3_ENDPOINT, undefined);
      assert.equal(env.LOG_LEVEL, 'debug');
      assert.equal(env.SERVICE_NAME, 'override');
      const withMinio = service(derive({ ...BASE, MINIO_ENABLED: 'true', MINIO_ROOT_PASSWORD: 'm'.repeat(16), CS_1: 'api:express-ts' }), 'api').environment;
      assert.equal(withMinio.S3_ENDPOINT, 'http://minio:9000');
      assert.equal(withMinio.S3_ACCESS_KEY, 'minioadmin');
      assert.equal(withMinio.S3_BUCKET, 'uploads');
      assert.equal(withMinio.REDIS_URL, undefined);
    });

    it('depend on postgres healthy, and on redis only when Redis runs', () => {
      assert.deepEqual(service(derive(cs), 'api').dependsOn, [{ service: 'postgres', condition: 'service_healthy' }]);
      const withRedis = service(derive({ ...cs, REDIS_ENABLED: 'true' }), 'api');
      assert.deepEqual(withRedis.dependsOn.map((d) => d.service), ['postgres', 'redis']);
      const custom = service(derive({ ...cs, CS_1_DEPENDS_ON: 'worker:started,hasura,postgres:completed,bad:nonsense' }), 'api');
      assert.deepEqual(custom.dependsOn, [
        { service: 'postgres', condition: 'service_healthy' },
        { service: 'worker', condition: 'service_started' },
        { service: 'hasura', condition: 'service_healthy' },
      ]);
    });

    it('carry resources from MEMORY, CPU and REPLICAS', () => {
      const m = derive({ ...cs, CS_1_MEMORY: '1g', CS_2_REPLICAS: '3', CS_1_COMMAND: 'node  dist/main.js' });
      assert.deepEqual(service(m, 'api').resources, { memory: '1g', cpus: '0.5', replicas: 1 });
      assert.deepEqual(service(m, 'worker').resources, { memory: '256m', cpus: '0.5', replicas: 3 });
      assert.equal(service(m, 'worker').containerName, undefined);
      assert.equal(service(m, 'ping-api').resources, undefined);
      assert.deepEqual(service(m, 'api').command, ['node', 'dist/main.js']);
    });

    it('skip invalid values without throwing, and ignore CS_11 and sub-keys alone', () => {
      const values = {
        ...BASE,
        CS_1: 'api',
        CS_2: 'Bad Name:express-js',
        CS_3: 'svc:express-js:http',
        CS_4: 'ok:express-js:8004',
        CS_5: '',
        CS_6_PORT: '9000',
        CS_11: 'late:express-js:8011',
      };
      const m = derive(values);
      assert.deepEqual(m.services.filter((s) => s.kind === 'custom').map((s) => s.id), ['ok']);
    });

    it('keep an unknown template (the rules report it)', () => {
      const devices = service(derive({ ...BASE, CS_7: 'devices:plugin:3603' }), 'devices');
      assert.equal(devices.custom!.template, 'plugin');
      assert.equal(devices.custom!.family, undefined);
      assert.equal(devices.healthcheck!.test[1], 'wget');
    });

    it('give a clashing name its own id', () => {
      const m = derive({ ...BASE, CS_1: 'auth:fastify:4100' });
      assert.equal(service(m, 'auth').kind, 'core');
      assert.equal(service(m, 'custom:1:auth').composeKey, 'auth');
    });

    it('read the 0.9 three-field form', () => {
      const m = derive({ ...BASE, CS_1: 'api:express-js:8001:api', CS_2: 'worker:bullmq-js:8002', CS_2_ROUTE: 'jobs' }, 'dev', '0.9');
      assert.deepEqual(m.services.filter((s) => s.kind === 'custom').map((s) => s.id), ['worker']);
      assert.equal(service(m, 'worker').routes[0]!.route, 'jobs');
      assert.equal(service(m, 'worker').resources, undefined);
    });
  });

  describe('frontend apps', () => {
    const fe = { ...BASE, FRONTEND_APP_1_NAME: 'web', FRONTEND_APP_2_DISPLAY_NAME: 'Admin Dashboard', FRONTEND_APP_2_PORT: '3100', FRONTEND_APP_3_ROUTE: 'orphan', FRONTEND_APP_4_NAME: 'portal', FRONTEND_APP_4_REMOTE_SCHEMA_NAME: 'portal_schema' };

    it('exist when NAME or DISPLAY_NAME is set, with host upstreams and no container', () => {
      const m = derive(fe);
      const apps = m.services.filter((s) => s.kind === 'frontend');
      assert.deepEqual(apps.map((s) => s.id), ['frontend:web', 'frontend:admin-dashboard', 'frontend:portal']);
      const web = apps[0]!;
      assert.equal(web.containerName, undefined);
      assert.equal(web.composeKey, undefined);
      assert.equal(web.ports[0]!.host, 3000);
      assert.deepEqual(web.routes.map((r) => [r.host, r.upstream]), [['web.local.nself.org', 'host.docker.internal:3000']]);
      assert.deepEqual(web.frontend, { index: 1, name: 'web', framework: undefined });
      const admin = apps[1]!;
      assert.equal(admin.title, 'Admin Dashboard');
      assert.equal(admin.ports[0]!.host, 3100);
      assert.equal(admin.routes[0]!.upstream, 'host.docker.internal:3100');
      assert.equal(admin.origin.line, lineOf(fe, 'FRONTEND_APP_2_DISPLAY_NAME'));
    });

    it('add an API vhost for an app with a remote schema', () => {
      const portal = service(derive(fe), 'frontend:portal');
      assert.equal(portal.ports[0]!.host, 3003);
      assert.deepEqual(portal.routes.map((r) => [r.host, r.upstream]), [
        ['portal.local.nself.org', 'host.docker.internal:3003'],
        ['api.portal.local.nself.org', 'host.docker.internal:4004'],
      ]);
    });

    it('are in dev and staging, out of prod unless asked for', () => {
      const count = (m: ServiceModel) => m.services.filter((s) => s.kind === 'frontend').length;
      assert.equal(count(derive(fe, 'staging')), 3);
      assert.equal(count(derive(fe, 'prod')), 0);
      assert.equal(count(derive(fe, 'prod', '1.x', { includeFrontends: true })), 3);
      assert.equal(count(derive(fe, 'dev', '1.x', { includeFrontends: false })), 0);
    });

    it('skip an app whose route is not a hostname fragment', () => {
      const m = derive({ ...BASE, FRONTEND_APP_1_NAME: 'web', FRONTEND_APP_1_ROUTE: 'web_app!' });
      assert.equal(m.services.filter((s) => s.kind === 'frontend').length, 0);
    });
  });

  it('derives a large config in time proportional to its size (250 → 5,000 app settings)', () => {
    const catalog = getCatalog('1.x');
    const configOf = (n: number) => {
      const values: Record<string, string> = { ...BASE, MONITORING_ENABLED: 'true', REDIS_ENABLED: 'true' };
      for (let i = 1; i <= 10; i++) values[`CS_${i}`] = `svc${i}:express-ts:${8100 + i}:svc${i}`;
      for (let i = 1; i <= 20; i++) values[`FRONTEND_APP_${i}_NAME`] = `app${i}`;
      for (let i = 0; i < n; i++) values[`APP_SETTING_${i}`] = String(i);
      return fakeConfig(values);
    };
    // Ten derivations per timing: one is too short to time at the small size.
    assertScalesLinearly('deriveServiceModel', { small: 250, large: 5000, maxRatio: 100, prepare: configOf, work: (config) => {
      for (let i = 0; i < 10; i++) deriveServiceModel(config, catalog);
    } });
  });
});

describe('model helpers', () => {
  it('expandTemplate handles plain, default and nested references', () => {
    const lookup = (k: string) => ({ A: 'a', EMPTY: '' } as Record<string, string>)[k] ?? '';
    assert.equal(expandTemplate('x-${A}-y', lookup), 'x-a-y');
    assert.equal(expandTemplate('${EMPTY:-fallback}', lookup), 'fallback');
    assert.equal(expandTemplate('${MISSING:-${A}}', lookup), 'a');
    assert.equal(expandTemplate('${A:-${B}}!', lookup), 'a!');
    assert.equal(expandTemplate('no refs', lookup), 'no refs');
  });

  it('sanitizeDbName follows 1.x SanitizeDBName', () => {
    assert.equal(sanitizeDbName('my-app.v2 x'), 'my_app_v2_x');
    assert.equal(sanitizeDbName('1app'), '_1app');
    assert.equal(sanitizeDbName('a'.repeat(70)).length, 63);
  });
});
