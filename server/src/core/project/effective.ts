import type { Profile } from '../catalog/types';
import type { EntryLine, Reference } from '../parser/ast';
import { keyIndex } from '../parser/keyIndex';
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
 * Single-quoted values are literal. Nothing is merged up front: a key is looked up in each
 * layer's key index (built once per parsed document, so a 10,000-line `.env.local` shared by
 * every environment is indexed once, not once per environment) when first asked for, and
 * expansion is lazy and memoised, so a 10,000-key config costs only what is read.
 */
export function buildEffectiveConfig(layers: CascadeLayer[], env: string, profile: Profile, deploy: boolean): EffectiveConfig {
  return new Config(layers, env, profile, deploy);
}

/** A value being expanded: the key whose binding it becomes, and what its expansion found. */
interface KeyJob {
  key: string;
  draft: Draft;
  unresolved: string[];
  cycle?: string[];
}

/**
 * A span of text being expanded: a whole value, or the default of a `${VAR:-default}` that is
 * taken. `i` is the next reference; `out` holds the expansion up to `at`.
 */
interface TextJob {
  owner: KeyJob;
  refs: Reference[];
  i: number;
  at: number;
  end: number;
  out: string;
  /** The default expansion of the reference at `i` is this job's child (or the key it waits on). */
  waiting?: 'key' | 'default';
  /** True for the job that expands the owner's whole value. */
  root: boolean;
}

class Config implements EffectiveConfig {
  private readonly resolved = new Map<string, Binding>();
  private allBindings: Map<string, Binding> | undefined;
  /** Looked-up keys: the winning definition, or null for a key no layer sets. */
  private readonly found = new Map<string, Draft | null>();
  /** The documents of the layers that exist, earliest first. */
  private readonly docs: EnvDocument[];

  constructor(
    readonly layers: CascadeLayer[],
    readonly env: string,
    readonly profile: Profile,
    readonly deploy: boolean,
  ) {
    this.docs = [];
    for (const layer of layers) if (layer.doc) this.docs.push(layer.doc);
  }

  /** The definition of `key` that wins (the last layer's last entry), with the ones it overrides. */
  private draft(key: string): Draft | undefined {
    const known = this.found.get(key);
    if (known !== undefined) return known ?? undefined;
    let draft: Draft | null = null;
    for (let i = this.docs.length - 1; i >= 0; i--) {
      const doc = this.docs[i]!;
      const entry = keyIndex(doc).last.get(key);
      if (!entry) continue;
      draft = { doc, entry };
      // Overrides, latest first: earlier entries of this file, then of the earlier layers. Most keys have none.
      for (let j = i; j >= 0; j--) {
        const index = keyIndex(this.docs[j]!);
        const entries = index.repeated?.get(key) ?? (j < i && index.last.has(key) ? [index.last.get(key)!] : undefined);
        if (!entries) continue;
        for (let k = entries.length - 1; k >= 0; k--) {
          if (entries[k] !== entry) (draft.overrides ??= []).push({ doc: this.docs[j]!, entry: entries[k]! });
        }
      }
      break;
    }
    this.found.set(key, draft);
    return draft ?? undefined;
  }

  private has(key: string): boolean {
    return this.draft(key) !== undefined;
  }

