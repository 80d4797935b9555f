import type { ModelService, ServiceModel } from '../model/types';
import { isSecretKey } from '../secrets';

/**
 * Which container environment values are secret, and the `${VAR}` names compose uses for them.
 *
 * Secret values never appear in docker-compose.yml: compose refers to them as `${VAR}` and reads
 * them from the env file (chmod 600, see envFile.ts). That keeps the compose file safe to show in
 * previews and to commit, as nself's own compose does with `${POSTGRES_PASSWORD}`.
 */

/**
 * A secret value at least this long is also looked for inside other values: `DATABASE_URL` holds
 * the postgres password although its key is not secret. Shorter values match too much by chance.
 */
export const MIN_EMBEDDED_SECRET = 8;

export interface EnvEntry {
  key: string;
  value: string;
  /** True when the key is secret or the value contains another secret value. */
  secret: boolean;
}

/** The services that become containers (frontends never do), in model order. */
export function containerServices(model: ServiceModel): ModelService[] {
  return model.services.filter((s) => s.kind !== 'frontend' && s.composeKey !== undefined);
}

const embeddedCache = new WeakMap<ServiceModel, string[]>();

/** Every secret value in the model that is long enough to recognise inside another value. */
function embeddedSecretValues(model: ServiceModel): string[] {
  const cached = embeddedCache.get(model);
  if (cached) return cached;
  const values = new Set<string>();
  for (const s of containerServices(model)) {
    for (const [k, v] of Object.entries(s.environment)) {
      if (isSecretKey(k) && v.length >= MIN_EMBEDDED_SECRET) values.add(v);
    }
  }
  const sorted = [...values].sort();
  embeddedCache.set(model, sorted);
  return sorted;
}

/** A service's environment, sorted by key, with each entry marked secret or not. */
export function classifyEnvironment(model: ServiceModel, service: ModelService): EnvEntry[] {
  const embedded = embeddedSecretValues(model);
  return Object.keys(service.environment)
    .sort()
    .map((key) => {
      const value = service.environment[key] ?? '';
      const secret = isSecretKey(key) || embedded.some((e) => value.includes(e));
      return { key, value, secret };
    });
}

/** How compose refers to secret values, and the values the env file must provide. */
export interface VariablePlan {
  /** compose key → environment key → variable name. */
  refs: Map<string, Map<string, string>>;
  /** variable name → value, in sorted order. */
  values: Map<string, string>;
}

/**
 * Assigns a `${VAR}` name to every non-empty secret environment value. The variable is the key
 * itself when every service that sets the key gives it the same value (the usual case); otherwise
 * each service gets `<KEY>__<SERVICE>` so no value is lost. Empty values stay literal (nothing to
 * hide, and compose's `${VAR:?}` would reject them).
 */
export function planVariables(model: ServiceModel): VariablePlan {
  const byKey = new Map<string, { service: string; value: string }[]>();
  for (const s of containerServices(model)) {
    for (const e of classifyEnvironment(model, s)) {
      if (!e.secret || e.value === '') continue;
      const list = byKey.get(e.key) ?? [];
      list.push({ service: s.composeKey as string, value: e.value });
      byKey.set(e.key, list);
    }
  }
  const refs = new Map<string, Map<string, string>>();
  const values = new Map<string, string>();
  for (const key of [...byKey.keys()].sort()) {
    const uses = byKey.get(key) ?? [];
    const shared = uses.every((u) => u.value === uses[0]?.value);
    for (const u of uses) {
      const name = shared ? key : `${key}__${u.service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      const perService = refs.get(u.service) ?? new Map<string, string>();
      perService.set(key, name);
      refs.set(u.service, perService);
      values.set(name, u.value);
    }
  }
  return { refs, values: new Map([...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
