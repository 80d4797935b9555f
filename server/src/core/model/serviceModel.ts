/**
 * `deriveServiceModel`: the one derivation of "what runs" that the language server, tree view,
 * previews, build and deploy all read (REFERENCE §6–7). Pure and cheap: one pass over the catalog,
 * CS_1..CS_10 and FRONTEND_APP_1..20, with map lookups into the effective config.
 */
import type { Catalog } from '../catalog/types';
import type { EffectiveConfig } from '../project/types';
import { builtinModel, enabledServices } from './builtin';
import { ModelContext, type ModelOptions } from './context';
import { customModel } from './custom';
import { frontendModel } from './frontend';
import type { ModelService, ServiceModel } from './types';

export type { ModelOptions } from './context';

/** The source of a volume entry when it is a named volume (not a path). */
function namedVolume(entry: string): string | undefined {
  const colon = entry.indexOf(':');
  if (colon <= 0) return undefined;
  const source = entry.slice(0, colon);
  const c = source.charCodeAt(0);
  return c === 46 /* . */ || c === 47 /* / */ || c === 126 /* ~ */ || c === 36 /* $ */ ? undefined : source;
}

/**
 * Derives the services of one environment. Never throws on bad user input: a CS_N or frontend app
 * nself could not build is left out, and the rules say why.
 */
export function deriveServiceModel(config: EffectiveConfig, catalog: Catalog, options: ModelOptions = {}): ServiceModel {
  const ctx = new ModelContext(config, catalog, options);
  const enabled = enabledServices(ctx);
  // Routes are nginx vhosts: without nginx there are none.
  const withRoutes = enabled.has('nginx');

  const services: ModelService[] = [];
  for (const service of catalog.services) {
    if (enabled.has(service.key)) services.push(builtinModel(service, ctx, enabled, withRoutes));
  }

  const ids = new Set(services.map((s) => s.id));
  for (let n = catalog.customServices.min; n <= catalog.customServices.max; n++) {
    const model = customModel(n, ctx, enabled, withRoutes);
    if (!model) continue;
    // A name that clashes with another service keeps its own id; the clash rule reports it.
    if (ids.has(model.id)) model.id = `custom:${n}:${model.id}`;
    ids.add(model.id);
    services.push(model);
  }

  const includeFrontends = options.includeFrontends ?? ctx.tier !== 'prod';
  if (includeFrontends) {
    for (let n = catalog.frontendApps.min; n <= catalog.frontendApps.max; n++) {
      const model = frontendModel(n, ctx, withRoutes);
      if (!model) continue;
      if (ids.has(model.id)) model.id = `${model.id}:${n}`;
      ids.add(model.id);
      services.push(model);
    }
  }

  const volumes: string[] = [];
  const seen = new Set<string>();
  for (const s of services) {
    for (const v of s.volumes) {
      const name = namedVolume(v);
      if (name && !seen.has(name)) {
        seen.add(name);
        volumes.push(name);
      }
    }
  }

  return {
    projectName: ctx.project,
    baseDomain: ctx.baseDomain,
    baseDomainOrigin: ctx.has('BASE_DOMAIN') ? ctx.origin('BASE_DOMAIN') : { key: 'BASE_DOMAIN', isDefault: true },
    env: ctx.env,
    profile: catalog.profile,
    network: `${ctx.project}_network`,
    services,
    volumes,
    sources: config.layers.filter((l) => l.doc).map((l) => l.path),
  };
}
