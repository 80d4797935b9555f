import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { EntryLine } from '../core/parser';
import type { EffectiveConfig } from '../core/project';
import { isSecretKey, maskValue } from '../core/secrets';
import { familyMember } from '../service/keys';
import { offsetAt } from '../service/convert';
import type { Session } from '../service/session';

const MAX_HINT = 60;

/** After `CS_N=…`: where the service answers; after a value with `${}`: what it expands to. */
export function getInlayHints(session: Session, params: InlayHintParams): InlayHint[] | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const doc = model.doc;
  const from = offsetAt(doc, params.range.start);
  const to = offsetAt(doc, params.range.end);
  const config = session.config(model);
  const hints: InlayHint[] = [];
  for (const entry of doc.entries) {
    if (entry.eolEnd < from) continue;
    if (entry.start > to) break;
    const label = entry.value.references.length > 0 ? expansionLabel(session, config, model.doc.path, entry) : customServiceLabel(session, config, entry);
    if (!label) continue;
    hints.push({ position: doc.lineIndex.positionAt(entry.value.span.end), label, kind: InlayHintKind.Type, paddingLeft: true });
  }
  return hints;
}

function customServiceLabel(session: Session, config: EffectiveConfig, entry: EntryLine): string | undefined {
  const member = familyMember(entry.key, session.catalog);
  if (member?.kind !== 'custom' || member.sub) return undefined;
  const service = session.serviceModel(config)?.services.find((s) => s.custom?.index === member.index);
  if (!service) return undefined;
  const url = service.routes[0]?.url;
  const port = service.ports[0]?.host;
  if (!url && port === undefined) return undefined;
  return `→ ${[url, port !== undefined ? `:${port}` : undefined].filter(Boolean).join(' ')}`;
}

function expansionLabel(session: Session, config: EffectiveConfig, file: string, entry: EntryLine): string | undefined {
  const binding = config.binding(entry.key);
  let value: string;
  if (binding && binding.doc.path === file && binding.entry.line === entry.line) value = binding.value;
  else value = expandAlone(config, entry);
  const secret = entry.value.references.some((r) => isSecretKey(r.name));
  const shown = secret && session.settings.maskSecrets ? maskValue(value) : session.display(entry.key, value, config);
  if (shown === entry.value.text) return undefined;
  const flat = shown.replace(/\r?\n/g, '⏎');
  return `= ${flat.length > MAX_HINT ? `${flat.slice(0, MAX_HINT - 1)}…` : flat}`;
}

/** A line that does not win in this environment: expand its own references against the config. */
function expandAlone(config: EffectiveConfig, entry: EntryLine): string {
  const { text } = entry.value;
  let out = text;
  for (const ref of entry.value.references) {
    const written = ref.form === 'braced' ? new RegExp(`\\$\\{${ref.name}(?::?-[^}]*)?\\}`) : new RegExp(`\\$${ref.name}(?![A-Za-z0-9_])`);
    const set = config.get(ref.name);
    const replacement = set === undefined || (set === '' && ref.defaultOp === ':-') ? ref.defaultValue ?? '' : set;
    out = out.replace(written, () => replacement);
  }
  return out;
}
