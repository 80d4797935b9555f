import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver';
import { defaultCustomServicePort } from '../core/catalog';
import type { Catalog } from '../core/catalog/types';
import type { EntryLine } from '../core/parser';
import type { EnvDocument } from '../core/parser';
import type { EffectiveConfig } from '../core/project';
import { offsetAt, rangeOf } from '../service/convert';
import { familiesOf, familyMember, isBoolean, keyFacts, type KeyFacts } from '../service/keys';
import { lineAt } from '../service/locate';
import { freePort, takenPorts } from '../service/ports';
import type { Session } from '../service/session';

/** Sort buckets: the likely item first. */
const LIKELY = '0';
const RELATED = '1';
const FAMILY = '2';
const KNOWN = '3';
const DEFINED_HERE = '8';

interface KeyContext {
  session: Session;
  doc: EnvDocument;
  config: EffectiveConfig;
  catalog: Catalog;
  prefix: string;
  range: Range;
  /** True when the caret is in the key of an existing entry: insert the bare key, no value. */
  keyOnly: boolean;
  /**
   * True when the client renders snippets (`completionItem.snippetSupport`). Without it, items
   * insert plain text that is right as it stands: `CS_5=`, never a snippet's first choice
   * (`CS_5=name:bullmq-js:8005`) nor a multi-line insert the client may not render.
   */
  snippets: boolean;
  definedHere: ReadonlySet<string>;
}

const keysOfDoc = new WeakMap<EnvDocument, Set<string>>();

function definedKeys(doc: EnvDocument): Set<string> {
  let keys = keysOfDoc.get(doc);
  if (!keys) keysOfDoc.set(doc, (keys = new Set(doc.entries.map((e) => e.key))));
  return keys;
}

export function doComplete(session: Session, params: CompletionParams): CompletionList | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const doc = model.doc;
  const offset = offsetAt(doc, params.position);
  const line = lineAt(doc, offset);
  if (line?.kind === 'comment') return null;
  const config = session.config(model);
  const catalog = session.catalog;
  if (line?.kind === 'entry' && offset > line.equals) {
    const items = valueCompletions(session, doc, line, offset, config, catalog);
    return items ? { isIncomplete: false, items } : null;
  }
  const lineStart = doc.lineIndex.lineStart(params.position.line);
  const match = /^\s*(?:export\s+)?([A-Za-z0-9_]*)$/.exec(doc.text.slice(lineStart, offset));
  if (!match) return null;
  const prefix = match[1];
  const keyOnly = line?.kind === 'entry';
  const end = line?.kind === 'entry' ? line.keySpan.end : offset;
  const context: KeyContext = {
    session,
    doc,
    config,
    catalog,
    prefix: prefix.toUpperCase(),
    range: rangeOf(doc, offset - prefix.length, end),
    keyOnly,
    snippets: session.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true,
    definedHere: definedKeys(doc),
  };
  lastUri = model.uri;
  return compact(session, { isIncomplete: false, items: keyCompletions(context) }, context.range, !keyOnly && context.snippets);
}

/**
 * Hundreds of key items share one replace range: when the client takes list defaults (LSP 3.17
 * `itemDefaults`), send the range once and only the text per item. Halves the payload.
 */
function compact(session: Session, list: CompletionList, range: Range, snippets: boolean): CompletionList {
  const defaults = session.capabilities.textDocument?.completion?.completionList?.itemDefaults ?? [];
  if (!defaults.includes('editRange') || (snippets && !defaults.includes('insertTextFormat'))) return list;
  for (const item of list.items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit) || !sameRange(edit.range, range)) continue;
    // The label is what gets inserted when an item says nothing else.
    if (edit.newText !== item.label) item.textEditText = edit.newText;
    if (item.filterText === item.label) delete item.filterText;
    delete item.textEdit;
    if (snippets && item.insertTextFormat === InsertTextFormat.Snippet) delete item.insertTextFormat;
  }
  list.itemDefaults = { editRange: range, ...(snippets ? { insertTextFormat: InsertTextFormat.Snippet } : {}) };
  return list;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

// ---------------------------------------------------------------------------------------------
// Keys

