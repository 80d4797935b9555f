import type { Profile } from '../catalog/types';
import type { EntryLine, Reference } from '../parser/ast';
import { scanReferences, type EnvDocument } from '../parser/parse';
import type { Binding, CascadeLayer, EffectiveConfig } from './types';

interface Draft {
  doc: EnvDocument;
  entry: EntryLine;
  /** Created on the first override only: most keys of a big file are set once. */
  overrides?: { doc: EnvDocument; entry: EntryLine }[];
}

/**
 * Merges the layers of a cascade (earliest first, later wins) and expands `${}` references.
 *
 * References resolve against the final merged config, not the file-by-file order godotenv
 * uses: what a user means by `api.${BASE_DOMAIN}` is the domain of the environment they deploy.
 * Single-quoted values are literal. Expansion is lazy and memoised, so a 10,000-key config costs
 * only what is read.
 */
export function buildEffectiveConfig(layers: CascadeLayer[], env: string, profile: Profile, deploy: boolean): EffectiveConfig {
  const drafts = new Map<string, Draft>();
  for (const layer of layers) {
    if (!layer.doc) continue;
    for (const entry of layer.doc.entries) {
      const previous = drafts.get(entry.key);
      if (previous) {
        (previous.overrides ??= []).unshift({ doc: previous.doc, entry: previous.entry });
        previous.doc = layer.doc;
        previous.entry = entry;
      } else {
        drafts.set(entry.key, { doc: layer.doc, entry });
      }
    }
  }
  return new Config(drafts, layers, env, profile, deploy);
}

class Config implements EffectiveConfig {
  private readonly resolved = new Map<string, Binding>();
  private readonly expanding: string[] = [];
  private allBindings: Map<string, Binding> | undefined;

  constructor(
    private readonly drafts: Map<string, Draft>,
    readonly layers: CascadeLayer[],
    readonly env: string,
    readonly profile: Profile,
    readonly deploy: boolean,
  ) {}

  get bindings(): ReadonlyMap<string, Binding> {
    if (!this.allBindings) {
      this.allBindings = new Map();
      for (const key of this.drafts.keys()) this.allBindings.set(key, this.binding(key)!);
    }
    return this.allBindings;
  }

  get(key: string): string | undefined {
    return this.binding(key)?.value;
  }

  flag(key: string, fallback: boolean): boolean {
    const value = this.get(key);
    return value === undefined || value === '' ? fallback : value === 'true';
  }

  int(key: string, fallback: number): number {
    const value = this.get(key);
    if (value === undefined || !/^\d+$/.test(value.trim())) return fallback;
    return Number(value.trim());
  }

  binding(key: string): Binding | undefined {
    const done = this.resolved.get(key);
    if (done) return done;
    const draft = this.drafts.get(key);
    if (!draft) return undefined;
    if (this.expanding.includes(key)) return undefined;
    this.expanding.push(key);
    const unresolved: string[] = [];
    let cycle: string[] | undefined;
    const { value: entryValue } = draft.entry;
    let value = entryValue.text;
    if (entryValue.references.length > 0) {
      const expand = (text: string, start: number, end: number, refs: Reference[]): string => {
        let out = '';
        let at = start;
        for (const ref of refs) {
          out += literal(draft, text, at, ref.span.start);
          out += this.resolveReference(draft.doc, ref, unresolved, (chain) => (cycle ??= chain), expand);
          at = ref.span.end;
        }
        return out + literal(draft, text, at, end);
      };
      const { contentSpan, references } = entryValue;
      value = expand(draft.doc.text, contentSpan.start, contentSpan.end, references);
    }
    this.expanding.pop();
    const binding: Binding = {
      key,
      raw: entryValue.text,
      value,
      doc: draft.doc,
      entry: draft.entry,
      overrides: (draft.overrides ??= []),
      unresolved,
      cycle,
    };
    this.resolved.set(key, binding);
    return binding;
  }

  private resolveReference(
    doc: EnvDocument,
    ref: Reference,
    unresolved: string[],
    onCycle: (chain: string[]) => void,
    expand: (text: string, start: number, end: number, refs: Reference[]) => string,
  ): string {
    if (this.expanding.includes(ref.name)) {
      onCycle([...this.expanding.slice(this.expanding.indexOf(ref.name)), ref.name]);
      return '';
    }
    const target = this.drafts.has(ref.name) ? this.binding(ref.name) : undefined;
    const useDefault = ref.defaultOp !== undefined && (target === undefined || (ref.defaultOp === ':-' && target.value === ''));
    if (useDefault) {
      const defaultStart = ref.nameSpan.end + ref.defaultOp!.length;
      const defaultEnd = ref.closed ? ref.span.end - 1 : ref.span.end;
      const nested = scanReferences(doc.text, defaultStart, defaultEnd, false);
      return expand(doc.text, defaultStart, defaultEnd, nested);
    }
    if (target === undefined) {
      if (!unresolved.includes(ref.name)) unresolved.push(ref.name);
      return '';
    }
    if (target.cycle) onCycle(target.cycle);
    return target.value;
  }
}

/** The literal text between references, with double-quote escapes applied. */
function literal(draft: Draft, text: string, start: number, end: number): string {
  if (start >= end) return '';
  const raw = text.slice(start, end);
  if (draft.entry.value.quote !== 'double' || raw.indexOf('\\') === -1) return raw;
  return raw.replace(/\\([nrt"\\$])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
