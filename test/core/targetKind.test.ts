import * as assert from 'node:assert/strict';
import { orchestratorFromControlPlane, orchestratorFromObject, orchestratorFromServerJson, targetNameOf } from '../../server/src/core/project/targetKind';

describe('project: target kind (server, swarm, kubernetes)', () => {
  it('reads server.json: no orchestrator is one server; swarm and kubernetes with their settings', () => {
    assert.deepEqual(orchestratorFromServerJson('{"name":"prod","host":"h","user":"root"}'), { kind: 'server', problems: [], source: 'server.json' });
    assert.deepEqual(orchestratorFromServerJson('{"orchestrator":"swarm","docker_context":"prod-manager","endpoint_mode":"vip"}'), {
      kind: 'swarm', dockerContext: 'prod-manager', endpointMode: 'vip', problems: [], source: 'server.json',
    });
    assert.deepEqual(orchestratorFromServerJson('{"orchestrator":"k8s","kube_context":"gke_acme_eu/prod","namespace":"shop"}'), {
      kind: 'kubernetes', kubeContext: 'gke_acme_eu/prod', namespace: 'shop', problems: [], source: 'server.json',
    });
    assert.equal(orchestratorFromServerJson(undefined).kind, 'server');
    assert.equal(orchestratorFromServerJson('{not json').kind, 'server');
  });

  it('reports values it cannot use instead of guessing another kind', () => {
    const bad = orchestratorFromObject({ orchestrator: 'nomad', namespace: 'Shop Prod', kube_context: 'a b', endpoint_mode: 'mesh', docker_context: 3 });
    assert.equal(bad.kind, 'server');
    assert.equal(bad.problems.length, 5);
    assert.match(bad.problems[0]!, /docker_context must be a string|orchestrator must be one of/);
    assert.ok(bad.problems.some((p) => /orchestrator must be one of compose, swarm, kubernetes/.test(p)));
    assert.ok(bad.problems.some((p) => /namespace must be a DNS label/.test(p)));
  });

  it('reads control-plane.yaml environments, production being prod', () => {
    const text = 'schema_version: 2\nenvironments:\n  production:\n    kind: remote\n    orchestrator: kubernetes\n    namespace: shop-prod\n  staging:\n    kind: remote\n';
    assert.deepEqual(orchestratorFromControlPlane(text, 'prod'), { kind: 'kubernetes', namespace: 'shop-prod', problems: [], source: '.nself/control-plane.yaml (environments.production)' });
    assert.equal(orchestratorFromControlPlane(text, 'staging')?.kind, 'server');
    assert.equal(orchestratorFromControlPlane(text, 'qa'), undefined);
    assert.equal(orchestratorFromControlPlane(': : :\n\t', 'prod'), undefined);
    assert.equal(orchestratorFromControlPlane(undefined, 'prod'), undefined);
  });

  it('names the deploy target of an effective config by its target layer, else the environment', () => {
    assert.equal(targetNameOf({ env: 'prod', layers: [{ path: '/p/.env', role: 'base' }, { path: '/p/.environments/eu-swarm/.env', role: 'target' }] }), 'eu-swarm');
    assert.equal(targetNameOf({ env: 'staging', layers: [{ path: '/p/.env', role: 'base' }] }), 'staging');
  });
});