function keyCompletions(ctx: KeyContext): CompletionItem[] {
  const { prefix, catalog } = ctx;
  const sub = /^(CS_|FRONTEND_APP_|REMOTE_SCHEMA_|INTERNAL_ROUTE_)(\d+)_/.exec(prefix);
  if (sub) return subKeyItems(ctx, sub[1], Number(sub[2]));
  const items: CompletionItem[] = [];
  for (const { kind, family } of familiesOf(catalog)) {
    const next = nextFree(ctx, kind, family.prefix, family.min, family.max);
    if (next === undefined) continue;
    const bucket = prefix.length >= 2 && family.prefix.startsWith(prefix.slice(0, family.prefix.length)) ? LIKELY : FAMILY;
    items.push(nextMemberItem(ctx, kind, family.prefix, next, bucket, family.description));
  }
  const enabledRelated = relatedOfEnabled(ctx);
  for (const spec of catalog.keys.values()) {
    if (spec.deprecatedFor || !subsequence(spec.key, prefix)) continue;
    const key = spec.key;
    const facts: KeyFacts = { description: spec.description, default: spec.default, type: spec.type, values: spec.values, group: spec.group };
    let bucket = ctx.definedHere.has(key) ? DEFINED_HERE : enabledRelated.has(key) ? RELATED : KNOWN;
    if (bucket === KNOWN && key.endsWith('_ENABLED')) bucket = FAMILY;
    items.push(keyItem(ctx, key, facts, bucket));
  }
  return items;
}

/**
 * True when the typed letters occur in order in the key. Editors filter more strictly than this,
 * so dropping the rest here only saves work and never hides an item they would show.
 */
