import * as path from 'path';

/** The lazily loaded `dist/docker.js` (dockerode and the engine adapters). */
export type DockerModule = typeof import('../../../server/src/node/docker/index');

let loaded: DockerModule | undefined;

/**
 * Loads the Docker bundle on first use: when the services view first asks for its items or a
 * Docker command runs. A computed path, so esbuild leaves the require alone and dockerode stays
 * out of the extension and client bundles.
 */
export function dockerModule(): DockerModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require(path.join(__dirname, 'docker.js')) as DockerModule);
}

/** True once something needed Docker (tests check activation does not). */
export function dockerModuleLoaded(): boolean {
  return loaded !== undefined;
}
