import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { generate, generateStack, monitorSeconds } from '../../server/src/core/generate';
import { planVariables } from '../../server/src/core/generate/secretEnv';
import { DEMO_ROOT, DEMO_SECRETS, demoModel } from './fixtures/demoModel';
import { hasCommand, requireTool, run, validateComposeSchema } from '../helpers/realTools';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type Svc = Record<string, any>;

function services(text: string): Record<string, Svc> {
  return (parse(text, { version: '1.1' }) as { services: Record<string, Svc> }).services;
}

describe('generate: Swarm stack file', () => {
  const staging = generate(demoModel('staging'), 'stack', { projectRoot: DEMO_ROOT })[0]!;
  const dev = generate(demoModel('dev'), 'stack', { projectRoot: DEMO_ROOT })[0]!;

  it('is written as docker-stack.yml and is valid against the Compose Specification schema', () => {
    assert.equal(staging.path, 'docker-stack.yml');
    assert.deepEqual(validateComposeSchema(staging.content), []);
    assert.deepEqual(validateComposeSchema(dev.content), []);
    assert.deepEqual(validateComposeSchema(generateStack(demoModel('staging'), { endpointMode: 'vip' })), []);
  });

  it('is accepted by the docker CLI stack loader (docker stack config), with the env snapshot in its environment', function () {
    requireTool(this, hasCommand('docker'), 'the docker CLI');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-stack-'));
    try {
      const file = path.join(dir, 'docker-stack.yml');
      fs.writeFileSync(file, staging.content);
      const values = Object.fromEntries(planVariables(demoModel('staging')).values);
      const ok = run('docker', ['stack', 'config', '-c', file], { env: { ...process.env, ...values } });
      assert.ok(ok.ok, ok.stderr);
      // The values arrive through the environment of the command, never through the file.
      assert.ok(ok.stdout.includes(DEMO_SECRETS.postgres));
      const missing = run('docker', ['stack', 'config', '-c', file], { env: { PATH: process.env.PATH ?? '', HOME: dir } });
      assert.equal(missing.ok, false);
      assert.match(missing.stderr, /missing from \.env\.runtime/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no container_name, restart or depends_on (Swarm ignores or rejects them) and keeps healthchecks', () => {
    for (const [name, s] of Object.entries(services(staging.content))) {
      assert.equal(s.container_name, undefined, name);
      assert.equal(s.restart, undefined, name);
      assert.equal(s.depends_on, undefined, name);
    }
    assert.deepEqual(services(staging.content).postgres?.healthcheck.test, ['CMD-SHELL', 'pg_isready -U postgres -d demo']);
  });

  it('gives every service a deploy section: replicas, limits, rolling update with Swarm rollback, rollback config', () => {
    const worker = services(staging.content).worker!;
    assert.equal(worker.deploy.replicas, 3);
    assert.equal(worker.deploy.endpoint_mode, 'dnsrr');
    assert.deepEqual(worker.deploy.resources, { limits: { memory: '256M', cpus: '0.25' } });
    assert.deepEqual(worker.deploy.update_config, { parallelism: 1, delay: '5s', order: 'start-first', failure_action: 'rollback', monitor: '120s' });
    assert.deepEqual(worker.deploy.rollback_config, { parallelism: 1, order: 'start-first', failure_action: 'pause', monitor: '120s' });
    // Stateful (named volume) or holding a fixed host port: the old task stops first.
    assert.equal(services(staging.content).postgres?.deploy.update_config.order, 'stop-first');
    assert.equal(services(staging.content).hasura?.deploy.update_config.order, 'stop-first');
    assert.deepEqual(services(staging.content).mailpit?.deploy.restart_policy, { condition: 'any' });
  });

  it('publishes ports in host mode (no IPVS needed), replicas on an engine-chosen port; vip mode uses the routing mesh', () => {
    assert.deepEqual(services(staging.content).worker?.ports, [{ target: 8002, protocol: 'tcp', mode: 'host' }]);
    assert.deepEqual(services(staging.content).hasura?.ports, [{ target: 8080, published: 8080, protocol: 'tcp', mode: 'host' }]);
    const vip = services(generateStack(demoModel('staging'), { endpointMode: 'vip' }));
    assert.deepEqual(vip.worker?.ports, [{ target: 8002, published: 8002, protocol: 'tcp', mode: 'ingress' }]);
    assert.equal(vip.worker?.deploy.endpoint_mode, 'vip');
  });

  it('does not publish ports bound to 127.0.0.1 (Swarm would open them on every interface) and says so', () => {
    assert.equal(services(dev.content).postgres?.ports, undefined);
    assert.match(dev.content, /# Not published \(bound to 127\.0\.0\.1 .*\): postgres:5432/);
  });

  it('names an image for services built from source, keeps the build for `docker compose build`', () => {
    const api = services(staging.content).api!;
    assert.equal(api.image, 'demo-api:latest');
    assert.equal(api.build.context, './services/api');
  });

  it('uses an attachable overlay network named without the stack prefix', () => {
    const doc = parse(staging.content, { version: '1.1' }) as { networks: Record<string, unknown> };
    assert.deepEqual(doc.networks, { demo_network: { driver: 'overlay', attachable: true } });
  });

  it('keeps every secret out of the file', () => {
    for (const f of [staging, dev]) {
      for (const [name, secret] of Object.entries(DEMO_SECRETS)) assert.ok(!f.content.includes(secret), `${name} leaks into the stack file`);
    }
  });

  it('watches a new task for at least the healthcheck window', () => {
    assert.equal(monitorSeconds(undefined), 30);
    assert.equal(monitorSeconds({ test: ['CMD', 'true'], interval: '10s', timeout: '5s', retries: 5, startPeriod: '60s' }), 120);
    assert.equal(monitorSeconds({ test: ['CMD', 'true'], interval: '2s', timeout: '1s', retries: 2 }), 10);
  });
});
