/**
 * The deploy plan: what a deploy will change on the server, computed before anything changes.
 * Services created, recreated, left alone or removed (desired model against the remote
 * containers), images pulled or built, routes, every file that changes as a diff against the
 * server's copy (secrets masked), and the commands that will run. Pure.
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { SecretMasker } from '../secrets';
import type { ContainerSnapshot } from '../stack/containers';
import type { ServiceModel } from '../model/types';
import { unifiedDiff } from './diff';
import type { DeployTarget } from './targets';

/** A file the server needs, relative to the target's path. */
export interface DeployFile {
  path: string;
  content: Uint8Array;
  /** Permission bits on the server (the env snapshot: 0o600). */
  mode: number;
  sha256: string;
  /** True for files that hold secret values (the env snapshot): diffs are masked. */
  secret?: boolean;
}

export type ServiceAction = 'create' | 'recreate' | 'unchanged' | 'remove';

export interface PlannedService {
  name: string;
  action: ServiceAction;
  /** Why, in a few words (`services/api/app.js changed`, `new`, `not in this release`). */
  reason: string;
}

export interface PlannedFile {
  path: string;
  change: 'add' | 'modify' | 'remove' | 'same';
  /** Unified diff with secret values masked; absent for binary or unchanged files. */
  diff?: string;
  bytes: number;
}

export interface DeployPlan {
  target: DeployTarget;
  /** Where the release goes, in words, for a target that is not a single server (a Swarm stack, a namespace). */
  destination?: string;
  project: string;
  releaseId: string;
  /** The release `current` points at on the server now, if any. */
  previousRelease?: string;
  services: PlannedService[];
  images: { service: string; image: string; how: 'pull' | 'build' }[];
  routes: { host: string; upstream: string }[];
  files: PlannedFile[];
  /** Compose services in the order they are started: postgres, hasura, auth, the rest. */
  startOrder: string[];
  /** Every command that will run, as argument arrays (display only; values masked). */
  commands: string[][];
  /** Bytes of the files that change (what travels). */
  bytesToSend: number;
  warnings: string[];
}

/** What the server has now, as read by the driver. */
export interface RemoteState {
  /** Path → sha256 of the files the server has in place for this stack. */
  files: Readonly<Record<string, string>>;
  /** Path → text of the files that differ from this release (for diffs). */
  contents: Readonly<Record<string, string>>;
  containers: readonly ContainerSnapshot[];
  currentRelease?: string;
}

export interface PlanInput {
  target: DeployTarget;
  model: ServiceModel;
  files: readonly DeployFile[];
  remote: RemoteState;
  releaseId: string;
  masker: SecretMasker;
  commands?: string[][];
}

/** sha256 (hex) of bytes or text. */
export function sha256Of(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A deploy file from text or bytes. */
export function deployFile(path: string, content: Uint8Array | string, mode = 0o644, secret = false): DeployFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { path, content: bytes, mode, sha256: sha256Of(bytes), secret: secret || undefined };
}

const FIRST = ['postgres', 'hasura', 'auth'];

/** Compose services in nself's start order: postgres, hasura, auth, then the rest as the model lists them. */
export function startOrder(model: ServiceModel): string[] {
  const keys = model.services.map((s) => s.composeKey).filter((k): k is string => !!k);
  return [...FIRST.filter((k) => keys.includes(k)), ...keys.filter((k) => !FIRST.includes(k))];
}

