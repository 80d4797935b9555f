/** Runs `nself-env` in this process, in `cwd` (default: where the test runs), with its output captured. */
import { Writable } from 'stream';
import { main } from '../../server/src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], cwd?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _e, done) => (append(String(chunk)), done()) });
  const previous = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, sink((s) => (stdout += s)), sink((s) => (stderr += s)));
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}
