/**
 * The numbered families of an effective config (CS_N, FRONTEND_APP_N_*, REMOTE_SCHEMA_N_*,
 * INTERNAL_ROUTE_N_*), grouped by N, built once per config and shared by every rule that needs
 * them.
 */
import type { KeyClass } from '../catalog/classify';
import { parseCustomServiceValue, type CsField, type ParsedCustomService } from '../catalog/customService';
import type { Catalog } from '../catalog/types';
import type { EntryLine } from '../parser/ast';
import type { EnvDocument } from '../parser/parse';
import type { Binding, EffectiveConfig } from '../project/types';
import { familyEntries } from './entryIndex';
import { cascadeDocs } from './util';

export interface FamilyGroup {
  index: number;
  /** `CS_N` itself (custom services only). */
  main?: Binding;
  /** Sub-keys by suffix (`PORT`, `ROUTE`, …). */
  subs: Map<string, Binding>;
}

export interface CustomService {
  index: number;
  binding: Binding;
  parsed: ParsedCustomService;
  /** True when the value as written is the value parsed, so field offsets point into the file. */
  literal: boolean;
  group: FamilyGroup;
}

export interface FamilyIndex {
  customServices: Map<number, FamilyGroup>;
  frontendApps: Map<number, FamilyGroup>;
  remoteSchemas: Map<number, FamilyGroup>;
  internalRoutes: Map<number, FamilyGroup>;
  /** Parsed `CS_N` values, ordered by N. */
  services: CustomService[];
}

const cache = new WeakMap<EffectiveConfig, WeakMap<Catalog, FamilyIndex>>();

function group(map: Map<number, FamilyGroup>, index: number): FamilyGroup {
  let g = map.get(index);
  if (!g) map.set(index, (g = { index, subs: new Map() }));
  return g;
}

/** The families of a config, computed once per config and catalog. */
export function familyIndex(config: EffectiveConfig, catalog: Catalog): FamilyIndex {
  let byCatalog = cache.get(config);
  const cached = byCatalog?.get(catalog);
  if (cached) return cached;
  const index: FamilyIndex = { customServices: new Map(), frontendApps: new Map(), remoteSchemas: new Map(), internalRoutes: new Map(), services: [] };
  // Walk the keys of the cascade and expand only family members: expanding every binding of a
  // 10,000-line file would cost more than all the rules together.
  const seen = new Set<string>();
  for (const doc of cascadeDocs(config)) {
    for (const { entry, class: c } of familyEntries(doc, catalog)) {
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      const binding = config.binding(entry.key);
      if (binding) addMember(index, c, binding);
    }
  }
  for (const g of [...index.customServices.values()].sort((a, b) => a.index - b.index)) {
    if (!g.main || g.main.value.trim() === '') continue;
    index.services.push({
      index: g.index,
      binding: g.main,
      parsed: parseCustomServiceValue(g.main.value, g.index, config.profile),
      literal: isLiteral(g.main.doc, g.main.entry, g.main.value),
      group: g,
    });
  }
  if (!byCatalog) cache.set(config, (byCatalog = new WeakMap()));
  byCatalog.set(catalog, index);
  return index;
}

function addMember(index: FamilyIndex, c: KeyClass, binding: Binding): void {
  switch (c.kind) {
    case 'custom-service':
      group(index.customServices, c.index).main = binding;
      break;
    case 'custom-service-sub':
      group(index.customServices, c.index).subs.set(c.sub, binding);
      break;
    case 'frontend-app':
      group(index.frontendApps, c.index).subs.set(c.sub, binding);
      break;
    case 'remote-schema':
      group(index.remoteSchemas, c.index).subs.set(c.sub, binding);
      break;
    case 'internal-route':
      group(index.internalRoutes, c.index).subs.set(c.sub, binding);
      break;
    default:
      break;
  }
}

/** True when `value` is exactly the text between the quotes, so offsets into it are offsets into the file. */
export function isLiteral(doc: EnvDocument, entry: EntryLine, value: string): boolean {
  const span = entry.value.contentSpan;
  return span.end - span.start === value.length && doc.text.startsWith(value, span.start);
}

/** The span of a CS_N field in the file, or the whole value when the value is not literal. */
export function fieldSpan(entry: EntryLine, literal: boolean, field: CsField | undefined): { start: number; end: number } {
  const base = entry.value.contentSpan.start;
  if (!literal || !field) return wholeValue(entry);
  if (field.end === field.start) return { start: base + field.start, end: base + field.start };
  return { start: base + field.start, end: base + field.end };
}

/** The value of an entry, or its key when the value is empty (so there is something to underline). */
export function wholeValue(entry: EntryLine): { start: number; end: number } {
  const span = entry.value.span;
  return span.end > span.start ? { start: span.start, end: span.end } : { start: entry.keySpan.start, end: entry.keySpan.end };
}
