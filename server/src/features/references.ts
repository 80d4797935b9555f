import type { Location, ReferenceParams } from 'vscode-languageserver';
import { offsetAt, rangeOf } from '../service/convert';
import { keyAt, occurrences } from '../service/occurrences';
import type { Session } from '../service/session';

/** A key across every env file of the project: its definitions (if asked) and its `${KEY}` uses. */
export function findReferences(session: Session, params: ReferenceParams): Location[] | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const target = keyAt(model, offsetAt(model.doc, params.position));
  if (!target) return null;
  return occurrences(session, model, target.key)
    .filter((o) => o.kind === 'reference' || params.context.includeDeclaration)
    .map((o) => ({ uri: session.uriOf(o.doc.path), range: rangeOf(o.doc, o.start, o.end) }));
}
