/**
 * Target names and `[user@]host[:port]` host specs, as both nself generations write them. Shared by
 * targets.ts (server.json, the environment variables) and controlPlane.ts.
 */

export const DEFAULT_REMOTE_PATH = '/opt/nself';
const HOST_RE = /^[A-Za-z0-9][A-Za-z0-9.:_-]*$/;
const USER_RE = /^[a-z_][a-z0-9_.-]*$/i;
const SPEC_RE = /^(?:([^@\s]+)@)?([^@:\s/]+)(?::(\d{1,5}))?$/;

/** The canonical target name: `production` → `prod`, others as written (lower case). */
export function canonicalTargetName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower === 'production' ? 'prod' : lower;
}

/** `[user@]host[:port]` as 1.x writes it; undefined for anything else (shell syntax included). */
export function parseHostSpec(spec: string): { user?: string; host: string; port?: number } | undefined {
  const m = SPEC_RE.exec(spec.trim());
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  if (!HOST_RE.test(m[2]!) || (m[1] && !USER_RE.test(m[1]))) return undefined;
  return { user: m[1], host: m[2]!, port };
}

/** Why `parseHostSpec` refuses `spec`, in words (the part at fault first). */
export function hostSpecProblem(spec: string): string {
  const shown = JSON.stringify(spec.length > 80 ? `${spec.slice(0, 80)}…` : spec);
  if (spec.trim() === '') return 'expected [user@]host[:port], got an empty string';
  const m = SPEC_RE.exec(spec.trim());
  if (m) {
    const port = m[3] ? Number(m[3]) : undefined;
    if (port !== undefined && (port < 1 || port > 65535)) return `port ${m[3]} is outside 1–65535 in ${shown}`;
    if (m[1] && !USER_RE.test(m[1])) return `user "${m[1]}" is not a POSIX user name in ${shown}`;
    if (!HOST_RE.test(m[2]!)) return `"${m[2]}" is not a host name or IP address in ${shown}`;
  }
  return `expected [user@]host[:port], got ${shown}`;
}
