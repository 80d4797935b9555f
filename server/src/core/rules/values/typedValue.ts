/** Shared plumbing of the typed-value rules: which entries to look at and the span to report. */
import type { EntryLine } from '../../parser/ast';
import type { EnvDocument } from '../../parser/parse';

/** Entries whose literal value can be judged: not empty, not built from `${}`. */
export function* literalEntries(doc: EnvDocument, matches: (key: string) => boolean): Generator<{ entry: EntryLine; value: string }> {
  for (const entry of doc.entries) {
    if (!matches(entry.key) || entry.value.references.length > 0) continue;
    const value = entry.value.text.trim();
    if (value === '') continue;
    yield { entry, value };
  }
}
