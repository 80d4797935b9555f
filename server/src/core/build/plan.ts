import { sha256, type BuildManifest } from './manifest';

/** A file a build wants on disk, relative to the project root. */
export interface BuildFile {
  /** POSIX path relative to the project root. */
  path: string;
  content: string;
  /** Permission bits to create the file with (the env file holds secrets: 0o600). */
  mode?: number;
  /**
   * `generated` files are owned by the build and tracked in the manifest; `scaffold` files are
   * starting points the user is expected to edit, so they are only ever created, never replaced
   * and never tracked.
   */
  kind: 'generated' | 'scaffold';
}

/** What the build does with one path. */
export type BuildAction =
  /** Not on disk: write it. */
  | { type: 'create'; file: BuildFile }
  /** On disk as we last wrote it (or the user asked to overwrite): replace it. */
  | { type: 'update'; file: BuildFile; forced: boolean }
  /** Already has the wanted content. */
  | { type: 'unchanged'; file: BuildFile }
  /**
   * On disk with content that is neither what we last wrote nor what we would write now:
   * `edited` when we wrote it before and someone changed it since, `foreign` when we never wrote
   * it (e.g. a docker-compose.yml from the nself CLI or written by hand), `scaffold-exists` for a
   * scaffold file that is already there. Never overwritten unless the user asks for that path.
   */
  | { type: 'skip'; file: BuildFile; reason: 'edited' | 'foreign' | 'scaffold-exists'; diskContent: string }
  /** We wrote it last time, nothing generates it now, and it is untouched: delete it. */
  | { type: 'remove'; path: string }
  /** We wrote it last time, nothing generates it now, but it was edited: leave it alone. */
  | { type: 'keep-stale'; path: string };

export interface BuildPlan {
  actions: BuildAction[];
  /** The manifest to save once every action has been carried out. */
  manifest: BuildManifest;
}

export interface PlanOptions {
  /** The environment being built, recorded in the manifest. */
  env?: string;
  /** Paths the user explicitly chose to overwrite although they were skipped before. */
  overwrite?: ReadonlySet<string>;
}

/** True for a POSIX path that stays inside the project root. */
export function isSafeRelativePath(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || p.includes('\0') || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/**
 * Decides, for every file, whether the build creates, replaces, keeps or skips it. Pure: the
 * caller reads the disk (`readDisk` returns undefined for a missing file) and carries the plan
 * out. The rule that protects users: a file is replaced only when its content on disk hashes to
 * what the last build wrote, or when the user named it in `overwrite`.
 *
 * Throws on a path that would leave the project root or on a path given twice: both are bugs in
 * the generator, and writing half a build would be worse than writing none.
 */
export function planBuild(
  files: readonly BuildFile[],
  previous: BuildManifest,
  readDisk: (path: string) => string | undefined,
  opts: PlanOptions = {},
): BuildPlan {
  const seen = new Set<string>();
  for (const f of files) {
    if (!isSafeRelativePath(f.path)) throw new Error(`refusing to write outside the project: ${JSON.stringify(f.path)}`);
    if (seen.has(f.path)) throw new Error(`the build produced ${f.path} twice`);
    seen.add(f.path);
  }

  const actions: BuildAction[] = [];
  const next: Record<string, string> = {};
  for (const file of [...files].sort((a, b) => cmp(a.path, b.path))) {
    const disk = readDisk(file.path);
    const wanted = sha256(file.content);
    const action = decide(file, disk, previous.files[file.path], opts.overwrite?.has(file.path) ?? false);
    actions.push(action);
    if (file.kind !== 'generated') continue;
    if (action.type === 'skip') {
      // Keep remembering what we wrote last, so the file stays "edited by the user" next time.
      const last = previous.files[file.path];
      if (last) next[file.path] = last;
    } else {
      next[file.path] = wanted;
    }
  }

  for (const stale of Object.keys(previous.files).sort()) {
    if (seen.has(stale) || !isSafeRelativePath(stale)) continue;
    const disk = readDisk(stale);
    if (disk === undefined) continue; // already gone: just forget it
    actions.push(sha256(disk) === previous.files[stale] ? { type: 'remove', path: stale } : { type: 'keep-stale', path: stale });
  }

  return { actions, manifest: { version: 1, tool: 'nself-vscode', env: opts.env ?? previous.env, files: next } };
}

function decide(file: BuildFile, disk: string | undefined, lastHash: string | undefined, forced: boolean): BuildAction {
  if (disk === undefined) return { type: 'create', file };
  if (disk === file.content) return { type: 'unchanged', file };
  if (forced) return { type: 'update', file, forced: true };
  if (file.kind === 'scaffold') return { type: 'skip', file, reason: 'scaffold-exists', diskContent: disk };
  if (lastHash === undefined) return { type: 'skip', file, reason: 'foreign', diskContent: disk };
  if (sha256(disk) === lastHash) return { type: 'update', file, forced: false };
  return { type: 'skip', file, reason: 'edited', diskContent: disk };
}

/** The outcome of a build, grouped the way the summary reports it. */
export interface BuildSummary {
  created: string[];
  changed: string[];
  untouched: string[];
  /** Skipped because the user changed them (or they were never ours). */
  skipped: { path: string; reason: 'edited' | 'foreign' }[];
  removed: string[];
}

/** Groups a plan's actions for the summary. Existing scaffold files count as untouched. */
export function summarize(plan: BuildPlan): BuildSummary {
  const s: BuildSummary = { created: [], changed: [], untouched: [], skipped: [], removed: [] };
  for (const a of plan.actions) {
    switch (a.type) {
      case 'create':
        s.created.push(a.file.path);
        break;
      case 'update':
        s.changed.push(a.file.path);
        break;
      case 'unchanged':
        s.untouched.push(a.file.path);
        break;
      case 'skip':
        if (a.reason === 'scaffold-exists') s.untouched.push(a.file.path);
        else s.skipped.push({ path: a.file.path, reason: a.reason });
        break;
      case 'remove':
        s.removed.push(a.path);
        break;
      case 'keep-stale':
        s.untouched.push(a.path);
        break;
    }
  }
  return s;
}

/** A one-line summary, e.g. `3 created, 1 changed, 5 untouched, 1 skipped (changed by you)`. */
export function summaryLine(s: BuildSummary): string {
  const parts = [`${s.created.length} created`, `${s.changed.length} changed`, `${s.untouched.length} untouched`];
  if (s.removed.length > 0) parts.push(`${s.removed.length} removed`);
  if (s.skipped.length > 0) parts.push(`${s.skipped.length} skipped (changed by you, not overwritten)`);
  return parts.join(', ');
}

/** The summary as text lines for an output channel or a terminal. */
export function summaryReport(s: BuildSummary): string[] {
  const lines = [summaryLine(s)];
  const list = (title: string, paths: string[]) => {
    if (paths.length === 0) return;
    lines.push(`${title}:`);
    for (const p of paths) lines.push(`  ${p}`);
  };
  list('Created', s.created);
  list('Changed', s.changed);
  list('Removed (generated before, no longer produced)', s.removed);
  list('Untouched', s.untouched);
  list(
    'Skipped: changed by you, not overwritten',
    s.skipped.filter((x) => x.reason === 'edited').map((x) => x.path),
  );
  list(
    'Skipped: exists and was not written by this extension, not overwritten',
    s.skipped.filter((x) => x.reason === 'foreign').map((x) => x.path),
  );
  return lines;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
