/**
 * The health gate after `up`, by nself's rules (OPS §2): a service with a healthcheck must be
 * healthy within 60 s, one without must be running within 30 s, a one-shot must exit 0 within
 * 60 s. Judged on snapshots of the server's containers with core/stack/containers; the pipeline
 * polls and asks `judgeGate` until it is decided.
 */
import { containerState, isOneShot, lastHealthOutput, verdictOf, type ContainerSnapshot, type ServiceState } from '../stack/containers';

export interface GateLimits {
  healthyMs: number;
  runningMs: number;
  oneShotMs: number;
  /** How long the routes may answer a gateway error after the containers passed. Default 30 s (routes.ts). */
  routesMs?: number;
}

/** nself 1.x's limits. */
export const NSELF_GATE_LIMITS: GateLimits = { healthyMs: 60_000, runningMs: 30_000, oneShotMs: 60_000 };

export interface GateService {
  service: string;
  state: ServiceState;
  verdict: 'ok' | 'pending' | 'failed';
  /** Why it failed (`unhealthy`, `not healthy within 60 s`, `exited with 1`). */
  reason?: string;
  /** Last health probe output, for the report. */
  health?: string[];
  /** Replicas running and wanted, for an orchestrator's services. */
  replicas?: { running: number; desired: number };
}

export interface GateResult {
  /** True once every service is ok or one has failed. */
  decided: boolean;
  passed: boolean;
  services: GateService[];
  /** The first failing service, when the gate failed. */
  failing?: GateService;
}

/**
 * The gate's verdict `elapsedMs` after `up` ended. `services`: the compose services that must be
 * up; `project`: the compose project whose containers count. A service whose container is still
 * pending past its limit fails; a failure decides the gate at once.
 */
export function judgeGate(services: readonly string[], containers: readonly ContainerSnapshot[], project: string, elapsedMs: number, limits: GateLimits = NSELF_GATE_LIMITS): GateResult {
  const out: GateService[] = [];
  for (const service of services) {
    const candidates = containers.filter((c) => c.project === project && c.service === service);
    // A recreated service briefly has its old and new containers: judge the newest.
    const c = candidates.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))[0];
    if (!c) {
      const late = elapsedMs > limits.runningMs;
      out.push({ service, state: 'not-created', verdict: late ? 'failed' : 'pending', reason: late ? `no container within ${seconds(limits.runningMs)}` : undefined });
      continue;
    }
    const state = containerState(c);
    const oneShot = isOneShot(c);
    let verdict = verdictOf(state, { oneShot, exitCode: c.exitCode });
    let reason: string | undefined;
    const limit = oneShot ? limits.oneShotMs : c.hasHealthcheck ? limits.healthyMs : limits.runningMs;
    if (verdict === 'failed') reason = state === 'exited' ? `exited with ${c.exitCode ?? '?'}` : state;
    else if (verdict === 'pending' && elapsedMs > limit) {
      verdict = 'failed';
      reason = oneShot ? `did not exit 0 within ${seconds(limit)}` : c.hasHealthcheck ? `not healthy within ${seconds(limit)} (${state})` : `not running within ${seconds(limit)} (${state})`;
    }
    out.push({ service, state, verdict, reason, health: c.hasHealthcheck ? lastHealthOutput(c) : undefined });
  }
  const failing = out.find((s) => s.verdict === 'failed');
  const passed = !failing && out.every((s) => s.verdict === 'ok');
  return { decided: passed || !!failing, passed, services: out, failing };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
