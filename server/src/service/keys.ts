import { classifyKey, defaultCustomServicePort } from '../core/catalog';
import type { Catalog, FamilySpec, SubKeySpec, ValueType } from '../core/catalog/types';

/** A member of a numbered family: `CS_3` (no sub-key), `CS_3_PORT`, `FRONTEND_APP_2_NAME`. */
export interface FamilyMember {
  family: FamilySpec;
  /** Which family: `custom`, `frontend`, `remoteSchema`, `internalRoute`. */
  kind: 'custom' | 'frontend' | 'remoteSchema' | 'internalRoute';
  index: number;
  /** The sub-key name (`PORT`), absent for `CS_N` itself. */
  sub?: string;
  subSpec?: SubKeySpec;
}

export function familiesOf(catalog: Catalog): { kind: FamilyMember['kind']; family: FamilySpec }[] {
  return [
    { kind: 'custom', family: catalog.customServices },
    { kind: 'frontend', family: catalog.frontendApps },
    { kind: 'remoteSchema', family: catalog.remoteSchemas },
    { kind: 'internalRoute', family: catalog.internalRoutes },
  ];
}

const KIND: Record<string, FamilyMember['kind']> = {
  'custom-service': 'custom',
  'custom-service-sub': 'custom',
  'frontend-app': 'frontend',
  'remote-schema': 'remoteSchema',
  'internal-route': 'internalRoute',
};

/** The family a key belongs to, if any (the catalog's `classifyKey` decides). */
export function familyMember(key: string, catalog: Catalog): FamilyMember | undefined {
  const found = classifyKey(key, catalog);
  if (found.kind === 'custom-service') return { kind: 'custom', family: catalog.customServices, index: found.index };
  const kind = KIND[found.kind];
  if (!kind || !('sub' in found)) return undefined;
  const family = familiesOf(catalog).find((f) => f.kind === kind)!.family;
  return { kind, family, index: found.index, sub: found.sub, subSpec: found.spec };
}

/** What the catalog says about a key, in one shape for hover and completion. */
export interface KeyFacts {
  description: string;
  default?: string;
  type: ValueType;
  values?: string[];
  group: string;
  member?: FamilyMember;
}

export function keyFacts(key: string, catalog: Catalog): KeyFacts | undefined {
  const spec = catalog.keys.get(key);
  if (spec) return { description: spec.description, default: spec.default, type: spec.type, values: spec.values, group: spec.group };
  const member = familyMember(key, catalog);
  if (!member) return undefined;
  if (!member.sub) return { description: member.family.description, type: 'string', group: 'Custom services', member };
  if (!member.subSpec) return undefined;
  const group = member.kind === 'custom' ? 'Custom services' : member.kind === 'frontend' ? 'Frontend apps' : member.kind === 'remoteSchema' ? 'Remote schemas' : 'Internal routes';
  return { description: member.subSpec.description, default: defaultOf(member), type: member.subSpec.type, group, member };
}

/** Family defaults that depend on N (ports), else the sub-key's own default. */
function defaultOf(member: FamilyMember): string | undefined {
  if (member.kind === 'custom' && member.sub === 'PORT') return String(defaultCustomServicePort(member.index));
  if (member.kind === 'frontend' && member.sub === 'PORT') return String(3000 + member.index - 1);
  if (member.kind === 'frontend' && member.sub === 'API_PORT') return String(4000 + member.index);
  return member.subSpec?.default;
}

/** True for `*_ENABLED` flags and boolean keys. */
export function isBoolean(key: string, facts: KeyFacts | undefined): boolean {
  return key.endsWith('_ENABLED') || facts?.type === 'bool';
}
