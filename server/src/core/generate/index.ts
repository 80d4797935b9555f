import type { ServiceModel } from '../model/types';
import { generateCompose } from './compose';
import { generateEnvFile } from './envFile';
import { generateKubernetes } from './kubernetes';
import { generateNginx } from './nginx';
import { DEFAULT_ENV_FILE, type GeneratedFile, type GenerateOptions, type Target } from './types';

export type { GeneratedFile, GenerateOptions, Target } from './types';
export { DEFAULT_ENV_FILE } from './types';
export { generateCompose } from './compose';
export { generateNginx, certificateDir } from './nginx';
export { generateKubernetes, kubernetesObjects } from './kubernetes';
export { generateEnvFile, formatEnvValue } from './envFile';

/** Every target, in the order a full build writes them. */
export const TARGETS: readonly Target[] = ['env', 'compose', 'nginx', 'k8s'];

/**
 * The files one target produces from the model, with paths relative to the project root. Pure:
 * no file is written, and the same model and options always give the same bytes.
 */
export function generate(model: ServiceModel, target: Target, opts: GenerateOptions = {}): GeneratedFile[] {
  switch (target) {
    case 'compose':
      return [{ path: 'docker-compose.yml', content: generateCompose(model, opts) }];
    case 'env':
      return [{ path: opts.envFileName ?? DEFAULT_ENV_FILE, content: generateEnvFile(model, opts), mode: 0o600 }];
    case 'nginx':
      return [...generateNginx(model, opts)].map(([path, content]) => ({ path: `nginx/${path}`, content }));
    case 'k8s':
      return [{ path: `k8s/${model.projectName}.yaml`, content: generateKubernetes(model, opts) }];
  }
}
