import { strict as assert } from 'assert';
import { runDeploy, MIGRATIONS_NOTE, type DeployEvent, type DeployRequest } from '../../../server/src/core/deploy/pipeline';
import { SecretMasker } from '../../../server/src/core/secrets';
import { files, MODEL, target } from './fixtures';
import { MemoryDriverForTests } from './memoryDriverForTests';

const FAST = { healthyMs: 300, runningMs: 300, oneShotMs: 300 };
let clock = 0;

function request(over: Partial<DeployRequest> = {}): DeployRequest & { events: DeployEvent[] } {
  const events: DeployEvent[] = [];
  return {
    target: target(),
    model: MODEL,
    files: files(),
    masker: new SecretMasker(['s3cret-value-123']),
    problems: [],
    missingSecrets: [],
    commit: 'abc1234',
    by: 'test',
    confirm: async () => true,
    limits: FAST,
    pollMs: 5,
    onEvent: (e) => events.push(e),
    now: () => (clock += 50),
    events,
    ...over,
  };
}
const signal = () => new AbortController().signal;

describe('deploy pipeline (in-memory driver)', () => {
  it('deploys: plan, confirm, upload, activate, up, gate, record', async () => {
    const d = new MemoryDriverForTests();
    const req = request();
    const o = await runDeploy(d, req, signal());
    assert.equal(o.result, 'ok', o.message);
    assert.deepEqual(d.calls, ['facts', 'upload', 'activate', 'up', 'record']);
    assert.equal(d.current, o.releaseId);
    assert.match(o.releaseId, /^\d{8}T\d{6}Z-abc1234$/);
    assert.deepEqual(d.history.map((h) => h.result), ['ok']);
    assert.ok(req.events.some((e) => e.type === 'plan'));
    assert.ok(!JSON.stringify(req.events).includes('s3cret-value-123'));
  });

  it('a no-change redeploy uploads nothing and restarts nothing, and still runs the gate', async () => {
    const d = new MemoryDriverForTests();
    const first = await runDeploy(d, request(), signal());
    d.calls = [];
    const o = await runDeploy(d, request(), signal());
    assert.deepEqual([o.result, o.bytesSent, d.calls], ['ok', 0, ['facts', 'record']]);
    assert.equal(d.history[1]!.id, first.releaseId);
    d.behaviour.api = 'unhealthy';
    d.containers.set('api', { behaviour: 'unhealthy', generation: 9 });
    const broken = await runDeploy(d, request(), signal());
    assert.equal(broken.result, 'failed');
    assert.match(broken.message, /Nothing changed, but api fails the health gate/);
  });

  it('warns about uncommitted changes and still deploys', async () => {
    const warned = (req: ReturnType<typeof request>) => req.events.some((e) => e.type === 'warning' && /uncommitted changes/.test(JSON.stringify(e)));
    const dirty = request({ uncommitted: true });
    assert.equal((await runDeploy(new MemoryDriverForTests(), dirty, signal())).result, 'ok');
    assert.ok(warned(dirty));
    const clean = request({ uncommitted: false });
    await runDeploy(new MemoryDriverForTests(), clean, signal());
    assert.ok(!warned(clean));
  });

  it('plan only and a declined confirmation change nothing', async () => {
    const d = new MemoryDriverForTests();
    assert.equal((await runDeploy(d, request({ planOnly: true }), signal())).result, 'planned');
    let asked = 0;
    const o = await runDeploy(d, request({ confirm: async () => (asked++, false) }), signal());
    assert.deepEqual([o.result, asked, d.calls.filter((c) => c !== 'facts'), d.inPlace.size], ['declined', 1, [], 0]);
  });

  it('a failing health gate rolls back to the previous release and names the service with logs', async () => {
    const d = new MemoryDriverForTests();
    const first = await runDeploy(d, request(), signal());
    d.behaviour.api = 'unhealthy';
    const o = await runDeploy(d, request({ files: files('broken()\n') }), signal());
    assert.equal(o.result, 'rolled-back');
    assert.equal(o.failing?.service, 'api');
    assert.deepEqual(o.failing?.logs, ['api: listening', 'api: GET /health 500']);
    assert.equal(o.note, MIGRATIONS_NOTE);
    assert.equal(d.current, first.releaseId);
    assert.equal(Buffer.from(d.inPlace.get('services/api/index.js')!.content).toString(), 'console.log(1)\n');
    assert.deepEqual(d.history.map((h) => h.result), ['ok', 'rolled-back']);
  });

  it('a service stuck in starting fails the gate at its limit', async () => {
    const d = new MemoryDriverForTests();
    d.behaviour.api = 'starting';
    const o = await runDeploy(d, request(), signal());
    assert.equal(o.result, 'rolled-back');
    assert.match(o.failing!.reason!, /not healthy within/);
  });

  it('errors in the target config, missing secrets, an unreachable host and a full disk stop before anything changes', async () => {
    const cases: [Partial<DeployRequest>, (d: MemoryDriverForTests) => void, RegExp][] = [
      [{ problems: [{ file: '/p/.env.staging', line: 3, message: 'bad', severity: 'error' }] }, () => undefined, /configuration has 1 error/],
      [{ missingSecrets: ['POSTGRES_PASSWORD'] }, () => undefined, /POSTGRES_PASSWORD/],
      [{}, (d) => (d.unreachable = true), /Connection refused.*Nothing changed on/],
      [{}, (d) => (d.freeKiB = 1000), /MiB free/],
    ];
    for (const [over, setup, message] of cases) {
      const d = new MemoryDriverForTests();
      setup(d);
      const o = await runDeploy(d, request(over), signal());
      assert.equal(o.result, 'failed');
      assert.match(o.message, message);
      assert.deepEqual([d.inPlace.size, d.releases.size], [0, 0]);
    }
  });

  it('a failed upload removes the staged release; the server is untouched', async () => {
    const d = new MemoryDriverForTests();
    await runDeploy(d, request(), signal());
    const before = new Map(d.inPlace);
    d.failAt = 'upload';
    const o = await runDeploy(d, request({ files: files('x\n') }), signal());
    assert.equal(o.result, 'failed');
    assert.ok(d.calls.includes('discard'));
    assert.deepEqual(d.inPlace, before);
  });

  it('cancel during upload leaves the server as it was; cancel after activation restores it', async () => {
    for (const at of ['upload', 'up']) {
      const d = new MemoryDriverForTests();
      const first = await runDeploy(d, request(), signal());
      const controller = new AbortController();
      d.onStep = (step) => step === at && controller.abort();
      const o = await runDeploy(d, request({ files: files('y\n') }), controller.signal);
      assert.equal(o.result, 'cancelled', `${at}: ${o.message}`);
      assert.equal(d.current, first.releaseId, at);
      assert.equal(Buffer.from(d.inPlace.get('services/api/index.js')!.content).toString(), 'console.log(1)\n', at);
      assert.equal(o.restored, at === 'up', at);
    }
  });

  it('a failure while starting rolls back; a first deploy rolls back to what was there before', async () => {
    const d = new MemoryDriverForTests();
    d.failAt = 'up';
    const o = await runDeploy(d, request(), signal());
    assert.deepEqual([o.result, o.restored, d.current, d.inPlace.size], ['failed', true, undefined, 0]);
    assert.match(o.message, /files before the first deploy/);
  });
});
