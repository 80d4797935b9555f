import * as assert from 'node:assert/strict';
import type { ModelService, ServiceModel } from '../../../server/src/core/model/types';
import type { ContainerSnapshot } from '../../../server/src/core/stack/containers';
import { rowFacts, stackRows, summarize } from '../../../server/src/core/stack/rows';

const NOW = Date.parse('2026-12-01T10:10:00Z');

function svc(id: string, kind: ModelService['kind'], extra: Partial<ModelService> = {}): ModelService {
  return {
    id, kind, title: id, composeKey: kind === 'frontend' ? undefined : id, containerName: kind === 'frontend' ? undefined : `demo_${id}`,
    ports: [], routes: [], environment: {}, dependsOn: [], volumes: [], origin: { file: '/p/.env', line: 3, key: 'CS_1' }, ...extra,
  };
}

function ctr(service: string | undefined, extra: Partial<ContainerSnapshot> = {}): ContainerSnapshot {
  return {
    id: `${service ?? 'x'}000000000000`, name: `demo_${service ?? 'x'}`, image: 'img', labels: {}, project: 'demo', service,
    status: 'running', startedAt: '2026-12-01T10:07:00Z', hasHealthcheck: false, restartPolicy: 'unless-stopped', ports: [], ...extra,
  };
}

const model: ServiceModel = {
  projectName: 'demo', baseDomain: 'local.nself.org', env: 'dev', profile: '1.x', network: 'demo_network', volumes: [], sources: [],
  services: [
    svc('postgres', 'core', { ports: [{ host: 5432, container: 5432, name: 'pg', origin: {} }] }),
    svc('hasura', 'core', { routes: [{ route: 'api', host: 'api.local.nself.org', url: 'https://api.local.nself.org', upstream: 'hasura:8080', websocket: true, origin: {} }] }),
    svc('redis', 'optional'),
    svc('grafana', 'monitoring'),
    svc('api', 'custom'),
    svc('frontend:web', 'frontend', { ports: [{ host: 3000, container: 3000, name: 'http', origin: {} }], frontend: { index: 1, name: 'web' } }),
  ],
};

describe('core/stack/rows', () => {
  const containers = [
    ctr('postgres', { hasHealthcheck: true, health: { status: 'healthy', failingStreak: 0, log: [] }, ports: [{ container: 5432, protocol: 'tcp', host: 5432, hostIp: '127.0.0.1' }] }),
    ctr('hasura', { hasHealthcheck: true, health: { status: 'unhealthy', failingStreak: 3, log: [{ exitCode: 1, output: 'connection refused' }] } }),
    ctr('grafana', { status: 'exited', exitCode: 1, finishedAt: '2026-12-01T10:07:00Z' }),
    ctr('minio-init', { status: 'exited', exitCode: 0, restartPolicy: 'no' }),
    ctr('api', { project: 'other-project' }),
  ];
  const rows = stackRows(model, containers, { now: NOW, listening: (p) => p === 3000 });

  it('one row per model service, grouped, plus Other for unknown containers of the project', () => {
    assert.deepEqual(rows.map((r) => [r.group, r.name, r.state]), [
      ['core', 'postgres', 'healthy'],
      ['core', 'hasura', 'unhealthy'],
      ['optional', 'redis', 'not-created'],
      ['monitoring', 'grafana', 'exited'],
      ['custom', 'api', 'not-created'],
      ['frontend', 'web', 'listening'],
      ['other', 'minio-init', 'exited'],
    ]);
  });

  it('descriptions: port and uptime, exit code and age, not created', () => {
    const by = (n: string) => rows.find((r) => r.name === n)!;
    assert.equal(by('postgres').description, ':5432 · up 3 min · healthy');
    assert.equal(by('grafana').description, 'exited 1 · 3 min ago');
    assert.equal(by('redis').description, 'not created');
    assert.equal(by('web').description, ':3000 · listening');
    assert.deepEqual(by('hasura').healthOutput, ['connection refused']);
  });

  it('verdicts by nself rules; a one-shot that exited 0 is ok; summary counts what should run', () => {
    const by = (n: string) => rows.find((r) => r.name === n)!;
    assert.equal(by('minio-init').verdict, 'ok');
    assert.equal(by('hasura').verdict, 'failed');
    const s = summarize(rows);
    assert.equal(s.total, 5);
    assert.equal(s.up, 1);
    assert.deepEqual(s.failed.map((r) => r.name), ['hasura', 'redis', 'grafana', 'api']);
  });

  it('replicas: the worst container speaks, the description counts them', () => {
    const r = stackRows(model, [ctr('redis', { id: 'a1', name: 'demo_redis_1' }), ctr('redis', { id: 'a2', name: 'demo_redis_2', status: 'exited', exitCode: 137 })], { now: NOW });
    const redis = r.find((x) => x.name === 'redis')!;
    assert.equal(redis.state, 'exited');
    assert.match(redis.description, /1\/2 up/);
  });

  it('a container without compose labels is matched by its name', () => {
    const r = stackRows(model, [ctr(undefined, { name: 'demo_redis', project: undefined })], { now: NOW });
    assert.equal(r.find((x) => x.name === 'redis')!.state, 'running');
  });

  it('tooltip facts name image, container, DNS name, ports, route and the declaring line', () => {
    const facts = Object.fromEntries(rowFacts(rows.find((r) => r.name === 'postgres')!));
    assert.equal(facts['DNS name'], 'postgres');
    assert.equal(facts.ports, '127.0.0.1:5432 → 5432/tcp');
    assert.equal(facts.declared, 'CS_1 · /p/.env:3');
    assert.equal(Object.fromEntries(rowFacts(rows.find((r) => r.name === 'hasura')!)).route, 'https://api.local.nself.org');
  });
});
