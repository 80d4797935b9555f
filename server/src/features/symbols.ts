import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { Catalog } from '../core/catalog/types';
import type { EntryLine, EnvDocument } from '../core/parser';
import type { EffectiveConfig } from '../core/project';
import { isSecretKey } from '../core/secrets';
import { rangeOf } from '../service/convert';
import { familyMember } from '../service/keys';
import type { Session } from '../service/session';

const GROUPS = ['Core', 'Services', 'Custom services', 'Frontend apps', 'Secrets', 'Other'] as const;
type Group = (typeof GROUPS)[number];

/** The outline: one node per group, custom services and frontend apps nested by N. */
export function getDocumentSymbols(session: Session, params: DocumentSymbolParams): DocumentSymbol[] | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const doc = model.doc;
  const catalog = session.catalog;
  const serviceKeys = serviceKeySet(catalog);
  const config = session.config(model);
  const groups = new Map<Group, DocumentSymbol[]>();
  const numbered = new Map<string, { symbol: DocumentSymbol; group: Group }>();

  for (const entry of doc.entries) {
    const leaf = entrySymbol(session, doc, entry, config);
    const member = familyMember(entry.key, catalog);
    if (member && (member.kind === 'custom' || member.kind === 'frontend')) {
      const group: Group = member.kind === 'custom' ? 'Custom services' : 'Frontend apps';
      const id = member.kind === 'custom' ? `CS_${member.index}` : `FRONTEND_APP_${member.index}`;
      let parent = numbered.get(id);
      if (!parent) {
        parent = { symbol: { name: id, kind: SymbolKind.Module, range: leaf.range, selectionRange: leaf.selectionRange, children: [] }, group };
        numbered.set(id, parent);
        push(groups, group, parent.symbol);
      }
      if (!member.sub) {
        // The CS_N line itself names the node.
        parent.symbol.selectionRange = leaf.selectionRange;
        parent.symbol.detail = leaf.detail;
      } else {
        parent.symbol.children!.push(leaf);
        if (member.sub === 'NAME' || member.sub === 'DISPLAY_NAME') parent.symbol.detail ??= leaf.detail;
      }
      parent.symbol.range = union(parent.symbol.range, leaf.range);
      continue;
    }
    push(groups, groupOf(entry.key, catalog, serviceKeys, member !== undefined), leaf);
  }

  const out: DocumentSymbol[] = [];
  for (const name of GROUPS) {
    const children = groups.get(name);
    if (!children?.length) continue;
    const range = children.map((c) => c.range).reduce(union);
    out.push({ name, kind: SymbolKind.Namespace, range, selectionRange: children[0].selectionRange, children });
  }
  return out;
}

function push(groups: Map<Group, DocumentSymbol[]>, group: Group, symbol: DocumentSymbol): void {
  const list = groups.get(group);
  if (list) list.push(symbol);
  else groups.set(group, [symbol]);
}

function groupOf(key: string, catalog: Catalog, serviceKeys: ReadonlySet<string>, numbered: boolean): Group {
  if (isSecretKey(key)) return 'Secrets';
  if (numbered) return 'Services';
  const spec = catalog.keys.get(key);
  if (spec?.group === 'Core') return 'Core';
  if (key.endsWith('_ENABLED') || serviceKeys.has(key) || spec) return 'Services';
  return 'Other';
}

const serviceKeysCache = new WeakMap<Catalog, Set<string>>();
function serviceKeySet(catalog: Catalog): Set<string> {
  let keys = serviceKeysCache.get(catalog);
  if (!keys) {
    keys = new Set();
    for (const service of catalog.services) {
      keys.add(service.enabled.flag);
      for (const key of service.relatedKeys) keys.add(key);
    }
    serviceKeysCache.set(catalog, keys);
  }
  return keys;
}

function entrySymbol(session: Session, doc: EnvDocument, entry: EntryLine, config: EffectiveConfig): DocumentSymbol {
  const value = entry.value.text;
  const shown = session.display(entry.key, value, config);
  return {
    name: entry.key,
    detail: shown.length > 60 ? `${shown.slice(0, 59)}…` : shown,
    kind: isSecretKey(entry.key) ? SymbolKind.Key : value === 'true' || value === 'false' ? SymbolKind.Boolean : /^\d+$/.test(value) ? SymbolKind.Number : SymbolKind.Variable,
    range: rangeOf(doc, entry.start, Math.max(entry.end, entry.value.span.end)),
    selectionRange: rangeOf(doc, entry.keySpan.start, entry.keySpan.end),
  };
}

type Range = DocumentSymbol['range'];
function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
function union(a: Range, b: Range): Range {
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(a.end, b.end) ? b.end : a.end };
}
