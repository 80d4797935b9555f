import type { EnvDocument } from '../core/parser';
import type { DocumentModel } from './documentModel';
import { locate } from './locate';
import type { Session } from './session';

/** A place a key is written: where it is defined, or a `${KEY}` / `$KEY` that uses it. */
export interface Occurrence {
  doc: EnvDocument;
  start: number;
  end: number;
  kind: 'definition' | 'reference';
}

/** The env files a key can live in: every env file of the project, or the lone buffer. */
export function searchScope(session: Session, model: DocumentModel): EnvDocument[] {
  const project = model.project;
  if (!project) return [model.doc];
  const docs: EnvDocument[] = [];
  const files = project.envFiles();
  if (model.path && !files.includes(model.path)) files.push(model.path);
  for (const file of files) {
    const doc = session.documentOf(file, project);
    if (doc) docs.push(doc);
  }
  return docs;
}

/** Every definition of `key` and every reference to it across the scope, in file order. */
export function occurrences(session: Session, model: DocumentModel, key: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const doc of searchScope(session, model)) {
    for (const entry of doc.entries) {
      if (entry.key === key) out.push({ doc, start: entry.keySpan.start, end: entry.keySpan.end, kind: 'definition' });
      for (const ref of entry.value.references) {
        if (ref.name === key) out.push({ doc, start: ref.nameSpan.start, end: ref.nameSpan.end, kind: 'reference' });
      }
    }
  }
  return out;
}

/** The key under the caret: an entry's key or the name in a reference. */
export function keyAt(model: DocumentModel, offset: number): { key: string; start: number; end: number } | undefined {
  const at = locate(model.doc, offset);
  if (at.kind === 'key') return { key: at.line.key, start: at.line.keySpan.start, end: at.line.keySpan.end };
  if (at.kind === 'reference') return { key: at.ref.name, start: at.ref.nameSpan.start, end: at.ref.nameSpan.end };
  return undefined;
}
