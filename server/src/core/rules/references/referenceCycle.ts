import type { EntryLine } from '../../parser/ast';
import type { EnvDocument } from '../../parser/parse';
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
    // Only keys whose expansion may meet a loop are expanded: in a big file of app settings that
    // refer to each other, most chains end in plain values and need no expansion at all.
    const seen = new Set<string>();
    const docs = cascadeDocs(config);
    const suspects = cycleSuspects(configIndex(config), docs);
    if (suspects.size === 0) return;
    for (const doc of docs) {
      for (const entry of docIndex(doc).withReferences) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        if (!suspects.has(entry.key)) continue;
        const binding = config.binding(entry.key);
        if (binding) checkBinding(binding, report);
      }
    }
  },
};

/**
 * The keys whose expansion may meet a cycle, found on the graph of references between winning
 * values without expanding anything: a key is suspect when it reaches a loop of references, or a
 * key that is suspect by itself (see above). Any other binding never gets a `cycle`, so skipping
 * its expansion changes nothing. One depth-first walk with an explicit stack (a chain of 100,000
 * references costs no call stack): meeting a key still on the stack means a loop, and every key
 * on the stack reaches it.
 */
function cycleSuspects(index: ConfigIndex, docs: readonly EnvDocument[]): Set<string> {
  const suspects = new Set<string>();
  /** 1: on the stack, 2: done. Keys without references (plain values) end every chain and are never visited. */
  const state = new Map<string, 1 | 2>();
  interface Frame {
    key: string;
    next: string[];
    i: number;
    suspect: boolean;
  }
  const stack: Frame[] = [];
  const enter = (entry: EntryLine) => {
    const next: string[] = [];
    let suspect = false;
    for (const ref of entry.value.references) {
      if (ref.name === entry.key) {
        suspect = true;
        continue;
      }
      const target = index.winningEntry(ref.name);
      // A default may be taken (and its nested references are known only then) when the target is
      // unset, or with `:-` empty or built from references that may expand to nothing.
      if (ref.defaultOp && (!target || (ref.defaultOp === ':-' && (target.value.text === '' || target.value.references.length > 0)))) suspect = true;
      if (target && target.value.references.length > 0) next.push(ref.name);
    }
    state.set(entry.key, 1);
    stack.push({ key: entry.key, next, i: 0, suspect });
  };
  for (const doc of docs) {
    for (const entry of docIndex(doc).withReferences) {
      if (state.has(entry.key) || index.winningEntry(entry.key) !== entry) continue;
      enter(entry);
      while (stack.length > 0) {
        const frame = stack[stack.length - 1]!;
        if (frame.i < frame.next.length) {
          const w = frame.next[frame.i++]!;
          const seen = state.get(w);
          if (seen === undefined) enter(index.winningEntry(w)!);
          else if (seen === 1) for (const f of stack) f.suspect = true; // a loop: everything on the stack reaches it
          else if (suspects.has(w)) frame.suspect = true;
          continue;
        }
        stack.pop();
        state.set(frame.key, 2);
        if (!frame.suspect) continue;
        suspects.add(frame.key);
        if (stack.length > 0) stack[stack.length - 1]!.suspect = true;
      }
    }
  }
  return suspects;
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
