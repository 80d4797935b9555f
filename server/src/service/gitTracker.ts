import { execFile } from 'child_process';
import * as path from 'path';

interface Listing {
  files: Set<string> | undefined;
  loadedAt: number;
  loading: boolean;
}

/** How long a listing is trusted before it is refreshed in the background (`git add` is not watched). */
const STALE_MS = 30_000;

/**
 * Which env files git tracks, for the "secret in a tracked file" rule. Answers from a cache and
 * never blocks: the first question for a project starts `git ls-files` and answers "unknown";
 * `onChange` fires when the answer arrives so diagnostics can be refreshed.
 */
export class GitTracker {
  private readonly listings = new Map<string, Listing>();
  /** Bumped whenever a listing changes; part of the diagnostics cache key. */
  generation = 0;
  /** False in untrusted workspaces: git is then never run. */
  enabled = true;

  constructor(private readonly onChange: () => void) {}

  tracked(file: string, root: string): boolean | undefined {
    if (!this.enabled) return undefined;
    let listing = this.listings.get(root);
    if (!listing) {
      listing = { files: undefined, loadedAt: 0, loading: false };
      this.listings.set(root, listing);
    }
    if (!listing.loading && Date.now() - listing.loadedAt > STALE_MS) this.load(root, listing);
    if (!listing.files) return undefined;
    return listing.files.has(path.relative(root, file).split(path.sep).join('/'));
  }

  private load(root: string, listing: Listing): void {
    listing.loading = true;
    // fsmonitor hooks in a repository's config would run a program: switch them off.
    execFile('git', ['-c', 'core.fsmonitor=false', 'ls-files', '-z', '--', '.env*', '.environments'], { cwd: root, timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      listing.loading = false;
      listing.loadedAt = Date.now();
      const files = error ? undefined : new Set(stdout.split('\0').filter(Boolean));
      const before = listing.files ? [...listing.files].sort().join('\0') : undefined;
      const after = files ? [...files].sort().join('\0') : undefined;
      listing.files = files;
      if (before !== after) {
        this.generation++;
        this.onChange();
      }
    });
  }
}