/** Builds the plan. */
export function buildPlan(input: PlanInput): DeployPlan {
  const { model, remote, masker } = input;
  const project = model.projectName;
  const wanted = new Map(input.files.map((f) => [f.path, f]));
  const files: PlannedFile[] = [];
  for (const f of input.files) {
    const there = remote.files[f.path];
    if (there === f.sha256) {
      files.push({ path: f.path, change: 'same', bytes: f.content.byteLength });
      continue;
    }
    const change = there === undefined ? 'add' : 'modify';
    const text = isText(f.content) ? Buffer.from(f.content).toString('utf8') : undefined;
    let diff: string | undefined;
    if (text !== undefined) {
      const before = remote.contents[f.path] ?? '';
      // Secret values are masked on both sides; a value that changed says so, without showing it.
      diff = unifiedDiff(f.secret ? maskEnvText(before, masker) : before, f.secret ? maskEnvText(text, masker, envValues(before)) : text, f.path);
      diff = masker.text(diff);
    }
    files.push({ path: f.path, change, diff, bytes: f.content.byteLength });
  }
  for (const path of Object.keys(remote.files).sort()) if (!wanted.has(path)) files.push({ path, change: 'remove', bytes: 0 });

  const changedPaths = new Set(files.filter((f) => f.change !== 'same').map((f) => f.path));
  const oldServices = composeServices(remote.contents['docker-compose.yml']);
  const newCompose = wanted.get('docker-compose.yml');
  const newServices = composeServices(newCompose ? Buffer.from(newCompose.content).toString('utf8') : undefined);
  const composeChanged = changedPaths.has('docker-compose.yml');
  const envChanged = [...changedPaths].some((p) => p.startsWith('.env'));
  const ours = remote.containers.filter((c) => c.project === project);
  const services: PlannedService[] = [];
  const images: DeployPlan['images'] = [];
  const order = startOrder(model);
  for (const key of order) {
    const svc = model.services.find((s) => s.composeKey === key)!;
    if (svc.build) images.push({ service: key, image: `${svc.build.context}`, how: 'build' });
    else if (svc.image) images.push({ service: key, image: svc.image.value, how: 'pull' });
    const container = ours.find((c) => c.service === key);
    if (!container) {
      services.push({ name: key, action: 'create', reason: 'no container on the server' });
      continue;
    }
    const context = svc.build ? svc.build.context.replace(/^\.\//, '').replace(/\/$/, '') + '/' : undefined;
    const buildChange = context ? [...changedPaths].find((p) => p.startsWith(context)) : undefined;
    const definitionChanged = composeChanged && JSON.stringify(oldServices?.[key]) !== JSON.stringify(newServices?.[key]);
    const usesEnvFile = envChanged && JSON.stringify(newServices?.[key] ?? '').includes('${');
    if (container.status !== 'running' && container.status !== 'exited') services.push({ name: key, action: 'recreate', reason: `container is ${container.status}` });
    else if (buildChange) services.push({ name: key, action: 'recreate', reason: `${buildChange} changed` });
    else if (definitionChanged) services.push({ name: key, action: 'recreate', reason: 'its compose definition changed' });
    else if (usesEnvFile) services.push({ name: key, action: 'recreate', reason: 'the env snapshot it reads changed' });
    else services.push({ name: key, action: 'unchanged', reason: 'same definition and files' });
  }
  const seen = new Set<string>();
  for (const c of ours) {
    if (!c.service || order.includes(c.service) || seen.has(c.service)) continue;
    seen.add(c.service);
    services.push({ name: c.service, action: 'remove', reason: 'not in this release' });
  }
  const routes = planRoutes(model);
  const warnings: string[] = [];
  if (services.some((s) => s.action === 'remove')) warnings.push('Services listed as removed are stopped and deleted only after you confirm this plan.');
  return {
    target: input.target,
    project,
    releaseId: input.releaseId,
    previousRelease: remote.currentRelease,
    services,
    images,
    routes,
    files,
    startOrder: order,
    commands: (input.commands ?? []).map((argv) => argv.map((a) => masker.text(a))),
    bytesToSend: files.filter((f) => f.change === 'add' || f.change === 'modify').reduce((n, f) => n + f.bytes, 0),
    warnings,
  };
}

/** The hosts nginx routes and where to, as the plan lists them. */
export function planRoutes(model: ServiceModel): DeployPlan['routes'] {
  return model.services.flatMap((s) => s.routes.map((r) => ({ host: r.host, upstream: r.upstream })));
}

/** True when the plan changes nothing: same files, nothing created, recreated or removed. */
export function planIsEmpty(plan: DeployPlan): boolean {
  return plan.files.every((f) => f.change === 'same') && plan.services.every((s) => s.action === 'unchanged');
}

/** The `services:` map of a compose text, or undefined when it cannot be read. */
function composeServices(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const doc = parseYaml(text) as { services?: Record<string, unknown> } | null;
    return doc?.services ?? undefined;
  } catch {
    return undefined;
  }
}

/** Env-file text with secret values masked; with `before`, a masked value that changed is marked. */
function maskEnvText(text: string, masker: SecretMasker, before?: ReadonlyMap<string, string>): string {
  return text
    .split('\n')
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq <= 0 || line.trimStart().startsWith('#')) return line;
      const key = line.slice(0, eq).replace(/^export\s+/, '').trim();
      const value = line.slice(eq + 1);
      const shown = masker.value(key, value);
      const changed = before && shown !== value && before.has(key) && before.get(key) !== value;
      return `${line.slice(0, eq + 1)}${shown}${changed ? '  (changed)' : ''}`;
    })
    .join('\n');
}

function envValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.trimStart().startsWith('#')) out.set(line.slice(0, eq).replace(/^export\s+/, '').trim(), line.slice(eq + 1));
  }
  return out;
}

function isText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.byteLength, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
  return true;
}
