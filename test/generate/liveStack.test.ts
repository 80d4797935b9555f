/**
 * A generated stack really comes up on the Docker engine. Postgres, Hasura and the other images
 * cannot be pulled on these machines (no registry), so the model holds only custom services, built
 * `FROM nself-test/busybox` (made offline by scripts/ci/docker.sh): busybox httpd serving /health.
 * Compose v1 is what Debian packages, so the run uses the v1 copy (no `name:`, `-p` instead).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from '../../server/src/core/generate';
import type { ModelService, ServiceModel } from '../../server/src/core/model/types';
import { PATIENCE } from '../helpers/patience';
import { freePort } from '../helpers/privateDockerd';
import { composeForV1, dockerAvailable, hasCommand, requireTool, run } from '../helpers/realTools';

/** Unique per run: other engineers' tests use the same engine at the same time. */
const PROJECT = `nself-gen-live-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
const IMAGE = 'nself-test/busybox:latest';
const TOKEN = 'live-tok$en"with#hash and spaces';

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: PATIENCE.reply }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

function customService(name: string, port: number, extra: Partial<ModelService>): ModelService {
  return {
    id: name,
    kind: 'custom',
    title: name,
    composeKey: name,
    containerName: `${PROJECT}_${name}`,
    build: { context: `./services/${name}`, dockerfile: 'Dockerfile', origin: {} },
    ports: [],
    routes: [],
    healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${port}/health`], interval: '1s', timeout: '2s', retries: 30, startPeriod: '1s' },
    environment: { PORT: String(port), SERVICE_NAME: name },
    dependsOn: [],
    volumes: [],
    origin: {},
    custom: { index: 1, rawName: name, template: 'custom', public: false },
    ...extra,
  };
}

/** Compose project containers: name → inspect data. */
interface Inspect {
  State: { Status: string; Health?: { Status: string } };
  Config: { Labels: Record<string, string>; Env: string[] };
  HostConfig: { Memory: number };
  NetworkSettings: { Networks: Record<string, unknown> };
  Mounts: { Type: string; Name?: string; Destination: string }[];
}

