/**
 * Which built-in services an effective config switches on, and the host ports and routes they
 * take. A narrow reading of the catalog for the clash and secret rules; the full service model
 * lives in `../model`.
 */
import type { BuiltinService, Catalog, PortSpec } from '../catalog/types';
import type { Binding, EffectiveConfig } from '../project/types';

const cache = new WeakMap<EffectiveConfig, WeakMap<Catalog, Map<string, boolean>>>();

/** The `true`/`false` state of every built-in service in a config, by compose key. */
export function serviceStates(config: EffectiveConfig, catalog: Catalog): Map<string, boolean> {
  let byCatalog = cache.get(config);
  const cached = byCatalog?.get(catalog);
  if (cached) return cached;
  const states = new Map<string, boolean>();
  const byKey = new Map(catalog.services.map((s) => [s.key, s]));
  const visit = (service: BuiltinService): boolean => {
    const known = states.get(service.key);
    if (known !== undefined) return known;
    states.set(service.key, false); // guards against `requires` loops
    const rule = service.enabled;
    let on = config.flag(rule.flag, rule.default);
    if (on && rule.when) on = (config.get(rule.when.key) || rule.when.default) === rule.when.equals;
    if (!on && rule.alsoBy) on = rule.alsoBy.some((flag) => config.flag(flag, false));
    if (on && rule.requires) {
      const required = byKey.get(rule.requires);
      on = required ? visit(required) : on;
    }
    states.set(service.key, on);
    return on;
  };
  for (const service of catalog.services) visit(service);
  if (!byCatalog) cache.set(config, (byCatalog = new WeakMap()));
  byCatalog.set(catalog, states);
  return states;
}

/** The built-in services a config switches on. */
export function enabledServices(config: EffectiveConfig, catalog: Catalog): BuiltinService[] {
  const states = serviceStates(config, catalog);
  return catalog.services.filter((s) => states.get(s.key));
}

export interface HostPort {
  service: BuiltinService;
  spec: PortSpec;
  port: number;
  /** The entry that set the port, when the user set it. */
  binding?: Binding;
}

/**
 * The host ports the enabled built-in services publish in an environment. Postgres is published
 * only in dev (or with POSTGRES_EXPOSE_PORT=true), nself-admin only runs locally.
 */
export function builtinHostPorts(config: EffectiveConfig, catalog: Catalog): HostPort[] {
  const out: HostPort[] = [];
  const dev = config.env === 'dev';
  for (const service of enabledServices(config, catalog)) {
    if (service.key === 'postgres' && !dev && config.get('POSTGRES_EXPOSE_PORT') !== 'true') continue;
    if (service.deploy === 'never' && !dev) continue;
    for (const spec of service.ports) {
      const binding = spec.key ? config.binding(spec.key) : undefined;
      const port = spec.key ? config.int(spec.key, spec.default) : spec.default;
      out.push({ service, spec, port, binding: binding && binding.value.trim() !== '' ? binding : undefined });
    }
  }
  return out;
}
