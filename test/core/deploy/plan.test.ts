import { strict as assert } from 'assert';
import { diffLines, unifiedDiff } from '../../../server/src/core/deploy/diff';
import { buildPlan, planIsEmpty, startOrder } from '../../../server/src/core/deploy/plan';
import { planMarkdown } from '../../../server/src/core/deploy/report';
import { SecretMasker } from '../../../server/src/core/secrets';
import { snapshotFromInspect } from '../../../server/src/core/stack/containers';
import { files, MODEL, target } from './fixtures';

const container = (service: string, project = 'demo') =>
  snapshotFromInspect({ Id: service, Name: `/${project}_${service}`, Config: { Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': service } }, State: { Status: 'running' } });
const remoteOf = (fs: ReturnType<typeof files>) => Object.fromEntries(fs.map((f) => [f.path, f.sha256]));

describe('deploy plan', () => {
  it('line diff finds the changed lines and hunks', () => {
    assert.deepEqual(diffLines('a\nb\nc\n', 'a\nB\nc\n').map((l) => l.op + l.text), [' a', '-b', '+B', ' c']);
    const d = unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8\n9\n', '1\n2\n3\n4\nfive\n6\n7\n8\n9\n', 'f');
    assert.match(d, /@@ -2,7 \+2,7 @@\n 2\n 3\n 4\n-5\n\+five\n 6/);
    assert.equal(unifiedDiff('same\n', 'same\n', 'f'), '');
  });

  it('starts postgres, hasura and auth first and skips frontends', () => {
    assert.deepEqual(startOrder(MODEL), ['postgres', 'api']);
  });

  it('first deploy: every service created, every file new, secrets masked in the diff', () => {
    const masker = new SecretMasker(['s3cret-value-123']);
    const plan = buildPlan({ target: target(), model: MODEL, files: files(), remote: { files: {}, contents: {}, containers: [] }, releaseId: 'r1', masker });
    assert.deepEqual(plan.services.map((s) => `${s.name}:${s.action}`), ['postgres:create', 'api:create']);
    assert.deepEqual(plan.files.map((f) => f.change), ['add', 'add', 'add']);
    assert.deepEqual(plan.images, [{ service: 'postgres', image: 'postgres:16-alpine', how: 'pull' }, { service: 'api', image: './services/api', how: 'build' }]);
    const md = planMarkdown(plan);
    assert.ok(!md.includes('s3cret-value-123'), md);
    assert.match(md, /POSTGRES_PASSWORD=••••/);
    assert.match(md, /api\.example\.com/);
  });

  it('a changed build file recreates that service only and sends only that file', () => {
    const before = files();
    const after = files('console.log(2)\n');
    const plan = buildPlan({
      target: target(),
      model: MODEL,
      files: after,
      remote: { files: remoteOf(before), contents: { 'services/api/index.js': 'console.log(1)\n' }, containers: [container('postgres'), container('api'), container('worker'), container('x', 'other')] },
      releaseId: 'r2',
      masker: new SecretMasker(),
    });
    assert.deepEqual(plan.services.map((s) => `${s.name}:${s.action}`), ['postgres:unchanged', 'api:recreate', 'worker:remove']);
    assert.deepEqual(plan.files.filter((f) => f.change !== 'same').map((f) => f.path), ['services/api/index.js']);
    assert.equal(plan.bytesToSend, 'console.log(2)\n'.length);
    assert.match(plan.files[2]!.diff!, /-console.log\(1\)\n\+console.log\(2\)/);
    assert.equal(planIsEmpty(plan), false);
  });

  it('a changed secret shows as changed in the env diff, both values masked', () => {
    const before = files();
    const after = files(undefined, 'rotated-secret-456');
    const plan = buildPlan({ target: target(), model: MODEL, files: after, remote: { files: remoteOf(before), contents: { '.env.runtime': Buffer.from(before[1]!.content).toString() }, containers: [] }, releaseId: 'r5', masker: new SecretMasker(['s3cret-value-123', 'rotated-secret-456']) });
    const diff = plan.files.find((f) => f.path === '.env.runtime')!.diff!;
    assert.match(diff, /-POSTGRES_PASSWORD=••••\n\+POSTGRES_PASSWORD=••••  \(changed\)/);
    assert.ok(!diff.includes('s3cret') && !diff.includes('rotated'), diff);
  });

  it('a redeploy of the same files plans nothing', () => {
    const plan = buildPlan({ target: target(), model: MODEL, files: files(), remote: { files: remoteOf(files()), contents: {}, containers: [container('postgres'), container('api')] }, releaseId: 'r3', masker: new SecretMasker() });
    assert.equal(planIsEmpty(plan), true);
    assert.equal(plan.bytesToSend, 0);
  });

  it('a changed compose definition recreates the services whose definition changed', () => {
    const after = files();
    const compose = 'services:\n  postgres:\n    image: postgres:17-alpine\n  api:\n    build: ./services/api\n';
    after[0] = { ...after[0]!, content: Buffer.from(compose), sha256: 'x' };
    const plan = buildPlan({ target: target(), model: MODEL, files: after, remote: { files: remoteOf(files()), contents: { 'docker-compose.yml': Buffer.from(files()[0]!.content).toString() }, containers: [container('postgres'), container('api')] }, releaseId: 'r4', masker: new SecretMasker() });
    assert.deepEqual(plan.services.map((s) => `${s.name}:${s.action}`), ['postgres:recreate', 'api:unchanged']);
  });
});
