/** The family a classified key belongs to, with its spec, so family rules treat all four alike. */
import type { KeyClass } from '../../catalog/classify';
import type { Catalog, FamilySpec, SubKeySpec } from '../../catalog/types';

export interface Member {
  family: FamilySpec;
  /** `CS_`, `FRONTEND_APP_`, … */
  prefix: string;
  label: string;
  index: number;
  /** '' for `CS_N` itself. */
  sub: string;
  spec?: SubKeySpec;
  /** True for `CS_N` itself, which has no sub-key. */
  isMain: boolean;
}

/** The family member a key is, or undefined for other keys. */
export function memberOf(c: KeyClass, catalog: Catalog): Member | undefined {
  switch (c.kind) {
    case 'custom-service':
      return { family: catalog.customServices, prefix: catalog.customServices.prefix, label: 'custom service', index: c.index, sub: '', isMain: true };
    case 'custom-service-sub':
      return { family: catalog.customServices, prefix: catalog.customServices.prefix, label: 'custom service', index: c.index, sub: c.sub, spec: c.spec, isMain: false };
    case 'frontend-app':
      return { family: catalog.frontendApps, prefix: catalog.frontendApps.prefix, label: 'frontend app', index: c.index, sub: c.sub, spec: c.spec, isMain: false };
    case 'remote-schema':
      return { family: catalog.remoteSchemas, prefix: catalog.remoteSchemas.prefix, label: 'remote schema', index: c.index, sub: c.sub, spec: c.spec, isMain: false };
    case 'internal-route':
      return { family: catalog.internalRoutes, prefix: catalog.internalRoutes.prefix, label: 'internal route', index: c.index, sub: c.sub, spec: c.spec, isMain: false };
    default:
      return undefined;
  }
}
