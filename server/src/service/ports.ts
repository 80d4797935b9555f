import type { Catalog } from '../core/catalog/types';
import type { ServiceModel } from '../core/model/types';
import type { EffectiveConfig } from '../core/project';

/**
 * Host ports already taken in an environment: reserved ones, every port of the service model,
 * and whatever CS_N / CS_N_PORT / FRONTEND_APP_N_PORT values say (the model may skip broken lines).
 * `except` / `exceptApp` leave out one custom service / frontend app (the one being edited).
 */
export function takenPorts(catalog: Catalog, config: EffectiveConfig, model: ServiceModel | undefined, except?: number, exceptApp?: number): Set<number> {
  const taken = new Set<number>(catalog.reservedPorts);
  for (const service of model?.services ?? []) {
    if (except !== undefined && service.custom?.index === except) continue;
    if (exceptApp !== undefined && service.frontend?.index === exceptApp) continue;
    for (const port of service.ports) taken.add(port.host);
  }
  for (let n = catalog.customServices.min; n <= catalog.customServices.max; n++) {
    if (n === except) continue;
    const own = config.get(`CS_${n}_PORT`) ?? config.get(`CS_${n}`)?.split(':')[2];
    if (own && /^\d+$/.test(own.trim())) taken.add(Number(own.trim()));
  }
  for (let n = catalog.frontendApps.min; n <= catalog.frontendApps.max; n++) {
    if (n === exceptApp) continue;
    const port = config.get(`FRONTEND_APP_${n}_PORT`);
    if (port && /^\d+$/.test(port.trim())) taken.add(Number(port.trim()));
  }
  return taken;
}

/** The preferred port if free, else the next one above it that clashes with nothing. */
export function freePort(preferred: number, taken: ReadonlySet<number>): number {
  let port = preferred;
  while (taken.has(port) && port < 65535) port++;
  return port;
}
