/**
 * The second half of the health gate: once every container passed (gate.ts), each route nginx
 * serves must answer through nginx, asked ON the server (`http(s)://<nginx address>:<port>/` with
 * the route's host as Host header and SNI). A route answers when nginx returns any status but a
 * gateway error (502, 503, 504) within the window; one that never does fails the gate like a
 * failing service, so the release is rolled back. Routes to frontend apps (they run on the host;
 * this deploy does not start them) are reported but never fail the gate. Pure, except `waitRoutes`,
 * which polls a driver the way the pipeline polls containers.
 */
import { nginxUsesTls } from '../generate/nginx';
import type { ServiceModel } from '../model/types';
import { DeployDriverError, type DeployDriver } from './driver';
import type { GateResult } from './gate';

/** How long a route may keep answering a gateway error (or nothing) after the containers passed. */
export const ROUTES_WINDOW_MS = 30_000;

/** What the driver asks the server's nginx: every host, on one address and port. */
export interface RouteProbeRequest {
  scheme: 'http' | 'https';
  /** Where nginx listens on the server: its bind address, or 127.0.0.1. */
  address: string;
  port: number;
  hosts: string[];
}

/** The server's answers: the HTTP status per host, 0 when nginx did not answer at all. */
export interface RouteProbeAnswer {
  /** The HTTP client the server had; `none`: the routes could not be asked. */
  client: 'curl' | 'wget' | 'none';
  status: Record<string, number>;
}

/** A route the gate asks for. */
export interface RouteCheck {
  host: string;
  upstream: string;
  /** The compose service behind the route; undefined for a frontend app. */
  service?: string;
  /** The service's or app's name, for messages. */
  owner: string;
  /** False for frontend apps: their answer is reported, never fails the gate. */
  required: boolean;
}

export type RoutePlan = { skip: string } | { request: RouteProbeRequest; routes: RouteCheck[] };

const HOST_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * What to ask, from the model: nginx's published port (443 with TLS, else 80, as the nginx
 * generator decides), and every route once (the first claim of a host wins, as in nginx).
 */
export function routeProbePlan(model: ServiceModel): RoutePlan {
  const nginx = model.services.find((s) => s.composeKey === 'nginx');
  if (!nginx) return { skip: 'nginx is not part of this stack; no route to ask' };
  const tls = nginxUsesTls(model);
  const port = nginx.ports.find((p) => p.container === (tls ? 443 : 80));
  if (!port) return { skip: `nginx publishes no port for ${tls ? 'https (443)' : 'http (80)'}; routes not asked` };
  const routes: RouteCheck[] = [];
  const seen = new Set<string>();
  for (const s of model.services) {
    for (const r of s.routes) {
      const host = r.host.toLowerCase();
      if (seen.has(host) || !HOST_RE.test(host)) continue;
      seen.add(host);
      routes.push({ host, upstream: r.upstream, service: s.composeKey, owner: s.composeKey ?? s.frontend?.name ?? s.title, required: s.composeKey !== undefined });
    }
  }
  if (!routes.length) return { skip: 'no service has a route' };
  const bind = port.bind && IPV4_RE.test(port.bind) && port.bind !== '0.0.0.0' ? port.bind : '127.0.0.1';
  return { request: { scheme: tls ? 'https' : 'http', address: bind, port: port.host, hosts: routes.map((r) => r.host) }, routes };
}

export interface RouteVerdict extends RouteCheck {
  status: number;
  verdict: 'ok' | 'pending' | 'failed' | 'warning';
}

export interface RouteGateResult {
  decided: boolean;
  passed: boolean;
  routes: RouteVerdict[];
  /** The first required route that never answered. */
  failing?: RouteVerdict;
}

/** True for a status nginx gives when the route is served: anything but a gateway error or silence. */
export function routeAnswers(status: number): boolean {
  return status >= 100 && status !== 502 && status !== 503 && status !== 504;
}

