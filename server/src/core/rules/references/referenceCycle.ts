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
 * True when the value of `entry` refers to its own key, or may take a default, whose nested
 * references are known only when it is expanded: the target is unset, or (with `:-`) empty or
 * built from references that may expand to nothing.
 */
function suspectByItself(index: ConfigIndex, entry: EntryLine): boolean {
  for (const ref of entry.value.references) {
    if (ref.name === entry.key) return true;
    if (!ref.defaultOp) continue;
    const target = index.winningEntry(ref.name);
    if (!target || (ref.defaultOp === ':-' && (target.value.text === '' || target.value.references.length > 0))) return true;
  }
  return false;
}

/**
 * The keys whose expansion may meet a cycle, found on the graph of references between winning
 * values without expanding anything: a key is suspect when it reaches a loop of references, or a
 * key that is suspect by itself (see above). Any other binding never gets a `cycle`, so skipping
 * its expansion changes nothing. Strongly connected components (Tarjan), with explicit stacks: a
 * chain of 100,000 references costs no call stack.
 */
function cycleSuspects(index: ConfigIndex, docs: readonly EnvDocument[]): Set<string> {
  // The nodes: keys whose winning value has references; edges go to such keys only (a plain value ends a chain).
  const nodes = new Map<string, EntryLine>();
  for (const doc of docs) {
    for (const entry of docIndex(doc).withReferences) {
      if (!nodes.has(entry.key) && index.winningEntry(entry.key) === entry) nodes.set(entry.key, entry);
    }
  }
  const successors = (entry: EntryLine): string[] => {
    const out: string[] = [];
    for (const ref of entry.value.references) if (ref.name !== entry.key && nodes.has(ref.name)) out.push(ref.name);
    return out;
  };
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const suspects = new Set<string>();
  const finished = new Set<string>();
  interface Frame {
    key: string;
    next: string[];
    i: number;
  }
  for (const root of nodes.keys()) {
    if (order.has(root)) continue;
    const frames: Frame[] = [];
    const enter = (key: string) => {
      order.set(key, order.size);
      low.set(key, order.get(key)!);
      stack.push(key);
      onStack.add(key);
      frames.push({ key, next: successors(nodes.get(key)!), i: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.i < frame.next.length) {
        const w = frame.next[frame.i++]!;
        if (!order.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.key, Math.min(low.get(frame.key)!, order.get(w)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(frame.key)!));
      if (low.get(frame.key) !== order.get(frame.key)) continue;
      // `frame.key` roots a component; every component it reaches is finished already.
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.key);
      let suspect = members.length > 1;
      for (const key of members) {
        if (suspect) break;
        const entry = nodes.get(key)!;
        suspect = suspectByItself(index, entry) || successors(entry).some((w) => finished.has(w) && suspects.has(w));
      }
      for (const key of members) {
        finished.add(key);
        if (suspect) suspects.add(key);
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
