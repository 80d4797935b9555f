/**
 * What a deploy target kind does at each step of the pipeline (`runRelease` in pipeline.ts): a
 * single server over ssh (`serverBackend`, here, over a DeployDriver), a Docker Swarm
 * (`core/orchestrators/swarmRelease.ts`) and a Kubernetes cluster
 * (`core/orchestrators/kubernetesRelease.ts`). The pipeline owns the order, the confirmation,
 * the events, cancel and the rule that anything failing after `release` rolls back; a backend
 * owns what those steps mean for its kind.
 */
import { snapshotFromInspect } from '../stack/containers';
import type { DeployDriver, LineSink, RemoteFacts } from './driver';
import { DeployStop } from './driver';
import { judgeGate, NSELF_GATE_LIMITS, type GateResult } from './gate';
import type { DeployRecord } from './history';
import { buildPlan, type DeployPlan } from './plan';
import { waitRoutes, type WaitRoutesOptions } from './routes';
import type { DeployRequest } from './pipeline';

export interface Preflight {
  /** One line for the log: versions, free space, what is live. */
  summary: string;
  /** What a rollback goes back to, in words ("release 20261202-…", "the previous service specs"). */
  previous: string;
}

export interface DeployBackend {
  /** Reaches the target and checks it can take a release; throws DeployStop or DeployDriverError. */
  preflight(signal: AbortSignal): Promise<Preflight>;
  /** What the release will change, read from the target; nothing changes. */
  plan(releaseId: string, signal: AbortSignal): Promise<DeployPlan>;
  /** Everything before the switch (upload, stack file); nothing live changes. Returns bytes sent. */
  stage(releaseId: string, plan: DeployPlan, signal: AbortSignal, out: LineSink): Promise<number>;
  /** Undoes `stage` when the release never went live. */
  discard(releaseId: string, out: LineSink): Promise<void>;
  /** The switch: from here a failure or a cancel rolls back. */
  release(releaseId: string, plan: DeployPlan, signal: AbortSignal, out: LineSink): Promise<void>;
  /** One look at the target, judged; the pipeline asks again until it is decided. */
  gate(plan: DeployPlan, elapsedMs: number, signal: AbortSignal): Promise<GateResult>;
  /** Puts back what ran before this release. Runs even after a cancel. */
  rollback(releaseId: string, plan: DeployPlan, out: LineSink): Promise<void>;
  /**
   * After the services passed the gate: the routes through nginx, until they answer or their window
   * ends (routes.ts). Returns the gate, failed by a route's service when one never answered.
   */
  probeRoutes?(gate: GateResult, opts: WaitRoutesOptions): Promise<GateResult>;
  /** The last log lines of a service the gate named. */
  logs(service: string, lines: number): Promise<string[]>;
  /** Appends to the target's deploy history (a kind without one does nothing). */
  record(record: DeployRecord, keep: number): Promise<void>;
}

/**
 * A single server: files staged under `.nself/releases/<id>/`, switched in place, `up` in
 * dependency order, the gate on the server's containers by nself's rules.
 */
export function serverBackend(driver: DeployDriver, req: Pick<DeployRequest, 'target' | 'model' | 'files' | 'masker' | 'limits' | 'minFreeKiB'>): DeployBackend {
  const project = req.model.projectName;
  let facts: RemoteFacts | undefined;
  return {
    async preflight(signal) {
      facts = await driver.facts(signal);
      if (!facts.compose) throw new DeployStop('The server has no docker compose (neither v2 nor v1) in its PATH.');
      if (facts.freeKiB < (req.minFreeKiB ?? 200 * 1024)) throw new DeployStop(`Only ${Math.round(facts.freeKiB / 1024)} MiB free at ${req.target.path} on the server.`);
      return {
        summary: `engine ${facts.engine}, compose ${facts.compose.kind} ${facts.compose.version}, ${Math.round(facts.freeKiB / 1024)} MiB free, current release ${facts.currentRelease ?? 'none'}`,
        previous: facts.currentRelease ? `the previous release ${facts.currentRelease}` : 'the files before the first deploy',
      };
    },
    async plan(releaseId, signal) {
      const f = facts!;
      const containers = (await driver.inspect(project, signal)).map(snapshotFromInspect);
      const differing = req.files.filter((x) => f.files[x.path] !== undefined && f.files[x.path] !== x.sha256).map((x) => x.path);
      if (f.files['docker-compose.yml'] && !differing.includes('docker-compose.yml')) differing.push('docker-compose.yml');
      const contents = await driver.readFiles(differing, signal);
      const plan = buildPlan({ target: req.target, model: req.model, files: req.files, remote: { files: f.files, contents, containers, currentRelease: f.currentRelease }, releaseId, masker: req.masker });
      plan.commands = driver.describe(releaseId, plan.startOrder).map((argv) => argv.map((a) => req.masker.text(a)));
      return plan;
    },
    async stage(releaseId, _plan, signal, out) {
      return (await driver.upload(releaseId, req.files, signal, out)).bytesSent;
    },
    discard: (releaseId, out) => driver.discard(releaseId, out),
    async release(releaseId, plan, signal, out) {
      await driver.activate(releaseId, project, signal, out);
      if (signal.aborted) return;
      const remove = plan.services.filter((s) => s.action === 'remove').map((s) => s.name);
      const pull = plan.images.filter((i) => i.how === 'pull').map((i) => i.service);
      out(`starting ${plan.startOrder.join(', ')}`);
      await driver.up(project, { order: plan.startOrder, remove, pull }, signal, out);
    },
    async gate(plan, elapsedMs, signal) {
      const containers = (await driver.inspect(project, signal)).map(snapshotFromInspect);
      return judgeGate(plan.startOrder, containers, project, elapsedMs, req.limits ?? NSELF_GATE_LIMITS);
    },
    probeRoutes: driver.probeRoutes ? (gate, opts) => waitRoutes(driver, req.model, gate, { ...opts, windowMs: req.limits?.routesMs }) : undefined,
    rollback: (releaseId, _plan, out) => driver.rollback(project, releaseId, facts?.currentRelease, out),
    logs: (service, lines) => driver.logs(project, service, lines),
    record: (record, keep) => driver.record(record, keep),
  };
}
