/** The frontend apps of a config: which exist, their port and route, and where they are declared. */
import type { Catalog } from '../../catalog/types';
import type { Binding, EffectiveConfig } from '../../project/types';
import { familyIndex } from '../familyIndex';
import { parseIntStrict } from '../util';

export interface FrontendApp {
  index: number;
  name: string;
  /** The NAME (or DISPLAY_NAME / SYSTEM_NAME) entry that makes the app exist. */
  declared: Binding;
  port: number;
  portBinding?: Binding;
  route: string;
  routeBinding?: Binding;
}

const NAME_KEYS = ['NAME', 'DISPLAY_NAME', 'SYSTEM_NAME'];

/** Apps exist when NAME, DISPLAY_NAME or SYSTEM_NAME is set (1.x reads the first two, 0.9 the first and last). */
export function frontendApps(config: EffectiveConfig, catalog: Catalog): FrontendApp[] {
  const apps: FrontendApp[] = [];
  const groups = [...familyIndex(config, catalog).frontendApps.values()].sort((a, b) => a.index - b.index);
  for (const group of groups) {
    if (group.index < catalog.frontendApps.min || group.index > catalog.frontendApps.max) continue;
    const declared = NAME_KEYS.map((k) => group.subs.get(k)).find((b) => b !== undefined && b.value.trim() !== '');
    if (!declared) continue;
    const portBinding = group.subs.get('PORT');
    const written = portBinding ? parseIntStrict(portBinding.value) : undefined;
    const routeBinding = group.subs.get('ROUTE');
    const name = (group.subs.get('NAME')?.value || declared.value).trim();
    apps.push({
      index: group.index,
      name,
      declared,
      port: written ?? 3000 + group.index - 1,
      portBinding: written !== undefined ? portBinding : undefined,
      route: (routeBinding?.value.trim() || name).toLowerCase(),
      routeBinding: routeBinding?.value.trim() ? routeBinding : undefined,
    });
  }
  return apps;
}
