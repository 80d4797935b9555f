import { strict as assert } from 'node:assert';
import { getCatalog, PGVECTOR_IMAGE, RESERVED_PORTS, USER_PREFIXES } from '../../server/src/core/catalog';
import { languageTemplates } from '../../server/src/core/catalog/templates';
import { isSecretKey, maskSecrets, maskValue, SECRET_MASK } from '../../server/src/core/secrets';

/** RESEARCH-NOTES §2.3, one line per language folder. */
const TEMPLATES_BY_LANGUAGE: Record<string, string> = {
  js: 'bullmq-js bullmq-ts bun deno express-js express-ts fastify-js fastify-ts hono-js hono-ts nest-js nest-ts node-js node-ts socketio-js socketio-ts temporal-js temporal-ts trpc',
  py: 'agent-analytics agent-llm agent-timeseries agent-training agent-vision celery django-rest fastapi flask ray',
  go: 'echo fiber gin grpc',
  ruby: 'rails sinatra',
  rust: 'actix-web',
  java: 'spring-boot',
  kotlin: 'ktor',
  csharp: 'aspnet',
  php: 'laravel',
  elixir: 'phoenix',
  swift: 'vapor',
  cpp: 'oatpp',
  lua: 'lapis',
  zig: 'zap',
};
const BARE_ALIASES = 'express fastify hono nest nestjs socketio temporal bullmq node django actix spring'.split(' ');

const REFERENCE_SERVICE_NAMES = [
  'postgres', 'hasura', 'auth', 'nginx', 'redis', 'minio', 'mailpit', 'functions', 'meilisearch', 'typesense', 'mlflow', 'grafana',
  'prometheus', 'loki', 'promtail', 'tempo', 'alertmanager', 'cadvisor', 'node-exporter', 'postgres-exporter', 'redis-exporter', 'nself-admin',
];