function projectContainers(): Map<string, Inspect> {
  const ids = run('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`]).stdout.split('\n').filter(Boolean);
  const out = new Map();
  if (ids.length === 0) return out;
  const r = run('docker', ['inspect', ...ids]);
  for (const c of JSON.parse(r.stdout) as { Name: string }[]) out.set(c.Name.replace(/^\//, ''), c);
  return out;
}

describe('generate: a generated stack runs on the real Docker engine', function () {
  // Image builds and health checks take minutes on a busy machine: wait on conditions, bounded by PATIENCE.
  this.timeout(PATIENCE.build * 2);
  let dir = '';
  let hostPort = 0;
  const compose = (...args: string[]) => run('docker-compose', ['-p', PROJECT, '-f', 'docker-compose.v1.yml', '--env-file', '.env.runtime', ...args], { cwd: dir, timeoutMs: PATIENCE.build });

  before(async function () {
    requireTool(this, dockerAvailable(), 'a running Docker engine (dockerd)');
    requireTool(this, hasCommand('docker-compose'), 'docker-compose (Debian package docker-compose, v1.29)');
    requireTool(this, run('docker', ['image', 'inspect', IMAGE]).ok, `the offline test image ${IMAGE}`);
    // Leftovers from an interrupted run would make names clash.
    run('docker', ['rm', '-f', ...run('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`]).stdout.split('\n').filter(Boolean)]);
    run('docker', ['network', 'rm', `${PROJECT}_network`]);

    hostPort = await freePort();
    const model: ServiceModel = {
      projectName: PROJECT, baseDomain: 'localhost', env: 'dev', profile: '1.x', network: `${PROJECT}_network`, volumes: ['api_data'],
      sources: ['.env'],
      services: [
        customService('api', 8001, {
          ports: [{ host: hostPort, container: 8001, bind: '127.0.0.1', name: 'http', origin: {} }],
          environment: { PORT: '8001', SERVICE_NAME: 'api', API_TOKEN: TOKEN, GREETING: 'costs $5' },
          dependsOn: [{ service: 'worker', condition: 'service_healthy' }, { service: 'redis', condition: 'service_healthy' }],
          volumes: ['api_data:/data'],
          resources: { memory: '64M' },
        }),
        customService('worker', 8002, {
          ports: [{ host: 8002, container: 8002, bind: '127.0.0.1', name: 'http', origin: {} }],
          resources: { replicas: 2 },
        }),
      ],
    };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-gen-live-'));
    for (const t of ['compose', 'env'] as const) for (const f of generate(model, t)) fs.writeFileSync(path.join(dir, f.path), f.content, { mode: f.mode ?? 0o644 });
    fs.writeFileSync(path.join(dir, 'docker-compose.v1.yml'), composeForV1(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8')).text);
    for (const name of ['api', 'worker']) {
      fs.mkdirSync(path.join(dir, 'services', name), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'services', name, 'Dockerfile'),
        [`FROM ${IMAGE}`, 'RUN mkdir -p /www && echo ok > /www/health', 'CMD ["sh", "-c", "exec httpd -f -p \\"$PORT\\" -h /www"]', ''].join('\n'),
      );
    }
  });

  after(function () {
    if (!dir) return;
    const down = compose('down', '-v', '--rmi', 'local', '--remove-orphans');
    if (!down.ok) console.warn(`docker-compose down failed: ${down.stderr}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('comes up with docker-compose up -d --build and every container turns healthy', async () => {
    const t0 = Date.now();
    const up = compose('up', '-d', '--build');
    assert.ok(up.ok, `docker-compose up failed:\n${up.stderr}`);
    const deadline = Date.now() + PATIENCE.build;
    let states: string[] = [];
    while (Date.now() < deadline) {
      const cs = projectContainers();
      states = [...cs].map(([n, c]) => `${n}=${c.State.Health?.Status ?? c.State.Status}`).sort();
      if (cs.size === 3 && [...cs.values()].every((c) => c.State.Health?.Status === 'healthy')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`      up + healthy in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${states.join(', ')}`);
    assert.equal(states.length, 3, `expected api + 2 worker replicas, got ${states.join(', ')}`);
    for (const s of states) assert.match(s, /=healthy$/);
  });

  it('names containers as generated and carries the compose project/service labels', () => {
    const cs = projectContainers();
    const api = cs.get(`${PROJECT}_api`);
    assert.ok(api, `no container ${PROJECT}_api among ${[...cs.keys()].join(', ')}`);
    assert.equal(api.Config.Labels['com.docker.compose.project'], PROJECT);
    assert.equal(api.Config.Labels['com.docker.compose.service'], 'api');
    assert.equal(api.Config.Labels['nself.kind'], 'custom');
    const workers = [...cs].filter(([, c]) => c.Config.Labels['com.docker.compose.service'] === 'worker');
    assert.equal(workers.length, 2);
    for (const [name] of workers) assert.notEqual(name, `${PROJECT}_worker`, 'a replicated service must not get the fixed name');
    for (const [, c] of cs) assert.deepEqual(Object.keys(c.NetworkSettings.Networks), [`${PROJECT}_network`]);
  });

  it('applies deploy.resources limits and mounts the named volume', () => {
    const api = projectContainers().get(`${PROJECT}_api`);
    assert.equal(api?.HostConfig.Memory, 64 * 1024 * 1024);
    assert.deepEqual(api?.Mounts.filter((m) => m.Type === 'volume').map((m) => [m.Name, m.Destination]), [[`${PROJECT}_api_data`, '/data']]);
  });

  it('publishes 127.0.0.1:<host port> and passes secrets and dollars through unchanged', async () => {
    const res = await httpGet(`http://127.0.0.1:${hostPort}/health`);
    assert.equal(res.status, 200);
    assert.equal(res.body.trim(), 'ok');
    const env = run('docker', ['exec', `${PROJECT}_api`, 'env']).stdout.split('\n');
    assert.ok(env.includes(`API_TOKEN=${TOKEN}`), 'API_TOKEN reached the container unchanged');
    assert.ok(env.includes('GREETING=costs $5'));
    const compose = fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8');
    assert.ok(!compose.includes(TOKEN), 'the secret is not written into docker-compose.yml');
  });

  it('lets services reach each other by compose key on the project network', () => {
    const r = run('docker', ['exec', `${PROJECT}_api`, 'wget', '-q', '-O', '-', 'http://worker:8002/health']);
    assert.ok(r.ok, r.stderr);
    assert.equal(r.stdout.trim(), 'ok');
  });
});
