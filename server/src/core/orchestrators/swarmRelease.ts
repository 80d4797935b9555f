/**
 * A Docker Swarm as a deploy backend of the pipeline (core/deploy/backend.ts): pre-flight asks
 * the manager what it is, the plan compares each service of the stack file with what runs,
 * `release` is `docker stack deploy`, the gate reads tasks (`judgeSwarmGate`), and a rollback
 * puts every service this release touched back: Swarm's own `docker service rollback` for one it
 * updated (unless Swarm already did), removal for one it created.
 *
 * Pure: the docker CLI runs behind `run`, and the stack file is written by `writeStackFile`
 * (both from node/swarm/); nothing here spawns, reads files or looks at the clock.
 */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { DeployBackend } from '../deploy/backend';
import { DeployDriverError, DeployStop } from '../deploy/driver';
import type { GateResult, GateService } from '../deploy/gate';
import { planRoutes, type DeployPlan, type PlannedFile, type PlannedService } from '../deploy/plan';
import type { DeployTarget } from '../deploy/targets';
import { unifiedDiff } from '../deploy/diff';
import { stringifyYaml } from '../generate/yaml11';
import type { ServiceModel } from '../model/types';
import type { SecretMasker } from '../secrets';
import {
  dockerGlobalArgs,
  judgeSwarmGate,
  parseServiceInspect,
  parseServicePs,
  serviceInspectArgv,
  serviceLogsArgv,
  servicePsArgv,
  stackDeployArgv,
  stackServiceIdsArgv,
  wantedImages,
  type SwarmEndpoint,
  type SwarmGateResult,
  type SwarmService,
  type SwarmTask,
} from './swarm';

/** The label that carries a digest of a service's definition and the values it reads. */
export const SPEC_LABEL = 'com.nself.spec';

/** How long the gate waits for Swarm to converge (its own update monitor waits on health first). */
export const SWARM_GATE_MS = 10 * 60_000;

/** Runs one docker argv (its first element is `docker`) with extra environment, streaming lines. */
export type DockerRunner = (argv: readonly string[], opts?: { variables?: Record<string, string>; cwd?: string; onLine?: (line: string) => void }) => Promise<{ code: number | null; stdout: string; stderr: string }>;

/** The engine's facts: `docker info` with this format prints `<version> <swarm state> <is manager>`. */
export function swarmInfoArgv(endpoint: SwarmEndpoint): string[] {
  return ['docker', ...dockerGlobalArgs(endpoint), 'info', '--format', '{{.ServerVersion}} {{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'];
}

/** Swarm's own rollback of one service to its previous spec, waiting until it converged. */
export function serviceRollbackArgv(endpoint: SwarmEndpoint, service: string): string[] {
  return ['docker', ...dockerGlobalArgs(endpoint), 'service', 'rollback', '--detach=false', service];
}

/** Removes a service this release created. */
export function serviceRemoveArgv(endpoint: SwarmEndpoint, service: string): string[] {
  return ['docker', ...dockerGlobalArgs(endpoint), 'service', 'rm', service];
}

/**
 * The stack file as deployed: each service gets a `com.nself.spec` label, a digest of its
 * definition and of the values of the variables it reads, so the next plan can tell which
 * services change. (Swarm keeps those values readable in the service spec anyway; the digest
 * says no more than that.) Returns the text and service key → digest.
 */
