import type { Binding } from '../../project/types';
import type { Rule, RuleContext } from '../types';
import { configIndex, docIndex, type ConfigIndex } from '../entryIndex';
import { cascadeDocs } from '../util';

/** `A=${B}` and `B=${A}`: neither can be expanded; both end up empty. */
export const referenceCycle: Rule = {
  code: 'reference-cycle',
  title: 'References that form a cycle',
  description: 'Variables that refer to each other in a loop cannot be expanded: each of them ends up empty or literal, depending on the parser.',
  severity: 'error',
  scope: 'config',
  check({ config, report }) {
    // Only entries with references can be part of a cycle, and only those that may reach another
    // key with references: the rest need no expansion at all.
    const seen = new Set<string>();
    const index = configIndex(config);
    for (const doc of cascadeDocs(config)) {
      for (const entry of docIndex(doc).withReferences) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        if (!mayReachCycle(index, entry.key)) continue;
        const binding = config.binding(entry.key);
        if (binding) checkBinding(binding, report);
      }
    }
  },
};

/**
 * False when expanding `key` cannot meet a cycle: its winning value refers only to keys whose
 * values are plain text (or unset) and to no default that would be expanded. Such a binding never
 * gets a `cycle`, and expanding it resolves only plain keys, so skipping it changes nothing else.
 */
function mayReachCycle(index: ConfigIndex, key: string): boolean {
  const entry = index.winningEntry(key);
  if (!entry) return true;
  for (const ref of entry.value.references) {
    if (ref.name === key) return true;
    const target = index.winningEntry(ref.name);
    if (target && target.value.references.length > 0) return true;
    // A default is expanded (and may hold references) when the target is unset, or empty with `:-`.
    if (ref.defaultOp && (!target || (ref.defaultOp === ':-' && target.value.text === ''))) return true;
  }
  return false;
}

function checkBinding(binding: Binding, report: RuleContext['report']): void {
  const cycle = binding.cycle;
  if (!cycle) return;
  const at = cycle.indexOf(binding.key);
  // A key that merely refers into a cycle is reported at the cycle; a self-reference has its own rule.
  if (at === -1 || new Set(cycle).size < 2) return;
  const next = cycle[at + 1];
  const ref = binding.entry.value.references.find((r) => r.name === next);
  if (!ref) return;
  const keys = cycle.slice(at).concat(cycle.slice(1, at + 1)).map((k) => `\`${k}\``);
  // A loop through thousands of keys is named by its ends, not quoted whole.
  const loop = keys.length <= 8 ? keys.join(' → ') : `${keys.slice(0, 3).join(' → ')} → … (${keys.length - 1} keys) → ${keys.slice(-2).join(' → ')}`;
  report({
    doc: binding.doc,
    start: ref.span.start,
    end: ref.span.end,
    message: `${loop} is a cycle, so these values cannot be expanded and end up empty. Replace one of the references with a value.`,
  });
}
