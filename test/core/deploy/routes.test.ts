import { strict as assert } from 'assert';
import { runDeploy, type DeployEvent } from '../../../server/src/core/deploy/pipeline';
import { judgeRoutes, routeAnswers, routeProbePlan, type RouteCheck, type RouteProbeAnswer, type RouteProbeRequest } from '../../../server/src/core/deploy/routes';
import type { ModelService, ServiceModel } from '../../../server/src/core/model/types';
import { SecretMasker } from '../../../server/src/core/secrets';
import { files, MODEL, target } from './fixtures';
import { MemoryDriverForTests } from './memoryDriverForTests';

const origin = {};
const NGINX = { id: 'nginx', kind: 'core', title: 'nginx', composeKey: 'nginx', image: { value: 'nginx:1.25-alpine', origin }, ports: [{ host: 8080, container: 80, name: 'http', origin }, { host: 8443, container: 443, name: 'https', origin }], routes: [], environment: {}, dependsOn: [], volumes: [], origin } as unknown as ModelService;
const WEB = { id: 'frontend:web', kind: 'frontend', title: 'web', frontend: { index: 1, name: 'web' }, ports: [], routes: [{ route: 'web', host: 'web.example.com', url: '', upstream: 'host.docker.internal:3000', websocket: false, origin }], environment: {}, dependsOn: [], volumes: [], origin } as unknown as ModelService;
const WITH_NGINX: ServiceModel = { ...MODEL, services: [...MODEL.services.filter((s) => s.kind !== 'frontend'), NGINX, WEB] };

const API: RouteCheck = { host: 'api.example.com', upstream: 'api:8001', service: 'api', owner: 'api', required: true };
const APP: RouteCheck = { host: 'web.example.com', upstream: 'host.docker.internal:3000', owner: 'web', required: false };
const answer = (status: Record<string, number>): RouteProbeAnswer => ({ client: 'curl', status });

describe('routes through nginx (gate, second half)', () => {
  it('asks nginx on its https port outside dev, on its http port in dev, at its bind address when it has one', () => {
    const plan = routeProbePlan(WITH_NGINX);
    assert.ok('request' in plan);
    assert.deepEqual(plan.request, { scheme: 'https', address: '127.0.0.1', port: 8443, hosts: ['api.example.com', 'web.example.com'] });
    assert.deepEqual(plan.routes.map((r) => [r.host, r.owner, r.required]), [['api.example.com', 'api', true], ['web.example.com', 'web', false]]);
    const dev = routeProbePlan({ ...WITH_NGINX, env: 'dev', services: WITH_NGINX.services.map((s) => (s === NGINX ? { ...NGINX, ports: NGINX.ports.map((p) => ({ ...p, bind: '10.0.0.5' })) } : s)) });
    assert.ok('request' in dev);
    assert.deepEqual([dev.request.scheme, dev.request.address, dev.request.port], ['http', '10.0.0.5', 8080]);
  });

  it('skips with a reason: no nginx in the stack, no route, no published port', () => {
    assert.deepEqual(routeProbePlan(MODEL), { skip: 'nginx is not part of this stack; no route to ask' });
    assert.match((routeProbePlan({ ...MODEL, services: [NGINX] }) as { skip: string }).skip, /no service has a route/);
    assert.match((routeProbePlan({ ...WITH_NGINX, services: [{ ...NGINX, ports: [] }, ...MODEL.services] }) as { skip: string }).skip, /publishes no port for https/);
  });

  it('a route answers with any status but a gateway error; 404 and 401 are nginx serving the route', () => {
    for (const s of [200, 301, 401, 404, 500]) assert.equal(routeAnswers(s), true, String(s));
    for (const s of [0, 502, 503, 504]) assert.equal(routeAnswers(s), false, String(s));
  });

  it('waits within the window, then fails on a required route; a frontend app only warns, without waiting', () => {
    const pending = judgeRoutes([API, APP], answer({ 'api.example.com': 502 }), 1_000, 30_000);
    assert.deepEqual([pending.decided, pending.routes.map((r) => r.verdict)], [false, ['pending', 'warning']]);
    const ok = judgeRoutes([API, APP], answer({ 'api.example.com': 200, 'web.example.com': 502 }), 2_000, 30_000);
    assert.deepEqual([ok.decided, ok.passed, ok.routes.map((r) => r.verdict)], [true, true, ['ok', 'warning']]);
    const failed = judgeRoutes([API, APP], answer({ 'api.example.com': 504 }), 31_000, 30_000);
    assert.deepEqual([failed.decided, failed.passed, failed.failing?.host, failed.failing?.status], [true, false, 'api.example.com', 504]);
  });
});

