/** `ENV_ALLOWLIST` (any file of the cascade): exact names or `PREFIX*`, comma-separated. */
import type { Catalog } from '../../catalog/types';
import type { EffectiveConfig } from '../../project/types';

export interface Allowlist {
  has(key: string): boolean;
  /** Declared in `ENV_ALLOWLIST` (nself's own user prefixes not checked: for keys known to miss them). */
  declared(key: string): boolean;
}

const cache = new WeakMap<EffectiveConfig, Allowlist>();

/** Keys the user declared as their own, plus nself's user prefixes. */
export function allowlistOf(config: EffectiveConfig, catalog: Catalog): Allowlist {
  const cached = cache.get(config);
  if (cached) return cached;
  const exact = new Set<string>();
  const declaredPrefixes: string[] = [];
  for (const item of (config.get('ENV_ALLOWLIST') ?? '').split(',')) {
    const name = item.trim();
    if (!name) continue;
    if (name.endsWith('*')) declaredPrefixes.push(name.slice(0, -1));
    else exact.add(name);
  }
  const prefixes = [...catalog.userPrefixes, ...declaredPrefixes];
  const list: Allowlist = {
    has: (key) => exact.has(key) || prefixes.some((p) => key.startsWith(p)),
    declared: (key) => exact.has(key) || (declaredPrefixes.length > 0 && declaredPrefixes.some((p) => key.startsWith(p))),
  };
  cache.set(config, list);
  return list;
}
