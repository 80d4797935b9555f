import * as assert from 'assert';
import { applyFix, lintText, tempProject, withCode } from '../../helpers/ruleHarness';

const check = (code: string, text: string, options: Parameters<typeof lintText>[1] = {}) => withCode(lintText(text, options), code);

describe('rules: custom services (CS_N)', () => {
  it('cs-format: too few fields; 0.9 warns about the fourth field and an omitted port', () => {
    const found = check('cs-format', 'CS_1=api\nCS_2=web:express-js:8002\n');
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[1, 'error']]);
    assert.match(found[0].message, /name:template/);
    const legacy = check('cs-format', 'CS_1=api:express-js:8001:api\nCS_2=worker:bullmq-js\n', { profile: '0.9' });
    assert.deepStrictEqual(legacy.map((f) => [f.line, f.severity, f.text]), [[1, 'warning', '8001:api'], [2, 'warning', 'worker:bullmq-js']]);
    assert.strictEqual(check('cs-format', 'CS_1=api:express-js:8001:api\nCS_2=worker:bullmq-js\n').length, 0, '1.x reads four fields');
  });

  it('cs-name: per-profile name rule, pointing at the name', () => {
    const found = check('cs-name', 'CS_1=My_API:express-js:8001\n');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].text, 'My_API');
    assert.strictEqual(applyFix('CS_1=My_API:express-js:8001\n', found[0].fixes[0]), 'CS_1=my_api:express-js:8001\n');
    assert.strictEqual(check('cs-name', 'CS_1=my-api:express-js:8001\n').length, 0);
    assert.strictEqual(check('cs-name', 'CS_1=my-api:express-js:8001\n', { profile: '0.9' }).length, 1, '0.9 forbids hyphens');
  });

  it('cs-template: unknown template with did-you-mean', () => {
    const text = 'CS_1=api:expres-js:8001\nCS_2=web:fastify:8002\n';
    const found = check('cs-template', text);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'error');
    assert.match(found[0].message, /`express-js`/);
    assert.strictEqual(applyFix(text, found[0].fixes[0]), 'CS_1=api:express-js:8001\nCS_2=web:fastify:8002\n');
    assert.strictEqual(check('cs-template', 'CS_1=api:custom:8001\nCS_1_IMAGE=x\n').length, 0);
    assert.strictEqual(check('cs-template', 'CS_1=api:plugin:8001\nCS_1_IMAGE=ghcr.io/a/b:1\n')[0].severity, 'warning');
  });

  it('cs-port: not a number, out of range, reserved (1.x only)', () => {
    const found = check('cs-port', 'CS_1=a1:express-js:80x\nCS_2=a2:express-js:70000\nCS_3=a3:express-js:5432\nCS_4_PORT=6379\nCS_4=a4:gin\n');
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2, 3, 4]);
    assert.match(found[2].message, /reserves/);
    assert.strictEqual(applyFix('CS_3=a3:express-js:5432\n', check('cs-port', 'CS_3=a3:express-js:5432\n')[0].fixes[0]), 'CS_3=a3:express-js:8003\n');
    assert.strictEqual(check('cs-port', 'CS_3=a3:express-js:5432\n', { profile: '0.9' }).length, 0);
    assert.strictEqual(check('cs-port', 'CS_1=a1:express-js:8001\n').length, 0);
  });

  it('cs-route: not a host name; upper case is a warning', () => {
    const found = check('cs-route', 'CS_1=a1:express-js:8001:my_api\nCS_2=a2:express-js:8002:Api\nCS_3=a3:express-js:8003:api.v2\n');
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[1, 'error'], [2, 'warning']]);
  });

  it('cs-name-clash: built-in service names and sanitized duplicates', () => {
    const found = check('cs-name-clash', 'CS_1=auth:fastify:8001\nCS_2=my_api:express-js:8002\nCS_3=my-api:express-js:8003\nCS_4=redis:node-js:8004\n');
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[1, 'error'], [3, 'error'], [4, 'warning']]);
    assert.strictEqual(found[1].related[0].line, 2);
    assert.strictEqual(check('cs-name-clash', 'CS_1=api:express-js:8001\nCS_2=worker:bullmq-js:8002\n').length, 0);
  });

  it('port-clash: a CS port in .env.dev against a frontend port in .env, on the right file and line', () => {
    const p = tempProject({
      '.env': 'PROJECT_NAME=demo\nFRONTEND_APP_1_NAME=web\nFRONTEND_APP_1_PORT=3005\n',
      '.env.dev': 'CS_1=api:express-js:8001\nCS_2=worker:bullmq-js:3005\n',
    });
    try {
      const found = withCode(p.lint({ envs: ['dev'] }), 'port-clash');
      // Reported on both sides, each pointing at the other.
      assert.deepStrictEqual(found.map((f) => [f.file, f.line, f.text, f.severity]), [['.env', 3, '3005', 'error'], ['.env.dev', 2, '3005', 'error']]);
      assert.deepStrictEqual([found[1].related[0].file, found[1].related[0].line], ['.env', 3]);
      assert.match(found[1].message, /CS_2.*frontend app 1/);
      // The file view shows it too.
      assert.strictEqual(withCode(p.lintFile('.env.dev', { env: 'dev' }), 'port-clash').length, 1);
      // With prod active, .env.dev is not part of the cascade (and frontends are not deployed to prod).
      assert.strictEqual(withCode(p.lintFile('.env', { env: 'prod' }), 'port-clash').length, 0);
    } finally {
      p.dispose();
    }
  });

  it('port-clash: with enabled built-in services only', () => {
    assert.strictEqual(check('port-clash', 'CS_1=api:express-js:6379\nREDIS_ENABLED=true\n', { profile: '0.9' }).length, 1, 'the built-in default has no line');
    assert.strictEqual(check('port-clash', 'CS_1=api:express-js:6379\nREDIS_ENABLED=false\n', { profile: '0.9' }).length, 0);
    assert.strictEqual(check('port-clash', 'CS_1=api:express-js:8001\nCS_2=web:express-js:8001\n').length, 2);
  });

  it('duplicate-route: across CS and frontends, case-insensitive', () => {
    const found = check('duplicate-route', 'CS_1=api:express-js:8001:App\nFRONTEND_APP_1_NAME=web\nFRONTEND_APP_1_ROUTE=app\nFRONTEND_APP_2_NAME=api\n');
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[3, 'error'], [4, 'warning']]);
    assert.strictEqual(check('duplicate-route', 'CS_1=api:express-js:8001:svc\nFRONTEND_APP_1_NAME=web\n').length, 0);
  });

  it('cs-image-and-build', () => {
    const found = check('cs-image-and-build', 'CS_1=api:custom:8001\nCS_1_IMAGE=ghcr.io/acme/api:1\nCS_1_PATH=./api\nCS_1_BUILD_TARGET=prod\n');
    assert.deepStrictEqual(found.map((f) => f.text), ['CS_1_PATH', 'CS_1_BUILD_TARGET']);
    assert.strictEqual(check('cs-image-and-build', 'CS_1=api:custom:8001\nCS_1_PATH=./api\nCS_1_DOCKERFILE=Dockerfile.prod\n').length, 0);
  });

  it('cs-replicas-port: 1.x always publishes a port; 0.9 only fails with a written port', () => {
    assert.strictEqual(check('cs-replicas-port', 'CS_1=api:express-js\nCS_1_REPLICAS=3\n').length, 1);
    assert.strictEqual(check('cs-replicas-port', 'CS_1=api:express-js\nCS_1_REPLICAS=3\n', { profile: '0.9' }).length, 0);
    const legacy = check('cs-replicas-port', 'CS_1=api:express-js:8001\nCS_1_REPLICAS=3\n', { profile: '0.9' });
    assert.match(legacy[0].message, /stops the build/);
    assert.strictEqual(check('cs-replicas-port', 'CS_1=api:express-js:8001\nCS_1_REPLICAS=1\n').length, 0);
  });

  it('cs-replicas-port: silent for environments that deploy to a Swarm or Kubernetes (0.9 server.json, 1.x control-plane.yaml)', () => {
    const base = { '.env': 'PROJECT_NAME=shop\nCS_1=api:express-js:8001\nCS_1_REPLICAS=3\n' };
    // As the editor shows `.env` with that environment active.
    const codes = (files: Record<string, string>, [env]: string[], profile: '0.9' | '1.x' = '1.x') => {
      const p = tempProject({ ...base, ...files });
      try {
        return p.lintFile('.env', { env, profile }).filter((f) => f.code === 'cs-replicas-port').length;
      } finally {
        p.dispose();
      }
    };
    // A plain server target still cannot share the port.
    assert.strictEqual(codes({ '.environments/prod/server.json': '{\n"name": "prod",\n"host": "a.example.com",\n"user": "root"\n}\n' }, ['prod']), 1);
    assert.strictEqual(codes({ '.environments/prod/server.json': '{\n"name": "prod",\n"host": "a.example.com",\n"user": "root",\n"orchestrator": "swarm"\n}\n' }, ['prod']), 0);
    assert.strictEqual(codes({ '.environments/prod/server.json': '{\n"name": "prod",\n"host": "a.example.com",\n"user": "root",\n"orchestrator": "kubernetes"\n}\n' }, ['prod'], '0.9'), 0);
    // 1.x: the environment in control-plane.yaml, `production` being `prod`.
    const plane = 'schema_version: 2\nenvironments:\n  production:\n    kind: remote\n    orchestrator: swarm\n  staging:\n    kind: remote\n';
    assert.strictEqual(codes({ '.nself/control-plane.yaml': plane }, ['prod']), 0);
    assert.strictEqual(codes({ '.nself/control-plane.yaml': plane }, ['staging']), 1);
  });
});