/**
 * The routes' verdict `elapsedMs` after the containers passed. A frontend app's route is never
 * waited for (the deploy does not start the app): not answering is a warning at once.
 */
export function judgeRoutes(routes: readonly RouteCheck[], answer: RouteProbeAnswer, elapsedMs: number, windowMs = ROUTES_WINDOW_MS): RouteGateResult {
  const late = elapsedMs > windowMs;
  const out: RouteVerdict[] = routes.map((r) => {
    const status = answer.status[r.host] ?? 0;
    const verdict = routeAnswers(status) ? 'ok' : !r.required ? 'warning' : late ? 'failed' : 'pending';
    return { ...r, status, verdict };
  });
  const failing = out.find((r) => r.verdict === 'failed');
  const decided = out.every((r) => r.verdict !== 'pending');
  return { decided, passed: decided && !failing, routes: out, failing };
}

/** `502 Bad Gateway`, `no answer`. */
export function statusText(status: number): string {
  const names: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  if (status === 0) return 'no answer';
  return names[status] ? `${status} ${names[status]}` : String(status);
}

/** Why a route failed, for the report: the route, what nginx said, where it was asked. */
export function routeFailure(r: RouteVerdict, request: RouteProbeRequest, windowMs = ROUTES_WINDOW_MS): string {
  return `route ${r.host} answered ${statusText(r.status)} through nginx (${request.scheme}://${request.address}:${request.port}, upstream ${r.upstream}) for ${Math.round(windowMs / 1000)} s`;
}

export interface WaitRoutesOptions {
  signal: AbortSignal;
  now(): number;
  pollMs: number;
  windowMs?: number;
  /** A line of the gate step's output. */
  line(text: string): void;
  warn(message: string): void;
}

/**
 * After `gate` passed: asks the routes until each answers or the window ends. Returns `gate`
 * when they answer (or cannot be asked: no nginx, no HTTP client on the server), else the gate
 * failed by the route's service, with the route and its status as the reason.
 */
export async function waitRoutes(driver: DeployDriver, model: ServiceModel, gate: GateResult, opts: WaitRoutesOptions): Promise<GateResult> {
  if (!driver.probeRoutes) return gate;
  const plan = routeProbePlan(model);
  if ('skip' in plan) {
    opts.line(`routes: ${plan.skip}`);
    return gate;
  }
  const { request, routes } = plan;
  const windowMs = opts.windowMs ?? ROUTES_WINDOW_MS;
  opts.line(`routes: asking nginx at ${request.scheme}://${request.address}:${request.port} for ${request.hosts.join(', ')}`);
  const start = opts.now();
  let last = '';
  for (;;) {
    const answer = await driver.probeRoutes(request, opts.signal);
    if (answer.client === 'none') {
      opts.line('routes: the server has neither curl nor wget; routes not asked');
      return gate;
    }
    const result = judgeRoutes(routes, answer, opts.now() - start, windowMs);
    const summary = result.routes.map((r) => `${r.host}=${r.status || '-'}`).join(' ');
    if (summary !== last) opts.line(`routes: ${summary}`);
    last = summary;
    if (result.decided) {
      for (const r of result.routes.filter((v) => v.verdict === 'warning')) opts.warn(`The route ${r.host} (frontend app ${r.owner}, not started by this deploy) answers ${statusText(r.status)} through nginx.`);
      if (!result.failing) return gate;
      const f = result.failing;
      const state = gate.services.find((s) => s.service === f.service)?.state ?? 'running';
      return { ...gate, passed: false, failing: { service: f.service ?? f.owner, state, verdict: 'failed', reason: routeFailure(f, request, windowMs) } };
    }
    if (opts.signal.aborted) throw new DeployDriverError('cancelled', 'cancelled');
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        opts.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, opts.pollMs);
      opts.signal.addEventListener('abort', done, { once: true });
    });
  }
}
