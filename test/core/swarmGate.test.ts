import * as assert from 'node:assert/strict';
import {
  imageWithoutDigest,
  judgeSwarmGate,
  parseServiceInspect,
  parseServicePs,
  serviceLogsArgv,
  stackDeployArgv,
  stackRemoveArgv,
  wantedImages,
  type SwarmService,
} from '../../server/src/core/orchestrators/swarm';
import { labelStack, planSwarmServices, serviceRemoveArgv, serviceRollbackArgv, SPEC_LABEL, swarmGateResult, swarmInfoArgv } from '../../server/src/core/orchestrators/swarmRelease';
import { generateStack } from '../../server/src/core/generate';
import { planVariables } from '../../server/src/core/generate/secretEnv';
import { swarmModel, TOKEN } from '../helpers/swarmFixture';

/** `docker service inspect` output, trimmed to the fields we read (shape of Engine API 1.41). */
function inspect(name: string, image: string, replicas: number, update?: { State: string; StartedAt: string; Message: string }, extra: Record<string, unknown> = {}): unknown {
  return {
    ID: `id-${name}`,
    Version: { Index: 48 },
    UpdatedAt: '2026-12-02T11:42:57.872715585Z',
    Spec: {
      Name: name,
      Labels: { 'com.docker.stack.namespace': 'shop', 'nself.kind': 'custom' },
      TaskTemplate: { ContainerSpec: { Image: image }, RestartPolicy: { Condition: 'any' } },
      Mode: { Replicated: { Replicas: replicas } },
      ...extra,
    },
    ...(update ? { UpdateStatus: update } : {}),
  };
}

/** One line of `docker service ps --no-trunc --format '{{json .}}'`. */
function ps(name: string, image: string, desired: string, current: string, error = ''): string {
  return JSON.stringify({ CurrentState: current, DesiredState: desired, Error: error, ID: `t-${name}-${current.split(' ')[0]}`, Image: image, Name: name, Node: 'vm', Ports: '' });
}

describe('swarm: argument lists', () => {
  it('deploys with registry auth, waits, reads the file and names the stack', () => {
    assert.deepEqual(stackDeployArgv({ context: 'prod-manager' }, 'docker-stack.yml', 'shop'), [
      'docker', '--context', 'prod-manager', 'stack', 'deploy', '--with-registry-auth', '--detach=false', '-c', 'docker-stack.yml', 'shop',
    ]);
    assert.deepEqual(stackDeployArgv({ host: 'ssh://deploy@10.0.0.5' }, 'f.yml', 'shop').slice(0, 3), ['docker', '-H', 'ssh://deploy@10.0.0.5']);
    assert.deepEqual(stackRemoveArgv({}, 'shop'), ['docker', 'stack', 'rm', 'shop']);
    assert.deepEqual(serviceLogsArgv({}, 'shop_api', { follow: true, tail: 100 }), ['docker', 'service', 'logs', '--timestamps', '--no-trunc', '--tail', '100', '--follow', 'shop_api']);
    assert.throws(() => stackDeployArgv({}, 'f.yml', '--orchestrator=x'), /not a stack name/);
    assert.throws(() => stackDeployArgv({}, 'f.yml', 'a b'), /not a stack name/);
  });
});

describe('swarm: reading services and tasks', () => {
  it('parses service inspect: replicas, image without digest, update status, version', () => {
    const [s] = parseServiceInspect(JSON.stringify([inspect('shop_api', 'ghcr.io/acme/api:1.4@sha256:' + 'a'.repeat(64), 3, { State: 'rollback_completed', StartedAt: '2026-12-02T11:42:31Z', Message: 'rollback completed' })]));
    assert.deepEqual(s, {
      id: 'id-shop_api', name: 'shop_api', image: 'ghcr.io/acme/api:1.4', labels: { 'com.docker.stack.namespace': 'shop', 'nself.kind': 'custom' },
      replicas: 3, mode: 'replicated', updateState: 'rollback_completed', updateMessage: 'rollback completed', updateStartedAt: '2026-12-02T11:42:31Z',
      version: 48, updatedAt: '2026-12-02T11:42:57.872715585Z', restartCondition: 'any',
    });
    assert.throws(() => parseServiceInspect('{}'), /array/);
    assert.equal(imageWithoutDigest('busybox'), 'busybox');
  });

  it('parses service ps lines: service from the task name, state from CurrentState, quoted errors', () => {
    const tasks = parseServicePs([
      ps('shop_api.1', 'app:2', 'Shutdown', 'Failed 10 seconds ago', '"task: non-zero exit (137): dockerexec: unhealthy container"'),
      '',
      ps('shop_api.1', 'app:1', 'Running', 'Running 54 seconds ago'),
    ].join('\n'));
    assert.deepEqual(tasks.map((t) => [t.service, t.name, t.image, t.desiredState, t.state, t.error]), [
      ['shop_api', 'shop_api.1', 'app:2', 'shutdown', 'failed', 'task: non-zero exit (137): dockerexec: unhealthy container'],
      ['shop_api', 'shop_api.1', 'app:1', 'running', 'running', ''],
    ]);
  });

  it('takes the wanted images from the stack file, named <stack>_<key>', () => {
    assert.deepEqual([...wantedImages('shop', { services: { api: { image: 'app:2' }, db: {} } })], [['shop_api', 'app:2']]);
  });
});

