/**
 * Swarm deploy on a private one-node swarm (test/helpers/privateSwarm.ts): time from deploy start
 * to all replicas healthy for the 3-replica stack, ours (the deploy pipeline with the Swarm
 * backend: pre-flight, plan from the services' labels, stack file from the generator,
 * `docker stack deploy --with-registry-auth --detach=false`, the gate on tasks) beside a plain `docker stack deploy -c` of the same file, timed until
 * `docker service ls` shows every service at its desired replicas, in the same run. Each round
 * deploys a fresh stack (new names), so both sides create the same services from nothing.
 * Needs root, dockerd and nself-test/busybox:latest (scripts/ci/docker.sh); skipped without them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateStack } from '../server/src/core/generate';
import { planVariables } from '../server/src/core/generate/secretEnv';
import { privateSwarmUnavailable, startPrivateSwarm, type PrivateSwarm } from '../test/helpers/privateSwarm';
import { APP_DOCKERFILE, releaseToSwarm, swarmModel } from '../test/helpers/swarmFixture';

export interface SwarmBenchRow {
  way: 'ours' | 'plain docker stack deploy';
  round: number;
  /** Until `docker stack deploy` returned. */
  msUntilDeployReturned: number;
  /** Until every replica runs (healthy: a task with a healthcheck only runs once healthy). */
  msUntilHealthy: number;
}

const ROUNDS = 2;
const PATIENCE_MS = 10 * 60_000;

async function plainDeploy(swarm: PrivateSwarm, file: string, stack: string, variables: Record<string, string>): Promise<{ deployed: number; healthy: number }> {
  const start = Date.now();
  const r = swarm.docker(['stack', 'deploy', '--detach=false', '-c', file, stack], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...variables } });
  if (!r.ok) throw new Error(`plain docker stack deploy: ${r.stderr}`);
  const deployed = Date.now() - start;
  for (;;) {
    const ls = swarm.docker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Replicas}}']);
    const replicas = ls.stdout.split('\n').filter(Boolean);
    if (replicas.length === 2 && replicas.every((x) => /^(\d+)\/\1\b/.test(x))) return { deployed, healthy: Date.now() - start };
    if (Date.now() - start > PATIENCE_MS) throw new Error(`plain deploy not healthy: ${ls.stdout}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

export async function benchSwarm(): Promise<SwarmBenchRow[]> {
  console.log('\n## Swarm deploy (private one-node swarm, 3-replica service + 1 other)');
  const missing = privateSwarmUnavailable();
  if (missing) {
    console.log(`SKIPPED: needs ${missing} (sudo bash scripts/ci/docker.sh)`);
    return [];
  }
  const swarm = await startPrivateSwarm();
  const rows: SwarmBenchRow[] = [];
  try {
    const ctx = path.join(swarm.dir, 'images');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), APP_DOCKERFILE);
    swarm.build('nself-swarm-app:1', ctx);
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate who goes first, so neither side always meets a warmer engine.
      const order: SwarmBenchRow['way'][] = round % 2 ? ['ours', 'plain docker stack deploy'] : ['plain docker stack deploy', 'ours'];
      for (const way of order) {
        const project = `b${way === 'ours' ? 'o' : 'p'}${round}${swarm.id}`;
        const model = swarmModel(project, 'nself-swarm-app:1', '1');
        const file = generateStack(model);
        const variables = Object.fromEntries(planVariables(model).values);
        if (way === 'ours') {
          const start = Date.now();
          let returned = 0;
          const o = await releaseToSwarm(swarm.host, model, { dir: swarm.dir, gateMs: PATIENCE_MS, onEvent: (e) => e.type === 'step' && e.step === 'gate' && (returned = Date.now() - start) });
          if (o.result !== 'ok') throw new Error(`our deploy did not pass the gate: ${o.message}`);
          rows.push({ way, round, msUntilDeployReturned: returned, msUntilHealthy: Date.now() - start });
        } else {
          const path_ = path.join(swarm.dir, `${project}.yml`);
          fs.writeFileSync(path_, file);
          const t = await plainDeploy(swarm, path_, project, variables);
          rows.push({ way, round, msUntilDeployReturned: t.deployed, msUntilHealthy: t.healthy });
        }
        swarm.docker(['stack', 'rm', project]);
      }
    }
  } finally {
    await swarm.stop();
  }
  for (const r of rows) {
    console.log(`${`round ${r.round}: ${r.way}`.padEnd(40)} deploy returned ${(r.msUntilDeployReturned / 1000).toFixed(1).padStart(6)} s   all replicas healthy ${(r.msUntilHealthy / 1000).toFixed(1).padStart(6)} s`);
  }
  const mean = (way: SwarmBenchRow['way']) => rows.filter((r) => r.way === way).reduce((s, r) => s + r.msUntilHealthy, 0) / ROUNDS / 1000;
  console.log(`mean until healthy: ours ${mean('ours').toFixed(1)} s, plain docker stack deploy ${mean('plain docker stack deploy').toFixed(1)} s`);
  return rows;
}