function subsequence(key: string, typed: string): boolean {
  let at = 0;
  for (let i = 0; i < typed.length; i++) {
    at = key.indexOf(typed[i], at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

/** The smallest free N of a family in the effective config and this file. */
function nextFree(ctx: KeyContext, kind: string, prefix: string, min: number, max: number): number | undefined {
  for (let n = min; n <= max; n++) {
    const markers = kind === 'custom' ? [`CS_${n}`] : kind === 'frontend' ? [`${prefix}${n}_NAME`, `${prefix}${n}_DISPLAY_NAME`] : [`${prefix}${n}_NAME`];
    if (!markers.some((key) => ctx.definedHere.has(key) || ctx.config.binding(key) !== undefined)) return n;
  }
  return undefined;
}

function nextMemberItem(ctx: KeyContext, kind: string, prefix: string, n: number, bucket: string, description: string): CompletionItem {
  const label = kind === 'custom' ? `CS_${n}` : `${prefix}${n}_NAME`;
  let snippet: string;
  let summary: string;
  if (kind === 'custom') {
    const port = freePort(defaultCustomServicePort(n), takenPorts(ctx.catalog, ctx.config, ctx.session.serviceModel(ctx.config), n));
    const templates = [...ctx.catalog.templates.values()].filter((t) => !t.aliasOf).map((t) => t.name);
    snippet = `CS_${n}=\${1:name}:\${2|${templates.join(',')}|}:\${3:${port}}`;
    summary = `New custom service ${n}: \`name:template:port\` (port ${port} is free).`;
  } else if (kind === 'frontend') {
    const port = freePort(3000 + n - 1, takenPorts(ctx.catalog, ctx.config, ctx.session.serviceModel(ctx.config), undefined, n));
    snippet = `${prefix}${n}_NAME=\${1:app}\n${prefix}${n}_PORT=\${2:${port}}`;
    summary = `New frontend app ${n} on port ${port}.`;
  } else {
    snippet = `${prefix}${n}_NAME=\${1:name}`;
    summary = '';
  }
  let edit: Pick<CompletionItem, 'textEdit' | 'insertTextFormat'>;
  if (ctx.keyOnly) edit = { textEdit: { range: ctx.range, newText: label } };
  else if (ctx.snippets) edit = { textEdit: { range: ctx.range, newText: snippet }, insertTextFormat: InsertTextFormat.Snippet };
  // The key alone: completion of the value (templates, a free port) takes over from there.
  else edit = { textEdit: { range: ctx.range, newText: `${label}=` } };
  return {
    label,
    kind: CompletionItemKind.Module,
    detail: kind === 'custom' ? 'next free custom service' : `next free ${prefix}N`,
    documentation: { kind: MarkupKind.Markdown, value: summary ? `${summary}\n\n${description}` : description },
    sortText: `${bucket}${label}`,
    filterText: label,
    ...edit,
  };
}

function subKeyItems(ctx: KeyContext, prefix: string, n: number): CompletionItem[] {
  const found = familiesOf(ctx.catalog).find((f) => f.family.prefix === prefix);
  if (!found) return [];
  return found.family.subKeys.map((spec) => {
    const key = `${prefix}${n}_${spec.name}`;
    const facts = keyFacts(key, ctx.catalog) ?? { description: spec.description, type: spec.type, group: '' };
    return keyItem(ctx, key, facts, ctx.definedHere.has(key) ? DEFINED_HERE : LIKELY);
  });
}

/** Marks a key item for `completionItem/resolve`: the key is its label, the document the last one completed. */
const KEY_ITEM = 1;

/** The document of the last completion list: `completionItem/resolve` carries no document. */
let lastUri: string | undefined;

function keyItem(ctx: KeyContext, key: string, facts: KeyFacts, bucket: string): CompletionItem {
  // Documentation comes from `completionItem/resolve`: hundreds of items stay small and cheap.
  const item: CompletionItem = {
    label: key,
    kind: key.endsWith('_ENABLED') ? CompletionItemKind.Property : CompletionItemKind.Variable,
    detail: facts.group,
    // Editors order equal sort texts by label, so the bucket alone is enough.
    sortText: bucket,
    data: KEY_ITEM,
  };
  if (ctx.keyOnly) item.textEdit = { range: ctx.range, newText: key };
  else if (!ctx.snippets) item.textEdit = { range: ctx.range, newText: `${key}=` };
  else {
    item.textEdit = { range: ctx.range, newText: `${key}=${valueSnippet(key, facts)}` };
    item.insertTextFormat = InsertTextFormat.Snippet;
  }
  return item;
}

/** `completionItem/resolve`: the description, default, current value and related keys of a key. */
export function resolveCompletion(session: Session, item: CompletionItem): CompletionItem {
  if (item.data !== KEY_ITEM || !lastUri || item.documentation) return item;
  const model = session.workspace.find(lastUri);
  if (!model) return item;
  const key = item.label;
  const catalog = session.catalog;
  const facts = keyFacts(key, catalog);
  const config = session.config(model);
  const lines = [facts?.description ?? ''];
  if (facts?.default !== undefined) lines.push(`Default: \`${session.display(key, facts.default)}\``);
  const binding = config.binding(key);
  if (binding) lines.push(`Now: \`${session.display(key, binding.value, config)}\` (${session.where(binding.doc.path, binding.entry.line)})`);
  const related = relatedByFlag(catalog).get(key);
  if (related?.length) lines.push(`Related: ${related.map((k) => `\`${k}\``).join(', ')}`);
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: lines.filter(Boolean).join('\n\n') } };
}

function valueSnippet(key: string, facts: KeyFacts): string {
  if (isBoolean(key, facts)) return facts.default === 'true' ? '${1|true,false|}' : '${1|false,true|}';
  if (facts.values?.length) {
    const values = facts.default && facts.values.includes(facts.default) ? [facts.default, ...facts.values.filter((v) => v !== facts.default)] : facts.values;
    return `\${1|${values.map(escapeChoice).join(',')}|}`;
  }
  if (facts.default !== undefined && facts.default !== '') return `\${1:${escapeSnippet(facts.default)}}`;
  return '$1';
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, '\\$&');
}

/** Keys that configure services switched on in this environment. */
function relatedOfEnabled(ctx: KeyContext): Set<string> {
  const out = new Set<string>();
  for (const service of ctx.catalog.services) {
    const { flag, default: fallback, alsoBy } = service.enabled;
    const on = ctx.config.flag(flag, fallback) || (alsoBy ?? []).some((f) => ctx.config.flag(f, false));
    if (!on) continue;
    for (const key of service.relatedKeys) if (!ctx.definedHere.has(key)) out.add(key);
  }
  return out;
}

/** For each `*_ENABLED` flag, the keys of the services it switches on. */
const relatedCache = new WeakMap<Catalog, Map<string, string[]>>();
function relatedByFlag(catalog: Catalog): Map<string, string[]> {
  let map = relatedCache.get(catalog);
  if (map) return map;
  map = new Map();
  for (const service of catalog.services) {
    for (const flag of [service.enabled.flag, ...(service.enabled.alsoBy ?? [])]) {
      const list = map.get(flag) ?? [];
      for (const key of service.relatedKeys) if (key !== flag && !list.includes(key)) list.push(key);
      map.set(flag, list);
    }
  }
  relatedCache.set(catalog, map);
  return map;
}

// ---------------------------------------------------------------------------------------------
// Values

function valueCompletions(session: Session, doc: EnvDocument, line: EntryLine, offset: number, config: EffectiveConfig, catalog: Catalog): CompletionItem[] | undefined {
  const value = line.value;
  const contentStart = value.contentSpan.start;
  const contentEnd = Math.max(value.contentSpan.end, contentStart);
  if (offset < contentStart && value.quote !== 'none') return undefined;
  const typed = doc.text.slice(Math.min(contentStart, offset), offset);
  const open = typed.lastIndexOf('${');
  if (open !== -1 && typed.indexOf('}', open) === -1 && value.quote !== 'single') {
    return variableItems(session, doc, config, contentStart + open + 2, offset);
  }
  const key = line.key;
  const facts = keyFacts(key, catalog);
  const member = familyMember(key, catalog);
  if (member?.kind === 'custom' && !member.sub) return customServiceItems(session, doc, line, offset, config, catalog, member.index);
  const range = rangeOf(doc, Math.min(contentStart, offset), Math.max(contentEnd, offset));
  if (isBoolean(key, facts)) {
    const preferred = facts?.default === 'true' ? 'true' : 'false';
    return ['true', 'false'].map((v) => ({
      label: v,
      kind: CompletionItemKind.Value,
      sortText: v === preferred ? '0' : '1',
      preselect: v === preferred,
      textEdit: { range, newText: v },
    }));
  }
  if (facts?.values?.length) {
    return facts.values.map((v, i) => ({
      label: v,
      kind: CompletionItemKind.EnumMember,
      detail: v === facts.default ? 'default' : undefined,
      sortText: v === facts.default ? '0' : `1${String(i).padStart(3, '0')}`,
      textEdit: { range, newText: v },
    }));
  }
  return undefined;
}

/** `CS_N=name:template:port:route`, field by field. */
function customServiceItems(session: Session, doc: EnvDocument, line: EntryLine, offset: number, config: EffectiveConfig, catalog: Catalog, n: number): CompletionItem[] | undefined {
  const start = line.value.contentSpan.start;
  const end = Math.max(line.value.contentSpan.end, offset);
  const typed = doc.text.slice(start, offset);
  const fields = typed.split(':');
  const field = fields.length - 1;
  const fieldStart = offset - fields[field].length;
  const nextColon = doc.text.indexOf(':', offset);
  const fieldEnd = nextColon !== -1 && nextColon < end ? nextColon : end;
  const range = rangeOf(doc, fieldStart, fieldEnd);
  if (field === 1) {
    return [...catalog.templates.values()].map((t) => ({
      label: t.name,
      kind: t.aliasOf ? CompletionItemKind.Reference : CompletionItemKind.Module,
      detail: t.aliasOf ? `${t.language} · alias of ${t.aliasOf}` : t.language,
      labelDetails: { description: t.language },
      documentation: { kind: MarkupKind.Markdown, value: t.description },
      sortText: `${t.aliasOf ? '1' : '0'}${t.name}`,
      textEdit: { range, newText: t.name },
    }));
  }
  if (field === 2) {
    const taken = takenPorts(catalog, config, session.serviceModel(config), n);
    const port = freePort(defaultCustomServicePort(n), taken);
    const why = port === defaultCustomServicePort(n) ? `the default for CS_${n} (8000+${n})` : `8000+${n} is taken; the next free port`;
    return [{ label: String(port), kind: CompletionItemKind.Value, detail: why, sortText: '0', preselect: true, textEdit: { range, newText: String(port) } }];
  }
  if (field === 3) {
    const route = fields[0].toLowerCase().replace(/_/g, '-');
    if (!route) return undefined;
    return [{ label: route, kind: CompletionItemKind.Value, detail: `route: ${route}.${config.get('BASE_DOMAIN') || 'localhost'}`, textEdit: { range, newText: route } }];
  }
  return undefined;
}

/** After `${`: every key the cascade defines. */
function variableItems(session: Session, doc: EnvDocument, config: EffectiveConfig, nameStart: number, offset: number): CompletionItem[] {
  const closed = doc.text.charAt(offset) === '}';
  let nameEnd = offset;
  while (nameEnd < doc.text.length && /[A-Za-z0-9_]/.test(doc.text.charAt(nameEnd))) nameEnd++;
  const range = rangeOf(doc, nameStart, nameEnd);
  const seen = new Map<string, { file: string; line: number }>();
  const layers = config.layers.some((l) => l.doc === doc) ? config.layers : [...config.layers, { doc }];
  for (const layer of layers) {
    for (const entry of layer.doc?.entries ?? []) seen.set(entry.key, { file: layer.doc!.path, line: entry.line });
  }
  const items: CompletionItem[] = [];
  const showValues = seen.size <= 500;
  for (const [key, at] of seen) {
    const value = showValues ? config.get(key) : undefined;
    items.push({
      label: key,
      kind: CompletionItemKind.Variable,
      detail: value !== undefined ? session.display(key, value, config) : session.where(at.file, at.line),
      sortText: key,
      textEdit: { range, newText: closed || doc.text.charAt(nameEnd) === '}' ? key : `${key}}` },
    });
  }
  return items;
}
