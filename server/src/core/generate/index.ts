import type { ServiceModel } from '../model/types';
import { generateCompose } from './compose';
import { generateEnvFile } from './envFile';
import { generateKubernetes } from './kubernetes';
import { generateNginx } from './nginx';
import { generateStack, STACK_FILE } from './stack';
import { DEFAULT_ENV_FILE, type GeneratedFile, type GenerateOptions, type Target } from './types';
import { UnsafeValueError, unsafeValues } from './unsafeValues';
import type { Origin } from '../model/types';

export type { GeneratedFile, GenerateOptions, Target } from './types';
export { DEFAULT_ENV_FILE } from './types';
export { generateCompose } from './compose';
export { generateStack, stackName, stackImage, monitorSeconds, STACK_FILE } from './stack';
export { generateNginx, certificateDir } from './nginx';
export { generateKubernetes, kubernetesObjects } from './kubernetes';
export { generateEnvFile, formatEnvValue } from './envFile';
export { unsafeValues, UnsafeValueError, isHostName, isImageReference, isRoutePrefix, type UnsafeValue } from './unsafeValues';

/** Every target, in the order a full build writes them. */
export const TARGETS: readonly Target[] = ['env', 'compose', 'nginx', 'k8s', 'stack'];

/**
 * The files one target produces from the model, with paths relative to the project root. Pure:
 * no file is written, and the same model and options always give the same bytes.
 *
 * Throws `UnsafeValueError` when a value of the model cannot be written safely into the target
 * (a route that would add nginx directives, an image with `$`…): nothing of that target is made.
 */
export function generate(model: ServiceModel, target: Target, opts: GenerateOptions = {}): GeneratedFile[] {
  const problems = unsafeValues(model, target);
  if (problems.length > 0) throw new UnsafeValueError(target, problems, (origin) => originText(origin, opts.projectRoot));
  switch (target) {
    case 'compose':
      return [{ path: 'docker-compose.yml', content: generateCompose(model, opts) }];
    case 'env':
      return [{ path: opts.envFileName ?? DEFAULT_ENV_FILE, content: generateEnvFile(model, opts), mode: 0o600 }];
    case 'nginx':
      return [...generateNginx(model, opts)].map(([path, content]) => ({ path: `nginx/${path}`, content }));
    case 'stack':
      return [{ path: STACK_FILE, content: generateStack(model, opts) }];
    case 'k8s':
      return [{ path: `k8s/${model.projectName}.yaml`, content: generateKubernetes(model, opts) }];
  }
}

/** `file:line` of an origin, relative to the project root when it is inside. */
function originText(origin: Origin, root: string | undefined): string {
  let file = origin.file ?? '';
  if (root && file.startsWith(root + '/')) file = file.slice(root.length + 1);
  return origin.line ? `${file}:${origin.line}` : file;
}