export function labelStack(stackFile: string, variables: Readonly<Record<string, string>>): { text: string; digests: Map<string, string> } {
  const header = stackFile.split('\n').filter((l, i, all) => l.startsWith('#') && all.slice(0, i).every((p) => p.startsWith('#')));
  const doc = parse(stackFile, { version: '1.1' }) as { services?: Record<string, Record<string, unknown>> };
  const digests = new Map<string, string>();
  for (const [key, service] of Object.entries(doc.services ?? {})) {
    const body = JSON.stringify(service);
    const names = [...new Set([...body.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].sort();
    const hash = createHash('sha256');
    hash.update(body);
    for (const n of names) hash.update(`\0${n}=${variables[n] ?? ''}`);
    const digest = hash.digest('hex').slice(0, 16);
    digests.set(key, digest);
    const deploy = (service.deploy ??= {}) as { labels?: Record<string, string> };
    deploy.labels = { ...(deploy.labels ?? {}), [SPEC_LABEL]: digest };
  }
  return { text: `${header.join('\n')}\n\n${stringifyYaml(doc)}`, digests };
}

/** Plans the stack's services against what runs: created, updated (definition or values changed), unchanged. */
export function planSwarmServices(stack: string, digests: ReadonlyMap<string, string>, running: readonly SwarmService[]): PlannedService[] {
  const out: PlannedService[] = [];
  for (const [key, digest] of digests) {
    const live = running.find((s) => s.name === `${stack}_${key}`);
    if (!live) out.push({ name: key, action: 'create', reason: 'no such service on the swarm' });
    else if (live.labels[SPEC_LABEL] !== digest) out.push({ name: key, action: 'recreate', reason: live.labels[SPEC_LABEL] ? 'its definition or the values it reads changed (rolling update)' : 'deployed without nself (rolling update)' });
    else out.push({ name: key, action: 'unchanged', reason: 'same definition and values' });
  }
  for (const s of running) {
    const key = s.name.startsWith(`${stack}_`) ? s.name.slice(stack.length + 1) : s.name;
    if (!digests.has(key)) out.push({ name: key, action: 'unchanged', reason: 'not in this release: docker stack deploy leaves it running (docker service rm removes it)' });
  }
  return out;
}

/** The Swarm gate in the pipeline's terms; still waiting past `limitMs` fails. */
export function swarmGateResult(gate: SwarmGateResult, stack: string, elapsedMs: number, limitMs: number): GateResult {
  const late = !gate.passed && !gate.failed && elapsedMs > limitMs;
  const services: GateService[] = gate.services.map((v) => {
    const key = v.name.startsWith(`${stack}_`) ? v.name.slice(stack.length + 1) : v.name;
    const failed = v.status === 'failed' || (late && v.status === 'waiting');
    return {
      service: key,
      state: v.status === 'ok' ? 'running' : failed ? 'unhealthy' : 'starting',
      verdict: failed ? 'failed' : v.status === 'ok' ? 'ok' : 'pending',
      reason: failed ? (v.status === 'failed' ? v.detail : `not converged within ${Math.round(limitMs / 1000)} s: ${v.detail}`) : undefined,
      replicas: { running: v.running, desired: v.desired },
    };
  });
  const failing = services.find((s) => s.verdict === 'failed');
  return { decided: gate.passed || !!failing, passed: gate.passed && !failing, services, failing };
}

export interface SwarmReleaseOptions {
  run: DockerRunner;
  endpoint: SwarmEndpoint;
  /** How the endpoint is named in messages. */
  endpointName: string;
  stack: string;
  /** The generated stack file (`generate(model, 'stack')`): values are `${VAR}` references. */
  stackFile: string;
  /** The env snapshot's values, put into the environment of `docker stack deploy` only. */
  variables: Record<string, string>;
  target: DeployTarget;
  model: ServiceModel;
  masker: SecretMasker;
  /** Writes the stack file where `docker stack deploy` reads it; returns that folder. */
  writeStackFile(text: string): Promise<string>;
  /** The current time as ISO text (the gate ignores rollbacks older than this release). */
  now(): string;
  gateMs?: number;
}

export function swarmBackend(o: SwarmReleaseOptions): DeployBackend {
  const g = dockerGlobalArgs(o.endpoint);
  let labelled: { text: string; digests: Map<string, string> } | undefined;
  let dir: string | undefined;
  let since: string | undefined;
  let before: SwarmService[] = [];
  const wanted = wantedImages(o.stack, parse(o.stackFile, { version: '1.1' }));

  const failure = (what: string, r: { code: number | null; stdout: string; stderr: string }): DeployDriverError => {
    const detail = o.masker.text((r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')) || `exit ${r.code}`;
    const unreachable = /Cannot connect to the Docker daemon|connection refused|no such host|dial unix|Could not resolve|Connection timed out|Permission denied \(publickey/i.test(detail);
    return new DeployDriverError(unreachable ? 'unreachable' : 'remote', `${what} on ${o.endpointName} failed: ${detail}`);
  };
  const must = async (argv: string[], what: string): Promise<string> => {
    const r = await o.run(argv);
    if (r.code !== 0) throw failure(what, r);
    return r.stdout;
  };
  const state = async (): Promise<{ services: SwarmService[]; tasks: SwarmTask[] }> => {
    const ids = (await must(stackServiceIdsArgv(o.endpoint, o.stack), 'docker service ls')).split('\n').map((l) => l.trim()).filter(Boolean);
    if (ids.length === 0) return { services: [], tasks: [] };
    const services = parseServiceInspect(await must(serviceInspectArgv(o.endpoint, ids), 'docker service inspect'));
    const tasks = parseServicePs(await must(servicePsArgv(o.endpoint, ids), 'docker service ps'));
    return { services, tasks };
  };

  return {
    async preflight() {
      const [version, nodeState, manager] = (await must(swarmInfoArgv(o.endpoint), 'docker info')).trim().split(/\s+/);
      if (nodeState !== 'active') throw new DeployStop(`${o.endpointName} is not part of a swarm (state ${nodeState ?? 'unknown'}): run docker swarm init there, or point the target at a manager.`);
      if (manager !== 'true') throw new DeployStop(`${o.endpointName} is a swarm worker, not a manager: point the target at a manager.`);
      before = (await state()).services;
      return { summary: `engine ${version}, swarm manager, stack ${o.stack} has ${before.length} service(s)`, previous: before.length ? 'the previous service specs' : 'no stack (its new services removed)' };
    },
    async plan(releaseId) {
      // A rollback Swarm did before this deploy is not this deploy's failure.
      since = o.now();
      labelled = labelStack(o.stackFile, o.variables);
      const services = planSwarmServices(o.stack, labelled.digests, before);
      const changed = services.some((s) => s.action !== 'unchanged');
      const bytes = Buffer.byteLength(labelled.text);
      // The stack file holds no secret values (they are ${VAR} references), so it is shown whole on a first deploy.
      const file: PlannedFile = before.length === 0
        ? { path: 'docker-stack.yml', change: 'add', bytes, diff: o.masker.text(unifiedDiff('', labelled.text, 'docker-stack.yml')) }
        : { path: 'docker-stack.yml', change: changed ? 'modify' : 'same', bytes };
      const doc = parse(o.stackFile, { version: '1.1' }) as { services?: Record<string, { image?: string; deploy?: { replicas?: number } }> };
      return {
        target: o.target,
        destination: `Docker Swarm stack \`${o.stack}\` on ${o.endpointName}`,
        project: o.model.projectName,
        releaseId,
        services,
        images: Object.entries(doc.services ?? {}).map(([key, s]) => ({ service: key, image: `${s.image ?? '?'} × ${s.deploy?.replicas ?? 1}`, how: 'pull' as const })),
        routes: planRoutes(o.model),
        files: [file],
        startOrder: [...labelled.digests.keys()],
        commands: [stackDeployArgv(o.endpoint, 'docker-stack.yml', o.stack)],
        bytesToSend: changed ? bytes : 0,
        warnings: ['Secret values travel in the environment of docker stack deploy, never in the stack file.', 'A service whose new tasks fail (health included) is rolled back by Swarm itself (failure_action: rollback).'],
      } satisfies DeployPlan;
    },
    async stage(_id, _plan, _signal, out) {
      dir = await o.writeStackFile(labelled!.text);
      out(`stack file written (${Buffer.byteLength(labelled!.text)} bytes; secret values stay out of it)`);
      return 0;
    },
    async discard() {},
    async release(_id, _plan, _signal, out) {
      since = o.now();
      const argv = stackDeployArgv(o.endpoint, 'docker-stack.yml', o.stack);
      out(`$ ${argv.join(' ')}`);
      const r = await o.run(argv, { variables: o.variables, cwd: dir, onLine: out });
      if (r.code !== 0) throw failure('docker stack deploy', r);
    },
    async gate(_plan, elapsedMs) {
      const { services, tasks } = await state();
      const verdict = judgeSwarmGate({ services, tasks, wanted, since, expected: [...wanted.keys()] });
      return swarmGateResult(verdict, o.stack, elapsedMs, o.gateMs ?? SWARM_GATE_MS);
    },
    async rollback(_id, plan, out) {
      const { services } = await state();
      const problems: string[] = [];
      for (const p of plan.services) {
        if (p.action !== 'create' && p.action !== 'recreate') continue;
        const name = `${o.stack}_${p.name}`;
        const live = services.find((s) => s.name === name);
        if (!live) continue;
        if (p.action === 'recreate' && live.updateState === 'rollback_completed') {
          out(`${name}: already rolled back by Swarm`);
          continue;
        }
        const argv = p.action === 'create' ? serviceRemoveArgv(o.endpoint, name) : serviceRollbackArgv(o.endpoint, name);
        out(`$ ${argv.join(' ')}`);
        const r = await o.run(argv, { onLine: out });
        if (r.code !== 0) problems.push(failure(argv.slice(1 + g.length, 3 + g.length).join(' '), r).message);
      }
      if (problems.length) throw new Error(problems.join('; '));
    },
    async logs(service, lines) {
      const r = await o.run(serviceLogsArgv(o.endpoint, `${o.stack}_${service}`, { tail: lines }));
      return `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim());
    },
    async record() {
      // A swarm keeps no deploy history of ours: `docker service inspect` shows each service's UpdatedAt and previous spec.
    },
  };
}