describe('swarm: the gate', () => {
  const services = (list: unknown[]): SwarmService[] => parseServiceInspect(JSON.stringify(list));
  const tasks = (lines: string[]) => parseServicePs(lines.join('\n'));

  it('passes when every service runs its desired replicas of the wanted image', () => {
    const g = judgeSwarmGate({
      services: services([inspect('shop_api', 'app:1', 3)]),
      tasks: tasks(['shop_api.1', 'shop_api.2', 'shop_api.3'].map((n) => ps(n, 'app:1', 'Running', 'Running 5 seconds ago'))),
      wanted: new Map([['shop_api', 'app:1']]),
    });
    assert.equal(g.passed, true);
    assert.equal(g.services[0]?.detail, 'shop_api: 3/3 running');
  });

  it('waits while tasks start (a task with a healthcheck is starting until healthy) and for services not created yet', () => {
    const g = judgeSwarmGate({
      services: services([inspect('shop_api', 'app:1', 3)]),
      tasks: tasks([ps('shop_api.1', 'app:1', 'Running', 'Running 1 second ago'), ps('shop_api.2', 'app:1', 'Running', 'Starting 2 seconds ago'), ps('shop_api.3', 'app:1', 'Running', 'Preparing 3 seconds ago')]),
      expected: ['shop_api', 'shop_worker'],
    });
    assert.equal(g.passed, false);
    assert.equal(g.failed, false);
    assert.deepEqual(g.services.map((s) => s.detail), ['shop_api: 1/3 running; shop_api.2 starting, shop_api.3 preparing', 'shop_worker: not created yet']);
  });

  it('fails on a rollback Swarm made during this deploy, naming the failed task and why', () => {
    const input = {
      services: services([inspect('shop_api', 'app:1', 3, { State: 'rollback_completed', StartedAt: '2026-12-02T11:42:31.2Z', Message: 'rollback completed' })]),
      tasks: tasks([
        ps('shop_api.1', 'app:2', 'Shutdown', 'Failed 10 seconds ago', '"task: non-zero exit (137): dockerexec: unhealthy container"'),
        ...['shop_api.1', 'shop_api.2', 'shop_api.3'].map((n) => ps(n, 'app:1', 'Running', 'Running 54 seconds ago')),
      ]),
      wanted: new Map([['shop_api', 'app:2']]),
      since: '2026-12-02T11:42:30Z',
    };
    const g = judgeSwarmGate(input);
    assert.equal(g.failed, true);
    assert.equal(g.services[0]?.rolledBack, true);
    assert.equal(g.services[0]?.detail, 'shop_api: update failed, Swarm rolled back to app:1: task shop_api.1 (app:2) task: non-zero exit (137): dockerexec: unhealthy container');
    // The same state seen by a later deploy that asks for app:1 is an old rollback, not a failure.
    const later = judgeSwarmGate({ ...input, wanted: new Map([['shop_api', 'app:1']]), since: '2026-12-02T12:00:00Z' });
    assert.equal(later.passed, true);
    assert.equal(later.services[0]?.rolledBack, false);
  });

  it('judges one-shots (restart none) by completion', () => {
    const oneShot = inspect('shop_init', 'init:1', 1, undefined, { TaskTemplate: { ContainerSpec: { Image: 'init:1' }, RestartPolicy: { Condition: 'none' } } });
    assert.equal(judgeSwarmGate({ services: services([oneShot]), tasks: tasks([ps('shop_init.1', 'init:1', 'Shutdown', 'Complete 3 seconds ago')]) }).passed, true);
    const failed = judgeSwarmGate({ services: services([oneShot]), tasks: tasks([ps('shop_init.1', 'init:1', 'Shutdown', 'Failed 3 seconds ago', '"task: non-zero exit (1)"')]) });
    assert.equal(failed.failed, true);
    assert.match(failed.services[0]?.detail ?? '', /one-shot failed: task: non-zero exit \(1\)/);
  });

  it('an empty stack never passes', () => {
    assert.equal(judgeSwarmGate({ services: [], tasks: [] }).passed, false);
  });
});

