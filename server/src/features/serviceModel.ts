import * as path from 'path';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { generate, UnsafeValueError } from '../core/generate';
import { maskServiceModel, secretValuesOf } from '../core/model/mask';
import type { ServiceModel } from '../core/model/types';
import { canonicalEnv, envFileName, type Project } from '../core/project';
import type {
  EnvironmentsParams,
  EnvironmentsResult,
  GenerateParams,
  GenerateResult,
  ServiceModelParams,
  ServiceModelResult,
} from '../protocol';
import { invalidParams } from '../service/errors';
import type { Session } from '../service/session';

const TARGETS = new Set(['compose', 'nginx', 'k8s', 'env', 'stack']);

function projectFor(session: Session, root: string | undefined): Project {
  const project = session.workspace.resolveProject(root);
  if (!project) throw invalidParams(root ? `no nself project at ${root}` : 'no nself project is open');
  return project;
}

function environmentFor(session: Session, project: Project, env: string | undefined): string {
  const name = env ?? session.activeEnvironment;
  if (project.targets().some((t) => t.name === name)) return name;
  const canonical = canonicalEnv(name);
  if (!canonical) throw invalidParams(`invalid environment name ${JSON.stringify(name)}`);
  return canonical;
}

function deriveModel(session: Session, params: ServiceModelParams): { project: Project; env: string; model: ServiceModel } {
  const project = projectFor(session, params.root);
  const env = environmentFor(session, project, params.env);
  const config = project.effective(env, session.profile);
  const model = session.serviceModel(config);
  if (!model) throw invalidParams(`the service model of ${env} could not be derived`);
  // Only an explicit `reveal: true` shows secrets; anything else (even the string "false") masks them.
  return { project, env, model: params.reveal === true ? model : maskServiceModel(model, secretValuesOf(config)) };
}

/** `nself/serviceModel`: the services of an environment, secrets masked unless revealed. */
export function getServiceModel(session: Session, params: ServiceModelParams): ServiceModelResult {
  const { project, env, model } = deriveModel(session, params ?? {});
  return { root: project.root, env, model };
}

/** `nself/generate`: what a build would write for a target; nothing touches the disk. */
export function doGenerate(session: Session, params: GenerateParams): GenerateResult {
  if (!params || !TARGETS.has(params.target)) throw invalidParams(`unknown generate target ${JSON.stringify(params?.target)}`);
  const { project, env, model } = deriveModel(session, params);
  try {
    const files = generate(model, params.target, { projectRoot: project.root });
    return { root: project.root, env, target: params.target, files };
  } catch (error) {
    // Not a bug: the env files hold a value the target cannot take; the message says which.
    if (error instanceof UnsafeValueError) throw new ResponseError(LSPErrorCodes.RequestFailed, `nself: ${error.message}`);
    throw error;
  }
}

/** `nself/environments`: environments with their files, and deploy targets with server.json facts. */
export function getEnvironments(session: Session, params: EnvironmentsParams): EnvironmentsResult {
  const project = projectFor(session, params?.root);
  const environments = project.environments().map((name) => {
    const file = path.join(project.root, envFileName(name));
    return session.workspace.host.readText(file) !== undefined ? { name, file } : { name };
  });
  const targets = project.targets().map((t) => ({
    name: t.name,
    dir: t.dir,
    hasServerJson: t.hasServerJson,
    host: t.server?.host,
    user: t.server?.user,
    type: t.server?.type,
    domain: t.server?.domain,
    problems: t.serverProblems.map((p) => p.message),
  }));
  return { root: project.root, activeEnvironment: session.activeEnvironment, environments, targets };
}