  get bindings(): ReadonlyMap<string, Binding> {
    if (!this.allBindings) {
      // Keys in order of first appearance across the layers, as a merge would list them.
      const keys = new Set<string>();
      for (const doc of this.docs) for (const key of keyIndex(doc).last.keys()) keys.add(key);
      this.allBindings = new Map();
      for (const key of keys) this.allBindings.set(key, this.binding(key)!);
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
    if (!this.has(key)) return undefined;
    this.expand(key);
    return this.resolved.get(key);
  }

  /**
   * Expands `root` and every key it needs, with explicit stacks instead of recursion: the depth of
   * a reference chain (`A=${B}`, `B=${C}`, … 100,000 deep) or of nested defaults is the input's,
   * and must not be the call stack's. References are followed lazily, exactly as they are read:
   * a default is expanded only when it is taken, so only a loop that is really walked is a cycle.
   */
  private expand(root: string): void {
    const keys: KeyJob[] = [];
    const onPath = new Map<string, number>();
    const texts: TextJob[] = [];
    const startKey = (key: string) => {
      const draft = this.draft(key)!;
      if (draft.entry.value.references.length === 0) {
        // Most keys of a big file: the value is its own expansion.
        this.resolved.set(key, bindingOf(key, draft, draft.entry.value.text, [], undefined));
        return;
      }
      const job: KeyJob = { key, draft, unresolved: [] };
      onPath.set(key, keys.length);
      keys.push(job);
      const { contentSpan, references } = draft.entry.value;
      texts.push({ owner: job, refs: references, i: 0, at: contentSpan.start, end: contentSpan.end, out: '', root: true });
    };
    /** Appends the literal text before the current reference and `value` for it, and moves on. */
    const advance = (job: TextJob, value: string) => {
      const ref = job.refs[job.i]!;
      job.out += literal(job.owner.draft, job.at, ref.span.start) + value;
      job.at = ref.span.end;
      job.i++;
    };

    startKey(root);
    while (texts.length > 0) {
      const job = texts[texts.length - 1]!;
      const { owner } = job;
      if (job.i >= job.refs.length) {
        texts.pop();
        const value = job.out + literal(owner.draft, job.at, job.end);
        if (!job.root) {
          // A default's expansion is the value of the reference that took it.
          const parent = texts[texts.length - 1]!;
          parent.waiting = undefined;
          advance(parent, value);
          continue;
        }
        keys.pop();
        onPath.delete(owner.key);
        this.resolved.set(owner.key, bindingOf(owner.key, owner.draft, value, owner.unresolved, owner.cycle));
        continue;
      }
      const ref = job.refs[job.i]!;
      if (job.waiting === undefined) {
        const at = onPath.get(ref.name);
        if (at !== undefined) {
          owner.cycle ??= [...keys.slice(at).map((k) => k.key), ref.name];
          advance(job, '');
          continue;
        }
        if (this.has(ref.name) && !this.resolved.has(ref.name)) {
          job.waiting = 'key';
          startKey(ref.name);
          continue;
        }
      }
      // The referenced key is resolved (or unset): take its value, or the default.
      job.waiting = undefined;
      const target = this.has(ref.name) ? this.resolved.get(ref.name) : undefined;
      const useDefault = ref.defaultOp !== undefined && (target === undefined || (ref.defaultOp === ':-' && target.value === ''));
      if (useDefault) {
        const doc = owner.draft.doc;
        const defaultStart = ref.nameSpan.end + ref.defaultOp!.length;
        const defaultEnd = ref.closed ? ref.span.end - 1 : ref.span.end;
        job.waiting = 'default';
        texts.push({ owner, refs: scanReferences(doc.text, defaultStart, defaultEnd, false), i: 0, at: defaultStart, end: defaultEnd, out: '', root: false });
        continue;
      }
      if (target === undefined) {
        if (!owner.unresolved.includes(ref.name)) owner.unresolved.push(ref.name);
        advance(job, '');
        continue;
      }
      if (target.cycle) owner.cycle ??= target.cycle;
      advance(job, target.value);
    }
  }
}

function bindingOf(key: string, draft: Draft, value: string, unresolved: string[], cycle: string[] | undefined): Binding {
  return { key, raw: draft.entry.value.text, value, doc: draft.doc, entry: draft.entry, overrides: (draft.overrides ??= []), unresolved, cycle };
}

/** The literal text between references, with double-quote escapes applied. */
function literal(draft: Draft, start: number, end: number): string {
  if (start >= end) return '';
  const raw = draft.doc.text.slice(start, end);
  if (draft.entry.value.quote !== 'double' || raw.indexOf('\\') === -1) return raw;
  return raw.replace(/\\([nrt"\\$])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
