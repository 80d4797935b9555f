import * as assert from 'assert';
import type { ResponseError } from 'vscode-jsonrpc';
import type { EnvironmentsResult, GenerateResult, ServiceModelResult, StatusParams } from '../../server/src/protocol';
import { DEV_SECRET, demoProject } from './helpers/project';
import { TestConnection } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: nself protocol', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('nself/serviceModel masks secrets unless asked to reveal them', async () => {
    const masked = await c.request<ServiceModelResult>('nself/serviceModel', { root: project.root });
    assert.strictEqual(masked.env, 'dev');
    assert.ok(masked.model.services.some((s) => s.custom?.rawName === 'api'));
    assert.ok(!JSON.stringify(masked).includes(DEV_SECRET));
    const revealed = await c.request<ServiceModelResult>('nself/serviceModel', { root: project.root, reveal: true });
    assert.ok(JSON.stringify(revealed).includes(DEV_SECRET));
  });

  it('nself/generate returns the files of a target without the secrets', async () => {
    const result = await c.request<GenerateResult>('nself/generate', { root: project.root, target: 'compose' });
    assert.ok(result.files.some((f) => f.path === 'docker-compose.yml'));
    assert.ok(!JSON.stringify(result).includes(DEV_SECRET));
    const error = await c.request('nself/generate', { root: project.root, target: 'nope' }).catch((e: ResponseError<unknown>) => e);
    assert.strictEqual((error as ResponseError<unknown>).code, -32602);
  });

  it('nself/environments lists environments and deploy targets', async () => {
    const result = await c.request<EnvironmentsResult>('nself/environments', { root: project.root });
    assert.deepStrictEqual(result.environments.map((e) => e.name).sort(), ['dev', 'prod', 'staging']);
    assert.strictEqual(result.environments.find((e) => e.name === 'dev')?.file, project.file('.env.dev'));
    assert.strictEqual(result.targets[0].name, 'prod');
    assert.strictEqual(result.targets[0].host, 'example.com');
  });

  it('nself/setActiveEnvironment switches the environment and answers the status', async () => {
    const status = await c.request<StatusParams>('nself/setActiveEnvironment', { environment: 'staging' });
    assert.strictEqual(status.activeEnvironment, 'staging');
    const model = await c.request<ServiceModelResult>('nself/serviceModel', {});
    assert.strictEqual(model.env, 'staging');
    const back = await c.request<StatusParams>('nself/setActiveEnvironment', { environment: null });
    assert.strictEqual(back.activeEnvironment, 'dev');
    assert.strictEqual((await c.request<StatusParams>('nself/getStatus')).activeEnvironment, 'dev');
    const error = await c.request('nself/setActiveEnvironment', { environment: '../etc' }).catch((e: ResponseError<unknown>) => e);
    assert.strictEqual((error as ResponseError<unknown>).code, -32602);
  });

  it('profile auto follows the detected nself version', async () => {
    const legacy = await TestConnection.start({ root: project.root, initializationOptions: { nselfVersion: '0.9.9' } });
    try {
      assert.strictEqual((await legacy.request<StatusParams>('nself/getStatus')).profile, '0.9');
    } finally {
      await legacy.stop();
    }
  });
});
