/**
 * The nself-specific part of the protocol between the extension (client) and the language server.
 * Declared once here and imported by both sides, so a renamed field breaks the build, not a user.
 *
 * Paths are absolute file-system paths. Wherever a request takes `root`, a file URI or any path
 * inside the project works too; without it the server uses the first project it knows.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Profile } from './core/catalog/types';
import type { Target, GeneratedFile } from './core/generate/types';
import type { ServiceModel } from './core/model/types';

export type { Profile, Target as GenerateTarget, GeneratedFile, ServiceModel };

/** Worst severity among the diagnostics published for a project's open files. */
export type Health = 'ok' | 'warnings' | 'errors';

/** One nself project the server found (a folder holding `.env`/`.environments`/`.backend/.env`). */
export interface ProjectStatus {
  root: string;
  /** The environment features use for this project's shared files. */
  activeEnvironment: string;
  environments: string[];
  /** Deploy target names under `.environments/`. */
  targets: string[];
  health: Health;
  errors: number;
  warnings: number;
}

/** Payload of `nself/status` and the answer to `nself/getStatus` / `nself/setActiveEnvironment`. */
export interface StatusParams {
  /** The profile rules run with (`auto` already resolved). */
  profile: Profile;
  /** The active environment: the session override if one is set, else the `nself.environment` setting. */
  activeEnvironment: string;
  projects: ProjectStatus[];
  /** Worst health over all projects; `ok` when there are none. */
  health: Health;
}

/**
 * server → client, whenever projects, the active environment, the profile or the diagnostics
 * counts change: drives the status bar item and the environment picker.
 */
export const StatusNotification = new NotificationType<StatusParams>('nself/status');

/** client → server: the current status, for a client that (re)starts after the last notification. */
export const GetStatusRequest = new RequestType0<StatusParams, void>('nself/getStatus');

export interface SetActiveEnvironmentParams {
  /** Environment or deploy target name; `null` drops the override and follows the setting again. */
  environment: string | null;
}

/**
 * client → server, from the status bar picker: switch the active environment for this session
 * without writing the `nself.environment` setting. Diagnostics of every open file are re-published;
 * the answer is the new status (also sent as `nself/status`).
 */
export const SetActiveEnvironmentRequest = new RequestType<SetActiveEnvironmentParams, StatusParams, void>('nself/setActiveEnvironment');

export interface ServiceModelParams {
  /** The project (root, a file in it, or a file URI). */
  root?: string;
  /** Environment or deploy target; default the active environment. */
  env?: string;
  /** Show secret values as they are. Default false: secret values are `••••`. */
  reveal?: boolean;
}

export interface ServiceModelResult {
  root: string;
  env: string;
  model: ServiceModel;
}

/** client → server, for the services tree and previews: the service model of an environment. */
export const ServiceModelRequest = new RequestType<ServiceModelParams, ServiceModelResult, void>('nself/serviceModel');

export interface GenerateParams extends ServiceModelParams {
  target: Target;
}

export interface GenerateResult {
  root: string;
  env: string;
  target: Target;
  /** Paths are relative to `root`. Nothing is written: the client previews or writes them. */
  files: GeneratedFile[];
}

/**
 * client → server, for previews and "build": the files the core generators write for an
 * environment (compose, nginx, k8s, env or the Swarm stack). Secrets are masked unless `reveal` is true.
 */
export const GenerateRequest = new RequestType<GenerateParams, GenerateResult, void>('nself/generate');

export interface EnvironmentsParams {
  root?: string;
}

export interface EnvironmentInfo {
  /** Canonical name: `dev`, `staging`, `prod` or a custom name. */
  name: string;
  /** `.env.<name>` when it exists. */
  file?: string;
}

export interface DeployTargetInfo {
  name: string;
  dir: string;
  hasServerJson: boolean;
  host?: string;
  user?: string;
  type?: string;
  domain?: string;
  /** What is wrong with `server.json`, if anything. */
  problems: string[];
}

export interface EnvironmentsResult {
  root: string;
  activeEnvironment: string;
  environments: EnvironmentInfo[];
  targets: DeployTargetInfo[];
}

/** client → server, for the environment picker and the deploy view: environments and deploy targets. */
export const EnvironmentsRequest = new RequestType<EnvironmentsParams, EnvironmentsResult, void>('nself/environments');

/**
 * What the client may pass as `initializationOptions`. `nselfVersion` is the output of
 * `nself version` (when the binary is on PATH and the workspace is trusted), used by profile `auto`.
 */
export interface InitializationOptions {
  nselfVersion?: string;
  /** Initial `nself.*` settings, for clients that do not answer `workspace/configuration`. */
  settings?: unknown;
  /**
   * `true` only in a trusted workspace; a client that says nothing is untrusted. The server runs no
   * program either way (git's index file is read, git is not run).
   */
  trusted?: boolean;
}
