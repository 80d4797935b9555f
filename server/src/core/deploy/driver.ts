/**
 * The I/O a deploy needs, as one interface, so the pipeline is pure logic over it: the ssh driver
 * (`node/ssh/sshDriver.ts`) talks to a real server; `MemoryDriverForTests` (in the tests) keeps a
 * server in memory. `serverBackend` (backend.ts) turns a driver into the pipeline's steps; Swarm and
 * Kubernetes have backends of their own.
 */
import type { DeployRecord } from './history';
import type { DeployFile } from './plan';
import type { RouteProbeAnswer, RouteProbeRequest } from './routes';

/** A line of output of a command the driver runs, streamed to the user. */
export type LineSink = (line: string) => void;

export interface RemoteFacts {
  /** `docker version` server version. */
  engine: string;
  /** The compose the server has: v2 (`docker compose`) or v1 (`docker-compose`). */
  compose: { kind: 'v2' | 'v1'; version: string } | undefined;
  /** Free space at the target path, in KiB. */
  freeKiB: number;
  currentRelease?: string;
  /** Release ids kept on the server, oldest first. */
  releases: string[];
  /** Path → sha256 of the files the current release put in place (or found in place). */
  files: Record<string, string>;
  history: DeployRecord[];
}

/** One typed error per cause, so front ends can say what to do. */
export class DeployDriverError extends Error {
  constructor(
    readonly cause: 'unreachable' | 'auth' | 'host-key' | 'remote' | 'cancelled' | 'upload',
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** A pre-flight finding that stops the deploy before anything changed (no compose, no disk, not a manager). */
export class DeployStop extends Error {}

export interface DeployDriver {
  /** Reaches the server (batch mode, time-out) and reads its facts. */
  facts(signal: AbortSignal): Promise<RemoteFacts>;
  /** The text of files in place on the server (for diffs); missing files are left out. */
  readFiles(paths: readonly string[], signal: AbortSignal): Promise<Record<string, string>>;
  /** `docker inspect` JSON of every container of the compose project. */
  inspect(project: string, signal: AbortSignal): Promise<unknown[]>;
  /** The argv of the commands a deploy will run, for the plan (display only). */
  describe(releaseId: string, order: readonly string[]): string[][];
  /**
   * Stages the release under `.nself/releases/<id>/` (only changed files travel). Nothing in
   * place changes. Returns the bytes sent.
   */
  upload(releaseId: string, files: readonly DeployFile[], signal: AbortSignal, out: LineSink): Promise<{ bytesSent: number }>;
  /** Removes a staged release that never went live (upload failed or cancelled). */
  discard(releaseId: string, out: LineSink): Promise<void>;
  /** Puts the release's files in place (each by rename) and points `current` at it. */
  activate(releaseId: string, project: string, signal: AbortSignal, out: LineSink): Promise<void>;
  /** Removes `remove` (agreed in the plan), pulls `pull`, builds, then `up -d` the services in `order`. */
  up(project: string, services: { order: readonly string[]; remove: readonly string[]; pull: readonly string[] }, signal: AbortSignal, out: LineSink): Promise<void>;
  /**
   * Back to `releaseId` (the release before; undefined: what was in place before the first
   * deploy): its files in place, its images, `up -d`. Runs even after a cancel.
   */
  rollback(project: string, fromRelease: string, toRelease: string | undefined, out: LineSink): Promise<void>;
  /** The last log lines of a compose service. */
  logs(project: string, service: string, lines: number): Promise<string[]>;
  /** Appends to the history and prunes releases beyond `keep`. */
  record(record: DeployRecord, keep: number): Promise<void>;
  /**
   * Optional: asks the server's nginx, on the server, for each host of `request` once (the gate's
   * route check, core/deploy/routes.ts). Drivers without it skip that check.
   */
  probeRoutes?(request: RouteProbeRequest, signal: AbortSignal): Promise<RouteProbeAnswer>;
}
