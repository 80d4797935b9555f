/**
 * Runs the kubectl argument lists of core/orchestrators/kubernetes.ts (argv, no shell), with only
 * the environment kubectl needs to find its kubeconfig and credentials.
 */
import { spawn } from 'node:child_process';
import type { KubectlRunner } from '../../core/orchestrators/kubernetes';

const KUBECTL_ENV = ['PATH', 'HOME', 'KUBECONFIG', 'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR', 'AWS_PROFILE', 'AWS_REGION', 'GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'AZURE_CONFIG_DIR'];

/** A runner that spawns kubectl; `onLine` sees each line of stderr as it comes (progress of rollout status). */
export function kubectlRunner(opts: { env?: NodeJS.ProcessEnv; kubectl?: string; cwd?: string; onLine?: (line: string) => void } = {}): KubectlRunner {
  const source = opts.env ?? process.env;
  const env = Object.fromEntries(KUBECTL_ENV.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
  return (argv) =>
    new Promise((resolve) => {
      const child = spawn(opts.kubectl ?? 'kubectl', argv.slice(1), { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
        if (opts.onLine) for (const l of c.split('\n')) if (l.trim()) opts.onLine(l);
      });
      child.on('error', (error) => resolve({ code: null, stdout, stderr: stderr + String(error) }));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}
