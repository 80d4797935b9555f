import type { PrepareRenameParams, Range, RenameParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { offsetAt, rangeOf } from '../service/convert';
import { invalidParams } from '../service/errors';
import { keyAt, occurrences } from '../service/occurrences';
import type { Session } from '../service/session';

const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Only keys and reference names can be renamed; anything else answers null (nothing to rename). */
export function prepareRename(session: Session, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const target = keyAt(model, offsetAt(model.doc, params.position));
  if (!target) return null;
  return { range: rangeOf(model.doc, target.start, target.end), placeholder: target.key };
}

/** Renames a key and every `${KEY}` that uses it, in every env file of the project. */
export function doRename(session: Session, params: RenameParams): WorkspaceEdit | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const target = keyAt(model, offsetAt(model.doc, params.position));
  if (!target) return null;
  if (!KEY_NAME.test(params.newName)) throw invalidParams(`${JSON.stringify(params.newName)} is not a valid key name (letters, digits and _, not starting with a digit)`);
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrences(session, model, target.key)) {
    const uri = session.uriOf(o.doc.path);
    (changes[uri] ??= []).push({ range: rangeOf(o.doc, o.start, o.end), newText: params.newName });
  }
  return { changes };
}