describe('catalog', () => {
  const v1 = getCatalog('1.x');
  const v09 = getCatalog('0.9');

  it('is built once per profile', () => {
    assert.equal(getCatalog('1.x'), v1);
    assert.equal(getCatalog(), v1);
    assert.notEqual(v09, v1);
    assert.equal(v09.profile, '0.9');
  });

  describe('templates', () => {
    it('has exactly the 45 language templates of §2.3 with their language', () => {
      const all = languageTemplates();
      assert.equal(all.length, 45);
      for (const [language, names] of Object.entries(TEMPLATES_BY_LANGUAGE)) {
        for (const name of names.split(' ')) {
          const t = v1.templates.get(name);
          assert.ok(t, `missing template ${name}`);
          assert.equal(t.language, language, name);
          assert.equal(t.aliasOf, undefined);
        }
      }
    });

    it('has the three top-level templates and the bare aliases', () => {
      for (const name of ['custom', 'oauth-handlers', 'websocket-server']) assert.ok(v1.templates.has(name), name);
      for (const alias of BARE_ALIASES) {
        const t = v1.templates.get(alias);
        assert.ok(t?.aliasOf, alias);
        assert.ok(v1.templates.has(t.aliasOf!), `${alias} → ${t.aliasOf}`);
      }
      assert.equal(v1.templates.size, 45 + 3 + BARE_ALIASES.length);
      assert.equal(v1.templates.has('plugin'), false);
      assert.equal(v1.templates.get('fastify')!.aliasOf, 'fastify-js');
    });

    it('assigns families and compiled flags', () => {
      assert.equal(v1.templates.get('express-ts')!.family, 'node');
      assert.equal(v1.templates.get('fastapi')!.family, 'python');
      assert.equal(v1.templates.get('grpc')!.family, 'go');
      assert.equal(v1.templates.get('rails')!.family, 'other');
      for (const name of ['echo', 'fiber', 'gin', 'grpc', 'spring-boot', 'actix-web', 'oatpp', 'zap', 'aspnet', 'ktor', 'vapor', 'actix', 'spring']) {
        assert.equal(v1.templates.get(name)!.compiled, true, name);
      }
      for (const name of ['express-js', 'fastapi', 'rails', 'laravel', 'phoenix', 'lapis', 'custom']) {
        assert.equal(v1.templates.get(name)!.compiled, false, name);
      }
    });
  });

  describe('services', () => {
    it('has every built-in service, and they are the reserved names of REFERENCE §4', () => {
      assert.deepEqual([...v1.reservedServiceNames].sort(), [...REFERENCE_SERVICE_NAMES].sort());
      assert.deepEqual(v1.services.map((s) => s.key), v09.services.map((s) => s.key));
    });

    it('marks kinds, core flags default on', () => {
      for (const key of ['postgres', 'hasura', 'auth', 'nginx']) {
        const s = v1.services.find((x) => x.key === key)!;
        assert.equal(s.kind, 'core');
        assert.equal(s.enabled.default, true);
        assert.equal(s.enabled.flag, `${key.toUpperCase()}_ENABLED`);
      }
      const monitoring = v1.services.filter((s) => s.kind === 'monitoring');
      assert.equal(monitoring.length, 10);
      for (const s of monitoring) assert.deepEqual(s.enabled.alsoBy, ['MONITORING_ENABLED']);
      assert.equal(v1.services.find((s) => s.key === 'redis-exporter')!.enabled.requires, 'redis');
    });

    it('uses 1.x pinned images in 1.x and 0.9 defaults in 0.9', () => {
      const image = (c: typeof v1, key: string) => c.services.find((s) => s.key === key)!.image.default;
      assert.equal(image(v1, 'hasura'), 'hasura/graphql-engine:v2.44.0');
      assert.equal(image(v09, 'hasura'), 'hasura/graphql-engine:v2.36.0');
      assert.equal(image(v1, 'postgres'), 'postgres:16-alpine');
      assert.equal(PGVECTOR_IMAGE['1.x'], 'pgvector/pgvector:pg16');
      assert.equal(image(v09, 'postgres'), 'postgres:16-alpine');
      assert.equal(image(v1, 'auth'), 'nhost/hasura-auth:0.36.0');
      assert.equal(image(v1, 'mailpit'), 'axllent/mailpit:v1.15');
      assert.equal(image(v1, 'grafana'), 'grafana/grafana:latest');
      assert.equal(image(v1, 'loki'), 'grafana/loki:2.9.0');
    });

    it('reads the Mailpit and admin routes from the key each profile reads', () => {
      const route = (c: typeof v1, key: string) => c.services.find((s) => s.key === key)!.routes[0]!;
      assert.equal(route(v1, 'mailpit').key, 'MAILPIT_ROUTE');
      assert.deepEqual(route(v1, 'mailpit').aliases, ['MAIL_ROUTE']);
      assert.equal(route(v09, 'mailpit').key, 'MAIL_ROUTE');
      assert.equal(route(v09, 'mailpit').aliases, undefined);
      assert.equal(route(v1, 'mailpit').default, 'mail');
      assert.equal(route(v1, 'nself-admin').key, 'NSELF_ADMIN_ROUTE');
      assert.equal(route(v09, 'nself-admin').key, 'ADMIN_ROUTE');
    });

    it('picks the search engine key per profile', () => {
      const when = (c: typeof v1, key: string) => c.services.find((s) => s.key === key)!.enabled.when!;
      assert.deepEqual(when(v1, 'typesense'), { key: 'SEARCH_ENGINE', equals: 'typesense', default: 'meilisearch' });
      assert.equal(when(v09, 'meilisearch').key, 'SEARCH_PROVIDER');
    });

    it('names containers with underscores, nself-admin as admin', () => {
      const suffix = (key: string) => v1.services.find((s) => s.key === key)!.containerSuffix;
      assert.equal(suffix('node-exporter'), 'node_exporter');
      assert.equal(suffix('nself-admin'), 'admin');
      assert.equal(suffix('postgres'), 'postgres');
    });

    it('declares required secrets per REFERENCE §5', () => {
      const secrets = (key: string) => v1.services.find((s) => s.key === key)!.requiredSecrets ?? [];
      assert.deepEqual(secrets('postgres'), [{ key: 'POSTGRES_PASSWORD', when: 'all' }]);
      assert.deepEqual(secrets('redis'), [{ key: 'REDIS_PASSWORD', when: 'deployed' }]);
      assert.deepEqual(secrets('meilisearch'), [{ key: 'MEILISEARCH_MASTER_KEY', anyOf: ['SEARCH_API_KEY'], when: 'all' }]);
      assert.equal(secrets('grafana')[0]!.key, 'GRAFANA_ADMIN_PASSWORD');
    });

    it('refers only to keys the catalog knows', () => {
      for (const c of [v1, v09]) {
        for (const s of c.services) {
          for (const key of s.relatedKeys) assert.ok(c.keys.has(key) || key.startsWith('NADMIN'), `${c.profile} ${s.key}: ${key}`);
        }
      }
    });

    it('gives every port and route key a default matching the service data', () => {
      for (const s of v1.services) {
        for (const p of s.ports) if (p.key && s.key !== 'typesense') assert.equal(v1.keys.get(p.key)?.default, String(p.default), `${s.key} ${p.key}`);
        for (const r of s.routes) assert.equal(v1.keys.get(r.key)?.default ?? r.default, r.default, `${s.key} ${r.key}`);
      }
    });
  });

  it('reserves exactly the ports of REFERENCE §4', () => {
    const expected = [80, 443, 5432, 8080, 4000, 6379, 9000, 9001, 7700, 3021, 1025, 8025, 3008, 5000];
    assert.deepEqual([...v1.reservedPorts].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
    assert.deepEqual(RESERVED_PORTS, expected);
    assert.equal(v09.reservedPorts.has(8001), false);
  });

  it('lists the user prefixes of Appendix A', () => {
    assert.equal(USER_PREFIXES.length, 18);
    assert.ok(v1.userPrefixes.includes('AUTH_PROVIDER_'));
    assert.ok(v1.userPrefixes.includes('SERVICES_'));
  });

  describe('keys', () => {
    it('types keys from their names and rows', () => {
      assert.equal(v1.keys.get('POSTGRES_PORT')!.type, 'port');
      assert.equal(v1.keys.get('REDIS_ENABLED')!.type, 'bool');
      assert.equal(v1.keys.get('BASE_DOMAIN')!.type, 'domain');
      assert.equal(v1.keys.get('PROJECT_NAME')!.type, 'project-name');
      assert.equal(v1.keys.get('HASURA_GRAPHQL_JWT_SECRET')!.type, 'json');
      assert.equal(v1.keys.get('AUTH_RATE_LIMIT')!.type, 'rate');
      assert.equal(v1.keys.get('HASURA_ROUTE')!.type, 'route');
      assert.deepEqual(v1.keys.get('SEARCH_ENGINE')!.values, ['meilisearch', 'typesense']);
      assert.equal(v1.keys.get('BASE_DOMAIN')!.default, 'localhost');
    });

    it('types the operations keys too', () => {
      assert.equal(v1.keys.get('SMTP_SECURE')!.type, 'bool');
      assert.equal(v1.keys.get('BACKUP_ENABLED')!.type, 'bool');
      assert.equal(v1.keys.get('GOOGLE_OAUTH_CLIENT_SECRET')!.secret, true);
      assert.equal(v1.keys.get('NSELF_START_MODE')!.default, 'smart');
    });

    it('flags secrets', () => {
      assert.equal(v1.keys.get('POSTGRES_PASSWORD')!.secret, true);
      assert.equal(v1.keys.get('SMTP_PASS')!.secret, true);
      assert.equal(v1.keys.get('POSTGRES_USER')!.secret, undefined);
    });

    it('differs between profiles only where a row says so', () => {
      assert.equal(v1.keys.has('ADMIN_ROUTE'), false);
      assert.equal(v09.keys.has('ADMIN_ROUTE'), true);
      assert.equal(v1.keys.get('HASURA_VERSION')!.default, 'v2.44.0');
      assert.equal(v09.keys.get('HASURA_VERSION')!.default, 'v2.36.0');
      assert.equal(v1.keys.get('MLFLOW_PORT')!.default, '5000');
      assert.equal(v09.keys.get('MLFLOW_PORT')!.default, '5005');
    });

    it('every key has a group and a description', () => {
      for (const spec of v1.keys.values()) {
        assert.ok(spec.group, spec.key);
        assert.ok(spec.description.length > 5, spec.key);
      }
    });
  });

  describe('synonyms', () => {
    it('points to the key each profile reads', () => {
      const right = (c: typeof v1, wrong: string) => c.synonyms.find((s) => s.wrong === wrong)?.right;
      assert.equal(right(v1, 'HASURA_DEV_MODE'), 'HASURA_GRAPHQL_DEV_MODE');
      assert.equal(right(v09, 'HASURA_GRAPHQL_DEV_MODE'), 'HASURA_DEV_MODE');
      assert.equal(right(v1, 'MAIL_ROUTE'), 'MAILPIT_ROUTE');
      assert.equal(right(v09, 'MAILPIT_ROUTE'), 'MAIL_ROUTE');
      assert.equal(right(v1, 'ADMIN_ROUTE'), 'NSELF_ADMIN_ROUTE');
      assert.equal(right(v09, 'NSELF_ADMIN_ROUTE'), 'ADMIN_ROUTE');
      assert.equal(right(v1, 'MEILI_MASTER_KEY'), 'MEILISEARCH_MASTER_KEY');
      assert.equal(right(v1, 'SEARCH_PROVIDER'), 'SEARCH_ENGINE');
      assert.equal(right(v09, 'SEARCH_ENGINE'), 'SEARCH_PROVIDER');
      assert.equal(right(v1, 'MAILPIT_ROUTE'), undefined);
    });

    it('marks known wrong keys as deprecated in favour of the right one', () => {
      assert.equal(v1.keys.get('HASURA_ADMIN_SECRET')!.deprecatedFor, 'HASURA_GRAPHQL_ADMIN_SECRET');
      assert.equal(v1.keys.get('HASURA_DEV_MODE')!.deprecatedFor, 'HASURA_GRAPHQL_DEV_MODE');
      assert.equal(v1.keys.get('HASURA_GRAPHQL_DEV_MODE')!.deprecatedFor, undefined);
      assert.equal(v09.keys.get('HASURA_GRAPHQL_DEV_MODE')!.deprecatedFor, 'HASURA_DEV_MODE');
    });
  });

  describe('families', () => {
    it('CS_N has the sub-keys of REFERENCE §4 and N in 1..10', () => {
      const subs = 'PORT ROUTE PUBLIC WEBSOCKET MEMORY CPU REPLICAS HEALTHCHECK ENV TABLE_PREFIX REDIS_PREFIX RATE_LIMIT DEV_DOMAIN PROD_DOMAIN PATH IMAGE ENV_FILE VOLUMES DEPENDS_ON NETWORKS DOCKERFILE BUILD_TARGET COMMAND ENV_PASSTHROUGH PORTS RESTART_POLICY'.split(' ');
      assert.deepEqual(v1.customServices.subKeys.map((s) => s.name).sort(), [...subs].sort());
      assert.equal(v1.customServices.min, 1);
      assert.equal(v1.customServices.max, 10);
    });

    it('sub-key patterns compile and accept the documented formats', () => {
      const sub = (name: string) => new RegExp(v1.customServices.subKeys.find((s) => s.name === name)!.pattern!);
      assert.ok(sub('DEPENDS_ON').test('redis:healthy,worker'));
      assert.ok(sub('DEPENDS_ON').test('a:started, b:completed'));
      assert.ok(!sub('DEPENDS_ON').test('redis:ready'));
      assert.ok(sub('ENV').test('KEY=val,KEY2=val2'));
      assert.ok(!sub('ENV').test('KEY'));
      assert.ok(sub('VOLUMES').test('./data:/data:ro,cache:/cache'));
      assert.ok(sub('MEMORY').test('256m'));
      assert.ok(sub('MEMORY').test('1G'));
      assert.ok(!sub('MEMORY').test('lots'));
      assert.ok(sub('BUILD_TARGET').test('runtime'));
      assert.ok(!sub('RESTART_POLICY').test('sometimes'));
      for (const family of [v1.customServices, v1.frontendApps, v1.remoteSchemas, v1.internalRoutes]) {
        for (const s of family.subKeys) if (s.pattern) assert.doesNotThrow(() => new RegExp(s.pattern!), s.name);
      }
    });

    it('frontend apps 1..20, remote schemas 1..10, internal routes 1..20', () => {
      assert.deepEqual([v1.frontendApps.min, v1.frontendApps.max], [1, 20]);
      assert.deepEqual([v1.remoteSchemas.min, v1.remoteSchemas.max], [1, 10]);
      assert.deepEqual([v1.internalRoutes.min, v1.internalRoutes.max], [1, 20]);
      const fe = v1.frontendApps.subKeys.map((s) => s.name);
      for (const k of 'NAME DISPLAY_NAME SYSTEM_NAME PORT ROUTE FRAMEWORK TABLE_PREFIX IMAGE REMOTE_SCHEMA_NAME REMOTE_SCHEMA_URL API_ROUTE API_PORT'.split(' ')) assert.ok(fe.includes(k), k);
      assert.equal(fe.includes('ISOLATE_AUTH'), false);
      assert.ok(v09.frontendApps.subKeys.some((s) => s.name === 'ISOLATE_AUTH'));
      assert.equal(v1.internalRoutes.subKeys.find((s) => s.name === 'TARGET')!.default, 'hasura:8080');
    });

    it('custom service names follow the profile rule', () => {
      assert.ok(v1.customServiceName.test('my-api'));
      assert.ok(!v09.customServiceName.test('my-api'));
      assert.ok(v09.customServiceName.test('my_api'));
      assert.ok(!v1.customServiceName.test('a'));
      assert.ok(v09.customServiceName.test('a'));
    });
  });
});

describe('secrets', () => {
  it('recognises secret keys by REFERENCE §5', () => {
    for (const key of ['POSTGRES_PASSWORD', 'HASURA_GRAPHQL_ADMIN_SECRET', 'HASURA_JWT_KEY', 'GITHUB_TOKEN', 'APPLE_OAUTH_PRIVATE_KEY', 'NOTIFY_VAPID_PRIVATE_KEY', 'MEILISEARCH_MASTER_KEY', 'SECRET_THING']) {
      assert.ok(isSecretKey(key), key);
    }
    for (const key of ['POSTGRES_USER', 'PROJECT_NAME', 'APNS_KEY_ID', 'KEYBOARD', 'BASE_DOMAIN', 'MONKEY_PORT']) {
      assert.ok(!isSecretKey(key), key);
    }
  });

  it('masks without revealing length', () => {
    assert.equal(maskValue('x'), SECRET_MASK);
    assert.equal(maskValue('a-very-long-secret-value-indeed'), SECRET_MASK);
    assert.equal(maskValue(''), '');
    assert.equal(SECRET_MASK, '••••');
  });

  it('masks the secrets of a record', () => {
    const masked = maskSecrets({ POSTGRES_PASSWORD: 'hunter2', POSTGRES_USER: 'postgres' });
    assert.deepEqual(masked, { POSTGRES_PASSWORD: '••••', POSTGRES_USER: 'postgres' });
    assert.deepEqual(maskSecrets({ POSTGRES_PASSWORD: 'hunter2' }, true), { POSTGRES_PASSWORD: 'hunter2' });
  });
});
