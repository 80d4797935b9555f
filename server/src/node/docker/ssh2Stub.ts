/**
 * Stands in for the `ssh2` package in the docker bundle: docker-modem requires it at load time for
 * its own ssh transport, which we never use (ssh endpoints go through the system `ssh`, see
 * engine.ts). Aliased by scripts/build.mjs, so the extension ships without ssh2's native parts.
 */
export class Client {
  constructor() {
    throw new Error('ssh2 is not bundled: nself reaches ssh:// engines with the system ssh client');
  }
}
