/**
 * Releases and the deploy history on the server: each deploy stages its files under
 * `<path>/.nself/releases/<id>/`, `current` points at the live one, and one JSON line per deploy
 * is appended to `<path>/.nself/deploys.log`. Ids sort by time: `<UTC timestamp>-<commit>`.
 */

export type DeployResult = 'ok' | 'rolled-back' | 'failed' | 'cancelled' | 'rollback';

/** One line of the history. */
export interface DeployRecord {
  id: string;
  /** ISO time the deploy ended. */
  at: string;
  target: string;
  commit?: string;
  result: DeployResult;
  /** The failing service, when the gate failed. */
  failing?: string;
  /** Who ran it (`vscode`, `nself-env`). */
  by?: string;
}

const ID_RE = /^[0-9]{8}T[0-9]{6}Z-[a-z0-9]{1,12}$/;

/** A release id for a deploy starting at `now` from `commit` (short hash; `nocommit` outside git). */
export function releaseId(now: Date, commit?: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const short = commit && /^[0-9a-f]{4,40}$/i.test(commit) ? commit.slice(0, 12).toLowerCase() : 'nocommit';
  return `${stamp}-${short}`;
}

/** True for ids `releaseId` makes (the only ones the remote agent accepts). */
export function isReleaseId(id: string): boolean {
  return ID_RE.test(id);
}

/** The history lines, oldest first; lines that do not parse are skipped. */
export function parseHistory(text: string): DeployRecord[] {
  const out: DeployRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as DeployRecord;
      if (typeof r.id === 'string' && typeof r.at === 'string' && typeof r.result === 'string') out.push(r);
    } catch {
      // a line cut by a full disk or written by hand: skip it
    }
  }
  return out;
}

/** One history line (no line breaks, whatever the values). */
export function formatRecord(record: DeployRecord): string {
  return JSON.stringify(record);
}

/** The release ids to delete so that `keep` remain besides `current`, oldest first. */
export function releasesToPrune(ids: readonly string[], current: string | undefined, keep: number): string[] {
  const sorted = ids.filter(isReleaseId).sort();
  const others = sorted.filter((id) => id !== current);
  return others.slice(0, Math.max(0, others.length - Math.max(1, keep)));
}