describe('rules: numbered families', () => {
  it('family-index: CS_11 and FRONTEND_APP_21', () => {
    const found = check('family-index', 'CS_11=a:express-js:8011\nFRONTEND_APP_21_NAME=x\nCS_10=b:express-js:8010\nCS_0_PORT=1\n');
    assert.deepStrictEqual(found.map((f) => f.line), [1, 2, 4]);
    assert.match(found[0].message, /nself-admin/);
  });

  it('unknown-subkey: did-you-mean rename', () => {
    const text = 'CS_1=a:express-js:8001\nCS_1_PROT=8001\nFRONTEND_APP_1_NAME=web\nFRONTEND_APP_1_PORTT=3000\nCS_1_MEMORY=256m\n';
    const found = check('unknown-subkey', text);
    assert.deepStrictEqual(found.map((f) => f.line), [2, 4]);
    assert.strictEqual(applyFix(text, found[0].fixes[0]).split('\n')[1], 'CS_1_PORT=8001');
    assert.strictEqual(check('unknown-subkey', 'CS_1_PROD_ROUTE=x\n')[0].severity, 'information');
  });

  it('orphan-subkey: the declaration may be in another file of the cascade', () => {
    const p = tempProject({ '.env': 'CS_1_MEMORY=256m\nREMOTE_SCHEMA_1_URL=https://x.dev/graphql\n', '.env.dev': 'CS_1=api:express-js:8001\n' });
    try {
      const found = withCode(p.lint({ envs: ['dev'] }), 'orphan-subkey');
      assert.deepStrictEqual(found.map((f) => [f.file, f.line, f.text]), [['.env', 2, 'REMOTE_SCHEMA_1_URL']]);
      const staging = withCode(p.lint({ envs: ['staging'] }), 'orphan-subkey');
      assert.ok(staging.some((f) => f.text === 'CS_1_MEMORY'), 'CS_1 is only defined for dev');
    } finally {
      p.dispose();
    }
  });

  it('subkey-value: formats per family', () => {
    const text = [
      'CS_1=a:express-js:8001',
      'CS_1_REPLICAS=two',
      'CS_1_DEPENDS_ON=db:ready',
      'CS_1_VOLUMES=../data:/data',
      'CS_1_MEMORY=lots',
      'REMOTE_SCHEMA_1_NAME=x',
      'REMOTE_SCHEMA_1_URL=api.local/graphql',
      'REMOTE_SCHEMA_1_HEADERS=x-api-key:abc,x-tenant:t1',
      'INTERNAL_ROUTE_1_NAME=hooks',
      'INTERNAL_ROUTE_1_TARGET=functions',
      'FRONTEND_APP_1_NAME=web',
      'FRONTEND_APP_1_ROUTE=my_app',
      'CS_1_ENV=A=1,B=two',
      '',
    ].join('\n');
    const found = check('subkey-value', text);
    assert.deepStrictEqual(found.map((f) => [f.line, f.severity]), [[2, 'error'], [3, 'error'], [4, 'error'], [5, 'warning'], [7, 'error'], [10, 'warning'], [12, 'error']]);
    assert.match(found[1].message, /started\|healthy\|completed/);
    assert.strictEqual(check('subkey-value', 'CS_1_DEPENDS_ON=api,worker:started,api\n').length, 1, 'duplicate dependency');
  });

  it('frontend-missing-port: adds the default port after the name', () => {
    const text = 'FRONTEND_APP_2_NAME=admin\nFRONTEND_APP_1_NAME=web\nFRONTEND_APP_1_PORT=3000\n';
    const found = check('frontend-missing-port', text);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'information');
    assert.strictEqual(applyFix(text, found[0].fixes[0]), 'FRONTEND_APP_2_NAME=admin\nFRONTEND_APP_2_PORT=3001\nFRONTEND_APP_1_NAME=web\nFRONTEND_APP_1_PORT=3000\n');
  });
});
