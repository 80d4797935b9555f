/**
 * What a `${}` value really becomes in an environment, for the rules that judge values: the
 * expanded value nself will use, and which references made it empty or shorter than written.
 */
import * as path from 'path';
import type { EntryLine, Reference } from '../../parser/ast';
import type { EnvDocument } from '../../parser/parse';
import type { Binding, EffectiveConfig } from '../../project/types';
import type { RelatedLocation } from '../types';

/** Variables a shell or Docker provides even when no env file sets them. */
const PROCESS_VARIABLES = new Set(['HOME', 'USER', 'PWD', 'PATH', 'SHELL', 'HOSTNAME', 'LOGNAME', 'TMPDIR', 'LANG', 'UID', 'GID']);

/** True for a variable the process environment provides (`${HOME}`): no env file needs to set it. */
export function isProcessVariable(name: string): boolean {
  return PROCESS_VARIABLES.has(name);
}

/** A reference of a value that expands to nothing. */
export interface EmptyReference {
  /** The referenced variable. */
  name: string;
  /** The reference in the value (`${DB_PASS}`). */
  span: { start: number; end: number };
  /** The definition that is empty; undefined when no file of the cascade sets the variable. */
  target?: Binding;
}

/**
 * Whether a value's expansion can be judged, and how. A lone file cannot: a reference it cannot
 * resolve may be set by a file we do not see. In a project the cascade is all nself reads, so an
 * unresolved reference is empty, as nself will expand it; except for variables the process
 * provides (`${HOME}`) and values caught in a reference cycle (`reference-cycle` reports those).
 */
export function isJudgeable(binding: Binding, inProject: boolean): boolean {
  if (binding.cycle) return false;
  if (binding.unresolved.length === 0) return true;
  return inProject && !binding.unresolved.some(isProcessVariable);
}

/**
 * The references of a binding's own value that expand to nothing: variables no file of the
 * cascade sets, set to an empty value, or (for `${X:-}`) left to an empty default. In file order.
 */
export function emptyReferences(config: EffectiveConfig, binding: Binding): EmptyReference[] {
  const out: EmptyReference[] = [];
  const { doc, entry } = binding;
  for (const ref of entry.value.references) {
    if (ref.name === '' || isProcessVariable(ref.name)) continue;
    const target = config.binding(ref.name);
    const takesDefault = ref.defaultOp !== undefined && (target === undefined || (ref.defaultOp === ':-' && target.value === ''));
    if (takesDefault) {
      if (defaultText(doc, ref) === '') out.push({ name: ref.name, span: ref.span, target });
      continue;
    }
    if (target === undefined || target.value === '') out.push({ name: ref.name, span: ref.span, target });
  }
  return out;
}

function defaultText(doc: EnvDocument, ref: Reference): string {
  const start = ref.nameSpan.end + ref.defaultOp!.length;
  const end = ref.closed ? ref.span.end - 1 : ref.span.end;
  return doc.text.slice(start, end);
}

/**
 * Says why references are empty, for a message: "`DB_PASS` is not set in any file of the prod
 * cascade", "`DB_PASS` is empty (.env.secrets:3)". `root` shortens file names.
 */
export function describeEmpty(empty: readonly EmptyReference[], env: string, root: string | undefined): string {
  return empty
    .map((e) => {
      if (!e.target) return `\`${e.name}\` is not set in any file of the ${env} cascade`;
      return `\`${e.name}\` is empty (${shortPath(e.target.doc.path, root)}:${e.target.entry.line + 1})`;
    })
    .join(', and ');
}

/** Related locations for a message about empty references: the empty definitions they read. */
export function emptyRelated(empty: readonly EmptyReference[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const e of empty) {
    if (e.target) out.push({ file: e.target.doc.path, start: e.target.entry.keySpan.start, end: e.target.entry.keySpan.end, message: `\`${e.name}\` is set to an empty value here` });
  }
  return out;
}

/** A value as a message quotes it: `` `localhost:3000` ``, plus what it was written as when it was expanded. */
export function quoteValue(value: string, entry: EntryLine): string {
  if (entry.value.references.length === 0) return `\`${value}\``;
  return `\`${value}\` (\`${entry.value.text}\` expanded)`;
}

function shortPath(file: string, root: string | undefined): string {
  return root && file.startsWith(root + path.sep) ? file.slice(root.length + 1) : path.basename(file);
}
