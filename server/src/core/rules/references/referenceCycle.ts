import type { Binding } from '../../project/types';
import type { Rule, RuleContext } from '../types';
import { cascadeDocs } from '../util';

/** `A=${B}` and `B=${A}`: neither can be expanded; both end up empty. */
export const referenceCycle: Rule = {
  code: 'reference-cycle',
  title: 'References that form a cycle',
  description: 'Variables that refer to each other in a loop cannot be expanded: each of them ends up empty or literal, depending on the parser.',
  severity: 'error',
  scope: 'config',
  check({ config, report }) {
    // Only entries with references can be part of a cycle; the others need no expansion at all.
    const seen = new Set<string>();
    for (const doc of cascadeDocs(config)) {
      for (const entry of doc.entries) {
        if (entry.value.references.length === 0 || seen.has(entry.key)) continue;
        seen.add(entry.key);
        const binding = config.binding(entry.key);
        if (binding) checkBinding(binding, report);
      }
    }
  },
};

function checkBinding(binding: Binding, report: RuleContext['report']): void {
  const cycle = binding.cycle;
  if (!cycle) return;
  const at = cycle.indexOf(binding.key);
  // A key that merely refers into a cycle is reported at the cycle; a self-reference has its own rule.
  if (at === -1 || new Set(cycle).size < 2) return;
  const next = cycle[at + 1];
  const ref = binding.entry.value.references.find((r) => r.name === next);
  if (!ref) return;
  const loop = cycle.slice(at).concat(cycle.slice(1, at + 1)).map((k) => `\`${k}\``).join(' → ');
  report({
    doc: binding.doc,
    start: ref.span.start,
    end: ref.span.end,
    message: `${loop} is a cycle, so these values cannot be expanded and end up empty. Replace one of the references with a value.`,
  });
}
