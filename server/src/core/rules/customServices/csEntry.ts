/** Reading `CS_N` entries of one file, for the rules that check a value as written. */
import { parseCustomServiceValue, type ParsedCustomService } from '../../catalog/customService';
import type { Catalog, Profile } from '../../catalog/types';
import type { EntryLine } from '../../parser/ast';
import type { EnvDocument } from '../../parser/parse';
import { familyEntries } from '../entryIndex';
import { isLiteral } from '../familyIndex';

export interface CsEntry {
  entry: EntryLine;
  index: number;
  parsed: ParsedCustomService;
  literal: boolean;
}

const cache = new WeakMap<EnvDocument, Map<string, CsEntry[]>>();

/**
 * The `CS_N` entries of a document with their parsed values. Values built from `${}` references
 * are left to the config rules, which see them expanded.
 */
export function csEntries(doc: EnvDocument, catalog: Catalog, profile: Profile): CsEntry[] {
  let byProfile = cache.get(doc);
  const cached = byProfile?.get(profile);
  if (cached) return cached;
  const out: CsEntry[] = [];
  for (const { entry, class: c } of familyEntries(doc, catalog)) {
    if (c.kind !== 'custom-service' || entry.value.references.length > 0) continue;
    const value = entry.value.text;
    if (value.trim() === '') continue;
    out.push({ entry, index: c.index, parsed: parseCustomServiceValue(value, c.index, profile), literal: isLiteral(doc, entry, value) });
  }
  if (!byProfile) cache.set(doc, (byProfile = new Map()));
  byProfile.set(profile, out);
  return out;
}
