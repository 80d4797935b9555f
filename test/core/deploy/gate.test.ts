import { strict as assert } from 'assert';
import { judgeGate } from '../../../server/src/core/deploy/gate';
import type { ContainerSnapshot } from '../../../server/src/core/stack/containers';

function c(service: string, over: Partial<ContainerSnapshot>): ContainerSnapshot {
  return { id: service, name: `p_${service}`, image: 'i', labels: {}, project: 'p', service, status: 'running', hasHealthcheck: false, ports: [], restartPolicy: 'unless-stopped', ...over };
}
const healthy = (s: string) => c(s, { hasHealthcheck: true, health: { status: 'healthy', failingStreak: 0, log: [] } });
const starting = (s: string) => c(s, { hasHealthcheck: true, health: { status: 'starting', failingStreak: 0, log: [] } });

describe('deploy health gate (OPS §2)', () => {
  it('passes when every service is healthy, running without a healthcheck, or a one-shot that exited 0', () => {
    const g = judgeGate(['db', 'api', 'init'], [healthy('db'), c('api', {}), c('init', { status: 'exited', exitCode: 0, restartPolicy: 'no' })], 'p', 1000);
    assert.deepEqual([g.decided, g.passed], [true, true]);
  });
  it('waits for starting until 60 s, then fails naming the service', () => {
    assert.deepEqual([judgeGate(['api'], [starting('api')], 'p', 59_000).decided], [false]);
    const g = judgeGate(['api'], [starting('api')], 'p', 61_000);
    assert.deepEqual([g.decided, g.passed, g.failing?.service], [true, false, 'api']);
    assert.match(g.failing!.reason!, /not healthy within 60 s/);
  });
  it('unhealthy fails at once with the probe output; a one-shot exiting 1 fails', () => {
    const g = judgeGate(['api'], [c('api', { hasHealthcheck: true, health: { status: 'unhealthy', failingStreak: 3, log: [{ exitCode: 1, output: 'HTTP 500' }] } })], 'p', 5000);
    assert.deepEqual([g.passed, g.failing?.health], [false, ['HTTP 500']]);
    assert.equal(judgeGate(['init'], [c('init', { status: 'exited', exitCode: 1, restartPolicy: 'no' })], 'p', 10).failing?.reason, 'exited with 1');
  });
  it('a missing container is pending for 30 s, then fails; other projects do not count', () => {
    assert.equal(judgeGate(['api'], [{ ...healthy('api'), project: 'other' }], 'p', 10_000).decided, false);
    assert.equal(judgeGate(['api'], [], 'p', 31_000).failing?.reason, 'no container within 30 s');
  });
  it('judges the newest container of a service being recreated', () => {
    const g = judgeGate(['api'], [c('api', { status: 'exited', exitCode: 137, startedAt: '2026-01-01T00:00:00Z' }), { ...healthy('api'), startedAt: '2026-01-01T00:01:00Z' }], 'p', 1000);
    assert.equal(g.passed, true);
  });
});