describe('swarm backend of the deploy pipeline: spec labels, plan and gate', () => {
  const model = swarmModel('shop', 'ghcr.io/acme/app:1', '1');
  const file = generateStack(model);
  const values = Object.fromEntries(planVariables(model).values);

  it('labels each service with a digest of its definition and the values it reads; the file keeps no value', () => {
    const a = labelStack(file, values);
    assert.deepEqual([...a.digests.keys()], ['app', 'side']);
    assert.ok(!a.text.includes(TOKEN), 'the token stays a ${VAR} reference');
    assert.match(a.text, new RegExp(`${SPEC_LABEL.replace(/\./g, '\\.')}: ${a.digests.get('app')}`));
    assert.match(a.text, /^# Run: docker stack deploy/m, 'the header comments stay');
    // Same input, same digests; a changed value changes only the service that reads it.
    assert.deepEqual(labelStack(file, values).digests, a.digests);
    const token = Object.keys(values).find((k) => values[k] === TOKEN)!;
    const b = labelStack(file, { ...values, [token]: 'another-token-value' });
    assert.notEqual(b.digests.get('app'), a.digests.get('app'));
    assert.equal(b.digests.get('side'), a.digests.get('side'));
    const c = labelStack(generateStack(swarmModel('shop', 'ghcr.io/acme/app:1', '2')), values);
    assert.equal(c.digests.get('app'), a.digests.get('app'));
    assert.notEqual(c.digests.get('side'), a.digests.get('side'));
  });

  it('plans create, rolling update and unchanged from the live services\' labels; a service not in the file is left running', () => {
    const { digests } = labelStack(file, values);
    const live = (name: string, digest?: string): SwarmService => ({ id: name, name, image: 'x', labels: digest ? { [SPEC_LABEL]: digest } : {} });
    assert.deepEqual(planSwarmServices('shop', digests, []).map((s) => s.action), ['create', 'create']);
    const plan = planSwarmServices('shop', digests, [live('shop_app', digests.get('app')), live('shop_side', 'old'), live('shop_cron')]);
    assert.deepEqual(plan.map((s) => [s.name, s.action]), [['app', 'unchanged'], ['side', 'recreate'], ['cron', 'unchanged']]);
    assert.match(plan[2]!.reason, /not in this release/);
  });

  it('turns the task gate into the pipeline\'s gate: replicas, Swarm\'s rollback as the failure, waiting too long fails', () => {
    const verdict = (status: 'ok' | 'waiting' | 'failed', running: number) => ({ name: 'shop_app', status, desired: 3, running, image: 'a:1', rolledBack: status === 'failed', taskErrors: [], detail: `shop_app: ${running}/3 running` });
    const ok = swarmGateResult({ passed: true, failed: false, services: [verdict('ok', 3)] }, 'shop', 1000, 60_000);
    assert.deepEqual([ok.decided, ok.passed, ok.services[0]!.service, ok.services[0]!.replicas], [true, true, 'app', { running: 3, desired: 3 }]);
    const waiting = swarmGateResult({ passed: false, failed: false, services: [verdict('waiting', 1)] }, 'shop', 1000, 60_000);
    assert.deepEqual([waiting.decided, waiting.services[0]!.verdict], [false, 'pending']);
    const late = swarmGateResult({ passed: false, failed: false, services: [verdict('waiting', 1)] }, 'shop', 61_000, 60_000);
    assert.deepEqual([late.decided, late.passed, late.failing?.service], [true, false, 'app']);
    assert.match(late.failing!.reason!, /^not converged within 60 s: shop_app: 1\/3 running/);
    const failed = swarmGateResult({ passed: false, failed: true, services: [verdict('failed', 3)] }, 'shop', 1000, 60_000);
    assert.deepEqual([failed.decided, failed.passed, failed.failing?.state], [true, false, 'unhealthy']);
  });

  it('pre-flight, rollback and removal argument lists', () => {
    assert.deepEqual(swarmInfoArgv({ context: 'prod' }), ['docker', '--context', 'prod', 'info', '--format', '{{.ServerVersion}} {{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}']);
    assert.deepEqual(serviceRollbackArgv({ host: 'ssh://m' }, 'shop_app'), ['docker', '-H', 'ssh://m', 'service', 'rollback', '--detach=false', 'shop_app']);
    assert.deepEqual(serviceRemoveArgv({}, 'shop_app'), ['docker', 'service', 'rm', 'shop_app']);
  });
});
