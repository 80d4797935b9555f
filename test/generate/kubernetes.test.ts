import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { generate, kubernetesObjects } from '../../server/src/core/generate';
import { memoryQuantity, seconds, type K8sObject } from '../../server/src/core/generate/kubernetes';
import { validateK8s } from '../helpers/realTools';
import { DEMO_SECRETS, demoModel } from './fixtures/demoModel';

type Obj = K8sObject & { spec?: Record<string, any>; data?: Record<string, string>; stringData?: Record<string, string> };

function find(objs: Obj[], kind: string, name: string): Obj | undefined {
  return objs.find((o) => o.kind === kind && o.metadata.name === name);
}

describe('generate: Kubernetes', () => {
  const objs = kubernetesObjects(demoModel('staging')) as Obj[];

  it('validates every object with kubernetes-models (dev and staging, parsed back from the YAML file)', () => {
    for (const env of ['dev', 'staging'] as const) {
      const [file] = generate(demoModel(env), 'k8s');
      const docs = parseAllDocuments(file?.content ?? '').map((d) => d.toJS() as unknown).filter((d) => d !== null);
      assert.ok(docs.length > 20, `only ${docs.length} documents`);
      assert.deepEqual(validateK8s(docs), []);
    }
  });

  it('rejects an invalid object (the validator is really checking)', () => {
    const bad = structuredClone(find(objs, 'Deployment', 'hasura')) as Obj;
    (bad.spec as Record<string, any>).replicas = 'three';
    assert.equal(validateK8s([bad]).length, 1);
    assert.equal(validateK8s([{ apiVersion: 'v1', kind: 'NoSuchKind', metadata: { name: 'x' } }]).length, 1);
  });

  it('has a Deployment and a Service named like the compose key for every container service', () => {
    for (const name of ['postgres', 'hasura', 'auth', 'nginx', 'redis', 'minio', 'mailpit', 'api', 'worker', 'ml-api']) {
      assert.ok(find(objs, 'Deployment', name), `Deployment ${name}`);
    }
    // postgres publishes no host port in staging, but hasura reaches it as postgres:5432.
    assert.deepEqual(find(objs, 'Service', 'postgres')?.spec?.ports, [{ name: 'p5432', port: 5432, targetPort: 5432, protocol: 'TCP' }]);
    assert.ok(!objs.some((o) => o.metadata.name === 'web' || o.metadata.name === 'admin-ui'), 'frontends are not in the cluster');
  });

  it('splits the environment into a ConfigMap and a Secret', () => {
    const cm = find(objs, 'ConfigMap', 'api-env')?.data ?? {};
    const secret = find(objs, 'Secret', 'api-env')?.stringData ?? {};
    assert.equal(cm.SERVICE_PORT, '8001');
    assert.equal(cm.POSTGRES_PASSWORD, undefined);
    assert.equal(secret.POSTGRES_PASSWORD, DEMO_SECRETS.postgres);
    assert.ok(secret.DATABASE_URL?.includes(DEMO_SECRETS.postgres), 'a URL holding the password is secret');
    for (const o of objs.filter((x) => x.kind === 'ConfigMap')) {
      for (const v of Object.values(o.data ?? {})) for (const s of Object.values(DEMO_SECRETS)) assert.ok(!v.includes(s), `${o.metadata.name} leaks a secret`);
    }
  });

  it('adds a HorizontalPodAutoscaler only for replicas > 1, with a CPU request to scale on', () => {
    const hpas = objs.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    assert.deepEqual(hpas.map((h) => h.metadata.name), ['worker']);
    assert.equal(hpas[0]?.spec?.minReplicas, 3);
    assert.equal(find(objs, 'Deployment', 'worker')?.spec?.replicas, 3);
    assert.deepEqual(find(objs, 'Deployment', 'worker')?.spec?.template.spec.containers[0].resources, { limits: { memory: '256Mi', cpu: '0.25' }, requests: { cpu: '0.25' } });
  });

  it('routes each in-cluster route through an Ingress, with TLS outside dev', () => {
    const ingresses = objs.filter((o) => o.kind === 'Ingress');
    assert.deepEqual(ingresses.map((i) => i.spec?.rules[0].host), [
      'api.local.nself.org', 'auth.local.nself.org', 'backend.local.nself.org', 'mail.local.nself.org',
      'ml.local.nself.org', 'storage-console.local.nself.org', 'storage.local.nself.org',
    ]);
    const api = find(objs, 'Ingress', 'api-local-nself-org');
    assert.deepEqual(api?.spec?.rules[0].http.paths[0].backend, { service: { name: 'hasura', port: { number: 8080 } } });
    assert.equal(api?.metadata.annotations && (api.metadata.annotations as Record<string, string>)['nginx.ingress.kubernetes.io/proxy-read-timeout'], '86400');
    assert.deepEqual(api?.spec?.tls, [{ hosts: ['api.local.nself.org'], secretName: 'local-nself-org-tls' }]);
    assert.equal(find(kubernetesObjects(demoModel('dev')) as Obj[], 'Ingress', 'api-local-nself-org')?.spec?.tls, undefined);
  });

  it('uses a placeholder image for services built from source, and keeps the build context', () => {
    const d = find(objs, 'Deployment', 'ml-api');
    assert.equal(d?.spec?.template.spec.containers[0].image, 'demo-ml-api:latest');
    assert.deepEqual(d?.metadata.annotations, { 'nself.org/build-context': './services/ml_api' });
  });

  it('converts Docker sizes and durations', () => {
    assert.equal(memoryQuantity('512M'), '512Mi');
    assert.equal(memoryQuantity('1g'), '1Gi');
    assert.equal(memoryQuantity('256mb'), '256Mi');
    assert.equal(memoryQuantity('1024'), '1024');
    assert.equal(seconds('1m30s', 0), 90);
    assert.equal(seconds('500ms', 0), 1);
    assert.equal(seconds('soon', 7), 7);
  });
});
