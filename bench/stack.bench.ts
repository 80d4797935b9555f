/**
 * The services view's engine traffic, on the real Docker engine (skipped without one):
 * - event → tree latency (median, p95) over 50 stops and 50 starts, beside a 2 s polling loop
 *   measured on the same transitions in the same run;
 * - engine requests per minute while the view is idle (event stream + 60 s safety poll);
 * - a log pane's memory while 1,000,000 lines go through the follower and its bounded queue.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { ServiceModel } from '../server/src/core/model/types';
import { LineQueue } from '../server/src/core/stack/lineQueue';
import { openEngine } from '../server/src/node/docker/engine';
import { LogFollower } from '../server/src/node/docker/logFollower';
import { StackState, type StackSnapshot } from '../server/src/node/docker/stackState';
import { percentile } from './stats';

const IMAGE = 'nself-test/busybox:latest';
const IDLE = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];

function model(project: string, services: string[]): ServiceModel {
  return {
    projectName: project, baseDomain: 'localhost', env: 'dev', profile: '1.x', network: `${project}_network`, volumes: [], sources: [],
    services: services.map((s) => ({ id: s, kind: 'custom', title: s, composeKey: s, containerName: `${project}_${s}`, ports: [], routes: [], environment: {}, dependsOn: [], volumes: [], origin: {} })),
  };
}

function docker(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

function runContainer(project: string, service: string, command: string[]): string {
  return docker(['run', '-d', '--restart', 'no', '--name', `${project}_${service}`, '--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`, IMAGE, ...command]);
}

function cleanup(project: string): void {
  const ids = docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]).split('\n').filter(Boolean);
  if (ids.length) spawnSync('docker', ['rm', '-f', ...ids]);
}

const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;

async function latency(): Promise<void> {
  const project = `n9bench${Math.random().toString(36).slice(2, 6)}`;
  const services = ['flip', 'a', 'b', 'c', 'd'];
  try {
    for (const s of services) runContainer(project, s, IDLE);
    const engine = openEngine();
    const state = new StackState({ docker: engine.docker, endpoint: engine.endpoint, model: model(project, services) });
    state.start();
    await state.waitFor((s) => s.rows.every((r) => r.state === 'running'), 60_000);
    const container = engine.docker.getContainer(`${project}_flip`);

    // The peer: what a 2 s polling loop (list + inspect, as nself-admin does every 3-5 s) sees.
    const polled: { state: string; at: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const info = await container.inspect();
        polled.push({ state: info.State.Status, at: Date.now() });
        await new Promise((r) => setTimeout(r, 2000));
      }
    })();

    const events: number[] = [];
    const polls: number[] = [];
    for (let i = 0; i < 50; i++) {
      for (const [action, want] of [['stop', 'exited'], ['start', 'running']] as const) {
        const sent = Date.now();
        if (action === 'stop') await container.stop({ t: 5 });
        else await container.start();
        const snap: StackSnapshot = await state.waitFor((s) => s.rows[0]!.state === want && s.at >= sent, 30_000);
        // Engine event time → tree snapshot; the engine's clock is this machine's.
        const eventMs = snap.cause ? Number(snap.cause.timeNano / 1_000_000n) : sent;
        events.push(snap.at - eventMs);
        // The poller's first sighting of the new state after the event.
        await new Promise<void>((resolve) => {
          const check = () => {
            const seen = polled.find((p) => p.at >= eventMs && p.state === want);
            if (seen) {
              polls.push(seen.at - eventMs);
              resolve();
            } else setTimeout(check, 50);
          };
          check();
        });
      }
    }
    polling = false;
    await poller;
    state.dispose();
    console.log('\n## Services view: engine event → tree (100 transitions: 50 stops, 50 starts of one of 5 containers)');
    console.log(`event stream + 150 ms debounce   median ${ms(percentile(events, 50))}  p95 ${ms(percentile(events, 95))}  max ${ms(Math.max(...events))}`);
    console.log(`2 s polling loop (same run)      median ${ms(percentile(polls, 50))}  p95 ${ms(percentile(polls, 95))}  max ${ms(Math.max(...polls))}`);
  } finally {
    cleanup(project);
  }
}

async function idleTraffic(): Promise<void> {
  const project = `n9idle${Math.random().toString(36).slice(2, 6)}`;
  const services = ['a', 'b', 'c'];
  try {
    for (const s of services) runContainer(project, s, IDLE);
    const engine = openEngine();
    const state = new StackState({ docker: engine.docker, endpoint: engine.endpoint, model: model(project, services) });
    state.start();
    state.setPoll(60_000);
    await state.waitFor((s) => s.rows.every((r) => r.state === 'running'), 60_000);
    const before = state.requests;
    const minute = 61_000;
    await new Promise((r) => setTimeout(r, minute));
    const during = state.requests - before;
    state.dispose();
    console.log('\n## Services view: engine requests while idle (view visible, 3 containers, 61 s)');
    console.log(`requests in 61 s: ${during} (one safety poll = 1 list + ${services.length} inspects; the event stream is one long request opened before)`);
  } finally {
    cleanup(project);
  }
}

export async function logMemory(): Promise<void> {
  const project = `n9logs${Math.random().toString(36).slice(2, 6)}`;
  const total = 1_000_000;
  try {
    runContainer(project, 'noisy', ['sh', '-c', `i=0; while [ $i -lt ${total} ]; do echo "line $i lorem ipsum dolor sit amet"; i=$((i+1)); done; sleep 3600`]);
    const engine = openEngine();
    const state = new StackState({ docker: engine.docker, endpoint: engine.endpoint, model: model(project, ['noisy']) });
    state.start();
    // The pane's path without the editor: follower → bounded queue → a batch string every 50 ms.
    const queue = new LineQueue(5_000, 2_000_000);
    let seen = 0;
    let written = 0;
    let last = '';
    const flusher = setInterval(() => {
      const { lines } = queue.drain();
      written += lines.length;
      if (lines.length) last = lines.join('\r\n').slice(-80);
    }, 50);
    const follower = new LogFollower({ docker: engine.docker, project, service: 'noisy', tail: total, timestamps: false, events: state, write: (l) => { seen++; queue.push(l); } });
    global.gc?.();
    const base = process.memoryUsage();
    const samples: string[] = [];
    await follower.start();
    const started = Date.now();
    let next = 250_000;
    while (!last.includes(`line ${total - 1} `) && Date.now() - started < 600_000) {
      await new Promise((r) => setTimeout(r, 100));
      if (seen >= next) {
        global.gc?.();
        const m = process.memoryUsage();
        samples.push(`${seen.toLocaleString('en').padStart(9)} lines: heap ${((m.heapUsed - base.heapUsed) / 1e6).toFixed(1).padStart(6)} MB over start, rss ${(m.rss / 1e6).toFixed(0)} MB`);
        next += 250_000;
      }
    }
    global.gc?.();
    const end = process.memoryUsage();
    samples.push(`${seen.toLocaleString('en').padStart(9)} lines: heap ${((end.heapUsed - base.heapUsed) / 1e6).toFixed(1).padStart(6)} MB over start, rss ${(end.rss / 1e6).toFixed(0)} MB (end)`);
    clearInterval(flusher);
    follower.dispose();
    state.dispose();
    console.log(`\n## Log pane memory: ${total.toLocaleString('en')} lines through one follower (${((Date.now() - started) / 1000).toFixed(1)} s, ${written.toLocaleString('en')} written, the rest skipped by the bounded queue)`);
    for (const s of samples) console.log(s);
  } finally {
    cleanup(project);
  }
}

export async function benchStack(): Promise<void> {
  if (spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' }).status !== 0) {
    console.log(`\n## Services view: SKIPPED (no Docker engine with ${IMAGE})`);
    return;
  }
  await latency();
  await idleTraffic();
  await logMemory();
}
