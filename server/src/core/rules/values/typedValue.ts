/** Shared plumbing of the typed-value rules: which entries to look at, and which value to judge. */
import type { Catalog } from '../../catalog/types';
import type { EntryLine } from '../../parser/ast';
import { isJudgeable } from '../references/expansion';
import type { RuleContext } from '../types';

/**
 * Calls `visit` for each entry with the value nself will use, when it can be judged: the value as
 * written, or for a value built from `${}` its expansion in the environment being checked. An
 * expanded value is judged only on the line the environment really uses (an overridden line is
 * never read) and when every reference can be resolved or, in a project, is known to be empty
 * (see `isJudgeable`). Empty values are skipped. `expanded` tells the rule not to offer a fix that
 * would replace the reference with a literal.
 */
export function forJudgedValues(
  context: Pick<RuleContext, 'doc' | 'config' | 'project'>,
  entries: readonly EntryLine[],
  visit: (entry: EntryLine, value: string, expanded: boolean) => void,
): void {
  for (const entry of entries) {
    const value = judgedValue(context, entry);
    if (value !== undefined) visit(entry, value, entry.value.references.length > 0);
  }
}

/** The value of one entry as `forJudgedValues` judges it (trimmed), or undefined when empty or not judgeable. */
export function judgedValue(context: Pick<RuleContext, 'doc' | 'config' | 'project'>, entry: EntryLine): string | undefined {
  let value: string;
  if (entry.value.references.length > 0) {
    const binding = context.config.binding(entry.key);
    // The same line by position, not identity: an editor buffer and the project may hold two parses of one text.
    if (!binding || binding.entry.start !== entry.start || binding.doc.path !== context.doc.path || !isJudgeable(binding, context.project !== undefined)) return undefined;
    value = binding.value.trim();
  } else {
    value = entry.value.text.trim();
  }
  return value === '' ? undefined : value;
}

const enumKeysCache = new WeakMap<Catalog, readonly string[]>();

/** The catalog keys that accept a fixed set of values, computed once per catalog. */
export function enumKeys(catalog: Catalog): readonly string[] {
  let keys = enumKeysCache.get(catalog);
  if (!keys) {
    keys = [...catalog.keys].filter(([, spec]) => spec.values !== undefined).map(([key]) => key);
    enumKeysCache.set(catalog, keys);
  }
  return keys;
}
