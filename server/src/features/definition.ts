import type { DefinitionParams, Location } from 'vscode-languageserver';
import type { EnvDocument } from '../core/parser';
import { offsetAt, rangeOf } from '../service/convert';
import { keyAt, occurrences } from '../service/occurrences';
import type { Session } from '../service/session';

/**
 * Key or `${VAR}` → the definition that wins in the cascade first, then the ones it overrides
 * (latest first), so "go to definition" lands where the value really comes from.
 */
export function findDefinition(session: Session, params: DefinitionParams): Location[] | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const target = keyAt(model, offsetAt(model.doc, params.position));
  if (!target) return null;
  const binding = session.config(model).binding(target.key);
  const locations: Location[] = [];
  const seen = new Set<string>();
  const add = (doc: EnvDocument, start: number, end: number) => {
    const id = `${doc.path}\0${start}`;
    if (seen.has(id)) return;
    seen.add(id);
    locations.push({ uri: session.uriOf(doc.path), range: rangeOf(doc, start, end) });
  };
  if (binding) {
    add(binding.doc, binding.entry.keySpan.start, binding.entry.keySpan.end);
    for (const o of binding.overrides) add(o.doc, o.entry.keySpan.start, o.entry.keySpan.end);
  }
  // Definitions outside this environment's cascade (other environments, targets) come last.
  for (const o of occurrences(session, model, target.key)) if (o.kind === 'definition') add(o.doc, o.start, o.end);
  return locations.length > 0 ? locations : null;
}
