/**
 * How long tests wait for what the machine does. CI runs on a shared, busy 2-core machine, where a
 * Go compile or an image build can take minutes, not the seconds it takes on a quiet laptop. Tests
 * wait on conditions (a port answers, diagnostics arrive, a container is healthy), never for a
 * fixed time; these bounds only make a real hang fail eventually instead of never. They are
 * deliberately far above what a healthy run needs, so a red CI means something is wrong.
 *
 * `NSELF_TEST_PATIENCE=<factor>` scales them all (e.g. 3 on an even slower machine).
 */
const factor = Math.max(1, Number(process.env.NSELF_TEST_PATIENCE) || 1);

export const PATIENCE = {
  /** A reply or notification from a process we started and talk to (language server, CLI run). */
  reply: 60_000 * factor,
  /** A program starting to serve (node or python HTTP server, code-server). */
  start: 3 * 60_000 * factor,
  /** Compiles, image builds, container start-ups and health checks. */
  build: 10 * 60_000 * factor,
} as const;
