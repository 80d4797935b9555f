import * as fs from 'fs';
import * as path from 'path';
import { findRepository, isTracked, readTrackedFiles, type TrackedFiles } from '../node/git';

interface Listing {
  indexFile: string | undefined;
  /** `mtimeMs:size` of the index when it was read. */
  stamp: string;
  tracked: TrackedFiles | undefined;
}

/** Larger indexes are not read (a checkout with millions of files); the answer is then unknown. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/**
 * Which env files git tracks, for the "secret in a tracked file" rule. Reads the repository's
 * index file (`node/git.ts`) and never runs git, so a repository's config cannot make the server
 * run a program, trusted workspace or not. The index is read again when it changes on disk
 * (`git add`, `git rm`), which bumps `generation` and calls `onChange`.
 */
export class GitTracker {
  private readonly listings = new Map<string, Listing>();
  /** Bumped whenever a listing changes; part of the diagnostics cache key. */
  generation = 0;

  constructor(private readonly onChange: () => void) {}

  tracked(file: string, root: string): boolean | undefined {
    let listing = this.listings.get(root);
    if (!listing) {
      const repo = findRepository(root);
      listing = { indexFile: repo ? path.join(repo.gitDir, 'index') : undefined, stamp: '', tracked: undefined };
      this.listings.set(root, listing);
    }
    this.refresh(root, listing);
    return listing.tracked ? isTracked(listing.tracked, file) : undefined;
  }

  private refresh(root: string, listing: Listing): void {
    if (!listing.indexFile) return;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(listing.indexFile);
    } catch {
      stat = undefined;
    }
    const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : 'none';
    if (stamp === listing.stamp) return;
    listing.stamp = stamp;
    let tracked: TrackedFiles | undefined;
    if (stat && stat.size <= MAX_INDEX_BYTES) tracked = readTrackedFiles(root);
    const before = listing.tracked;
    listing.tracked = tracked;
    if (before !== undefined || tracked !== undefined) {
      this.generation++;
      // The first read happens during a validation that already uses it; later ones re-validate.
      if (before !== undefined) this.onChange();
    }
  }
}
