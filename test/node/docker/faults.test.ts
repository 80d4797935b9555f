/**
 * Endpoints and faults on a PRIVATE dockerd (own socket, TCP port and bridge): DOCKER_HOST=tcp://…
 * and a docker context file are honoured; a wrong endpoint gives a message a user can act on;
 * the engine is killed (SIGTERM; see privateDockerd.ts for SIGKILL) while the stack state and a log follower run, then started again: the
 * state shows the error, then recovers by itself, and the log pane resumes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../server/src/cli/main';
import type { ServiceModel } from '../../../server/src/core/model/types';
import { contextDigest } from '../../../server/src/core/stack/endpoint';
import { EngineError, openEngine } from '../../../server/src/node/docker/engine';
import { LogFollower } from '../../../server/src/node/docker/logFollower';
import { StackState } from '../../../server/src/node/docker/stackState';
import { COUNTER, TEST_IMAGE, until } from '../../helpers/dockerStackFixture';
import { PATIENCE } from '../../helpers/patience';
import { canRunPrivateDockerd, freePort, makePrivateDockerd, type PrivateDockerd } from '../../helpers/privateDockerd';
import { dockerAvailable, requireTool, run } from '../../helpers/realTools';

const PROJECT = `n9f${Math.random().toString(36).slice(2, 7)}`;

function model(): ServiceModel {
  return {
    projectName: PROJECT, baseDomain: 'localhost', env: 'dev', profile: '1.x', network: `${PROJECT}_network`, volumes: [], sources: [],
    services: [{ id: 'counter', kind: 'custom', title: 'counter', composeKey: 'counter', containerName: `${PROJECT}_counter`, ports: [], routes: [], environment: {}, dependsOn: [], volumes: [], origin: {} }],
  };
}

describe('node/docker: endpoints and engine faults (private dockerd)', function () {
  this.timeout(PATIENCE.build);
  let d: PrivateDockerd | undefined;
  let sharedId = '';
  let privateId = '';

  before(async function () {
    requireTool(this, dockerAvailable(), 'a running Docker engine (dockerd)');
    requireTool(this, canRunPrivateDockerd(), 'root, dockerd and iproute2 for a private Docker engine');
    requireTool(this, run('docker', ['image', 'inspect', TEST_IMAGE]).ok, `the offline test image ${TEST_IMAGE}`);
    sharedId = JSON.parse(run('docker', ['info', '--format', '{{json .DockerRootDir}}']).stdout);
    d = await makePrivateDockerd();
    await d.start();
    privateId = JSON.parse(run('docker', ['-H', d.host, 'info', '--format', '{{json .DockerRootDir}}']).stdout);
    const save = run('sh', ['-c', 'docker save "$1" | docker -H "$2" load', 'sh', TEST_IMAGE, d.host]);
    assert.ok(save.ok, save.stderr);
  });

  after(async () => {
    await d?.destroy();
  });

  it('DOCKER_HOST=tcp://127.0.0.1:PORT and a context file are honoured', async () => {
    const tcp = openEngine(undefined, { ...process.env, DOCKER_HOST: `tcp://127.0.0.1:${d!.tcpPort}` });
    assert.equal(tcp.endpoint.kind, 'tcp');
    assert.equal((await tcp.docker.info()).DockerRootDir, privateId);
    assert.notEqual(privateId, sharedId);

    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'n9home-'));
    try {
      const meta = path.join(home, '.docker', 'contexts', 'meta', contextDigest('n9ctx'));
      fs.mkdirSync(meta, { recursive: true });
      fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'n9ctx', Metadata: {}, Endpoints: { docker: { Host: d!.host, SkipTLSVerify: false } } }));
      fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'n9ctx' }));
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, DOCKER_CONFIG: path.join(home, '.docker') };
      delete env.DOCKER_HOST;
      delete env.DOCKER_CONTEXT;
      const ctx = openEngine(undefined, env);
      assert.equal(ctx.endpoint.context, 'n9ctx');
      assert.equal((await ctx.docker.info()).DockerRootDir, privateId);
      // The setting overrides the context.
      assert.equal((await openEngine('unix:///var/run/docker.sock', env).docker.info()).DockerRootDir, sharedId);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('a wrong endpoint gives a message that names it and says what to do; the CLI exits 3', async () => {
    const closed = await freePort();
    const state = new StackState({ ...openEngine(`tcp://127.0.0.1:${closed}`), model: model() });
    try {
      await state.refresh();
      assert.equal(state.current!.error?.problem.kind, 'refused');
      assert.match(state.current!.error!.message, new RegExp(`Cannot reach Docker at tcp://127.0.0.1:${closed} \\(nself.docker.host\\): connection refused`));
    } finally {
      state.dispose();
    }
    const missing = new StackState({ ...openEngine('unix:///nonexistent/docker.sock'), model: model() });
    await missing.refresh();
    assert.equal(missing.current!.error?.problem.kind, 'no-socket');
    missing.dispose();
    assert.throws(() => openEngine(undefined, { ...process.env, DOCKER_HOST: 'tcp//oops' }), (e: unknown) => e instanceof EngineError && /is not an endpoint/.test(e.message));

    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'n9cli-'));
    let errText = '';
    const err = new Writable({ write: (c, _e, cb) => ((errText += c.toString()), cb()) });
    try {
      fs.writeFileSync(path.join(project, '.env'), `PROJECT_NAME=${PROJECT}\nCS_1=api:custom:8001\n`);
      assert.equal(await main(['status', project, '--docker-host', `tcp://127.0.0.1:${closed}`], new Writable({ write: (_c, _e, cb) => cb() }), err), 3);
      assert.match(errText, /connection refused/);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('dockerd killed and started again: the state shows the error, then recovers; the log pane resumes', async () => {
    const r = run('docker', ['-H', d!.host, 'run', '-d', '--restart', 'unless-stopped', '--name', `${PROJECT}_counter`, '-v', `${PROJECT}_data:/data`,
      '--label', `com.docker.compose.project=${PROJECT}`, '--label', 'com.docker.compose.service=counter', TEST_IMAGE, ...COUNTER]);
    assert.ok(r.ok, r.stderr);
    const engine = openEngine(d!.host);
    const state = new StackState({ docker: engine.docker, endpoint: engine.endpoint, model: model(), backoff: { min: 100, max: 1000 } });
    const lines: string[] = [];
    const follower = new LogFollower({ docker: engine.docker, project: PROJECT, service: 'counter', tail: 5, timestamps: false, events: state, write: (l) => lines.push(l) });
    try {
      state.start();
      await state.waitFor((s) => s.rows[0]?.state === 'running', PATIENCE.start);
      await follower.start();
      const count = () => lines.filter((l) => l.startsWith('n=')).length;
      await until(() => count() >= 10, '10 lines');

      await d!.kill();
      const down = await state.waitFor((s) => s.error !== undefined, PATIENCE.reply);
      assert.match(down.error!.message, /Cannot reach Docker at unix:\/\/.*d\.sock \(nself\.docker\.host\)/);
      assert.equal(down.rows[0]!.state, 'not-created', 'nothing is known while the engine is away');
      await until(() => lines.some((l) => l.includes('lost the Docker engine')), 'the engine-lost marker');

      await d!.start();
      // No click: the event stream reconnects with backoff and the state reads everything again.
      const recovered = await state.waitFor((s) => s.error === undefined && s.rows[0]!.state !== 'not-created', PATIENCE.start);
      // A killed engine leaves its containers stopped; whether it restarts them is the engine's
      // business. Start it the way a user (or the restart policy) would; the pane re-attaches.
      if (recovered.rows[0]!.state !== 'running') assert.ok(run('docker', ['-H', d!.host, 'start', `${PROJECT}_counter`]).ok);
      await state.waitFor((s) => s.rows[0]?.state === 'running', PATIENCE.start);
      await until(() => lines.some((l) => l.includes('Docker engine is back')), 'the engine-back marker');
      const back = lines.findIndex((l) => l.includes('Docker engine is back'));
      await until(() => lines.slice(back).filter((l) => l.startsWith('n=')).length >= 10, '10 lines after the engine came back');
      // Never a number twice; a gap is possible only while no engine was reading the container.
      const numbers = lines.filter((l) => l.startsWith('n=')).map((l) => Number(l.slice(2)));
      for (let i = 1; i < numbers.length; i++) assert.ok(numbers[i]! > numbers[i - 1]!, `${numbers[i - 1]} then ${numbers[i]}`);
    } finally {
      follower.dispose();
      state.dispose();
    }
  });
});
