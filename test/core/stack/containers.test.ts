import * as assert from 'node:assert/strict';
import { containerState, isOneShot, lastHealthOutput, snapshotFromInspect, verdictOf } from '../../../server/src/core/stack/containers';

/** The shape of one element of `docker inspect` (Engine API ContainerInspect), trimmed to what we read. */
function inspect(state: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return {
    Id: 'abc123',
    Name: '/demo_api',
    Image: 'sha256:feed',
    State: { StartedAt: '2026-12-01T10:00:00.5Z', FinishedAt: '0001-01-01T00:00:00Z', ExitCode: 0, ...state },
    Config: {
      Image: 'nself-test/busybox:latest',
      Labels: { 'com.docker.compose.project': 'demo', 'com.docker.compose.service': 'api', ignored: 5 },
      ...((extra.Config as object) ?? {}),
    },
    HostConfig: { RestartPolicy: { Name: 'unless-stopped' }, ...((extra.HostConfig as object) ?? {}) },
    NetworkSettings: { Ports: { '8001/tcp': [{ HostIp: '127.0.0.1', HostPort: '8001' }], '9000/tcp': null } },
  };
}

describe('core/stack/containers', () => {
  it('reads names, labels, ports and times from docker inspect JSON', () => {
    const c = snapshotFromInspect(inspect({ Status: 'running', Running: true }));
    assert.equal(c.name, 'demo_api');
    assert.equal(c.project, 'demo');
    assert.equal(c.service, 'api');
    assert.equal(c.image, 'nself-test/busybox:latest');
    assert.equal(c.startedAt, '2026-12-01T10:00:00.5Z');
    assert.equal(c.finishedAt, undefined, "Docker's 0001-01-01 means never");
    assert.deepEqual(c.ports, [
      { container: 8001, protocol: 'tcp', host: 8001, hostIp: '127.0.0.1' },
      { container: 9000, protocol: 'tcp' },
    ]);
    assert.equal(c.labels.ignored, undefined, 'non-string labels are dropped');
  });

  it('running without a healthcheck is running and ok; with one it follows the health status', () => {
    const plain = snapshotFromInspect(inspect({ Status: 'running' }));
    assert.equal(plain.hasHealthcheck, false);
    assert.equal(containerState(plain), 'running');
    assert.equal(verdictOf(containerState(plain)), 'ok');

    const probe = { Healthcheck: { Test: ['CMD', 'true'] } };
    for (const [status, verdict] of [['starting', 'pending'], ['healthy', 'ok'], ['unhealthy', 'failed']] as const) {
      const c = snapshotFromInspect(
        inspect({ Status: 'running', Health: { Status: status, FailingStreak: 3, Log: [{ ExitCode: 1, Output: 'connection refused\n', End: '2026-12-01T10:00:05Z' }] } }, { Config: probe }),
      );
      assert.equal(containerState(c), status);
      assert.equal(verdictOf(containerState(c)), verdict);
    }
  });

  it('a disabled healthcheck (NONE) counts as none', () => {
    const c = snapshotFromInspect(inspect({ Status: 'running' }, { Config: { Healthcheck: { Test: ['NONE'] } } }));
    assert.equal(c.hasHealthcheck, false);
    assert.equal(containerState(c), 'running');
  });

  it('an exit is a failure, except a one-shot that exited 0', () => {
    const failed = snapshotFromInspect(inspect({ Status: 'exited', ExitCode: 3, FinishedAt: '2026-12-01T10:01:00Z' }));
    assert.equal(containerState(failed), 'exited');
    assert.equal(failed.exitCode, 3);
    assert.equal(failed.finishedAt, '2026-12-01T10:01:00Z');
    assert.equal(verdictOf('exited', { exitCode: 3 }), 'failed');

    const init = snapshotFromInspect(inspect({ Status: 'exited', ExitCode: 0 }, { HostConfig: { RestartPolicy: { Name: 'no' } } }));
    assert.equal(isOneShot(init), true);
    assert.equal(verdictOf('exited', { oneShot: true, exitCode: 0 }), 'ok');
    assert.equal(verdictOf('exited', { oneShot: true, exitCode: 1 }), 'failed');
    assert.equal(verdictOf('running', { oneShot: true }), 'pending', 'a one-shot is done only when it exits');
  });

  it('created, restarting and starting are not yet; paused, dead and not-created are failures', () => {
    for (const s of ['created', 'restarting', 'starting', 'removing'] as const) assert.equal(verdictOf(s), 'pending', s);
    for (const s of ['paused', 'dead', 'not-created', 'unhealthy'] as const) assert.equal(verdictOf(s), 'failed', s);
  });

  it('keeps the last probe outputs and never throws on junk', () => {
    const c = snapshotFromInspect(
      inspect({ Status: 'running', Health: { Status: 'unhealthy', Log: [1, 2, 3, 4].map((n) => ({ ExitCode: 1, Output: `fail ${n}\n` })) } }, { Config: { Healthcheck: { Test: ['CMD', 'x'] } } }),
    );
    assert.deepEqual(lastHealthOutput(c), ['fail 2', 'fail 3', 'fail 4']);
    for (const junk of [null, 5, 'x', [], { State: 'weird', Config: [] }, { NetworkSettings: { Ports: { 'abc/tcp': 7 } } }]) {
      const s = snapshotFromInspect(junk);
      assert.equal(typeof s.name, 'string');
      assert.ok(Array.isArray(s.ports));
    }
  });
});