/** The in-memory server with an nginx that answers each host with a fixed status. */
class DriverWithNginx extends MemoryDriverForTests {
  routeStatus: Record<string, number> = {};
  asked: RouteProbeRequest[] = [];
  async probeRoutes(request: RouteProbeRequest): Promise<RouteProbeAnswer> {
    this.asked.push(request);
    this.calls.push('routes');
    return answer(Object.fromEntries(request.hosts.map((h) => [h, this.routeStatus[h] ?? 0])));
  }
}

describe('pipeline with the route check (in-memory driver)', () => {
  let clock = 0;
  const request = (events: DeployEvent[]) => ({
    target: target(),
    model: { ...WITH_NGINX, services: WITH_NGINX.services.filter((s) => s !== WEB) },
    files: files(),
    masker: new SecretMasker(['s3cret-value-123']),
    problems: [],
    missingSecrets: [],
    commit: 'abc1234',
    by: 'test',
    confirm: async () => true,
    limits: { healthyMs: 300, runningMs: 300, oneShotMs: 300, routesMs: 1_000 },
    pollMs: 5,
    onEvent: (e: DeployEvent) => events.push(e),
    now: () => (clock += 50),
  });

  it('passes when the routes answer after the containers passed', async () => {
    const d = new DriverWithNginx();
    d.routeStatus = { 'api.example.com': 200 };
    const events: DeployEvent[] = [];
    const o = await runDeploy(d, request(events), new AbortController().signal);
    assert.equal(o.result, 'ok', o.message);
    assert.deepEqual(d.calls, ['facts', 'upload', 'activate', 'up', 'routes', 'record']);
    assert.ok(events.some((e) => e.type === 'line' && /routes: api\.example\.com=200/.test(e.line)));
  });

  it('a frontend app that does not answer is a warning, and the deploy goes on', async () => {
    const d = new DriverWithNginx();
    d.routeStatus = { 'api.example.com': 200, 'web.example.com': 502 };
    const events: DeployEvent[] = [];
    const o = await runDeploy(d, { ...request(events), model: WITH_NGINX }, new AbortController().signal);
    assert.equal(o.result, 'ok', o.message);
    assert.equal(d.calls.filter((c) => c === 'routes').length, 1);
    assert.ok(events.some((e) => e.type === 'warning' && /route web\.example\.com \(frontend app web, not started by this deploy\) answers 502 Bad Gateway/.test(e.message)), JSON.stringify(events.filter((e) => e.type === 'warning')));
  });

  it('rolls back when a route keeps answering 502, naming the route and the status', async () => {
    const d = new DriverWithNginx();
    d.routeStatus = { 'api.example.com': 200 };
    await runDeploy(d, request([]), new AbortController().signal);
    d.routeStatus = { 'api.example.com': 502 };
    const o = await runDeploy(d, { ...request([]), files: files('broken()\n') }, new AbortController().signal);
    assert.equal(o.result, 'rolled-back', o.message);
    assert.equal(o.failing?.service, 'api');
    assert.match(o.failing!.reason!, /route api\.example\.com answered 502 Bad Gateway through nginx \(https:\/\/127\.0\.0\.1:8443/);
    assert.match(o.message, /api failed the health gate \(route api\.example\.com answered 502/);
    assert.equal(d.history.at(-1)?.result, 'rolled-back');
    assert.ok(d.calls.filter((c) => c === 'routes').length > 2, 'asked again within the window');
  });
});
