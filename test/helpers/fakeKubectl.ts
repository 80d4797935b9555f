/**
 * A stand-in for kubectl talking to a cluster. No Kubernetes API server can run on these machines,
 * so this replays the recorded kubectl output of one scenario under test/fixtures/kubectl/ (see its
 * README) for the exact argv lists core/orchestrators/kubernetes.ts builds, and fails on any
 * other command: a changed argv breaks the test instead of silently passing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubectlRunner, KubeTarget } from '../../server/src/core/orchestrators/kubernetes';

export const KUBECTL_FIXTURES = path.join(__dirname, '..', 'fixtures', 'kubectl');

interface Recorded {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class FakeKubectlForTests {
  /** Every argv run, in order. */
  readonly calls: string[][] = [];

  constructor(
    readonly scenario: string,
    readonly target: KubeTarget,
  ) {
    if (!fs.existsSync(path.join(KUBECTL_FIXTURES, scenario))) throw new Error(`no kubectl scenario ${scenario}`);
  }

  readonly run: KubectlRunner = async (argv) => {
    this.calls.push([...argv]);
    const globals = [...(this.target.context ? ['--context', this.target.context] : []), '--namespace', this.target.namespace];
    if (argv[0] !== 'kubectl' || globals.some((g, i) => argv[1 + i] !== g)) throw new Error(`FakeKubectlForTests: unexpected argv ${JSON.stringify(argv)}`);
    const rest = argv.slice(1 + globals.length);
    const step = this.stepOf(rest);
    if (!step) throw new Error(`FakeKubectlForTests: no recorded command for ${JSON.stringify(argv)}`);
    return this.load(step.file, step.name) ?? this.fail(argv);
  };

  private stepOf(rest: readonly string[]): { file: string; name?: string } | undefined {
    const [verb, ...args] = rest;
    const flags = args.join(' ');
    if (verb === 'apply' && flags.startsWith('--server-side --field-manager=nself --dry-run=server -f ')) return { file: 'apply-dry-run' };
    if (verb === 'apply' && flags.startsWith('--server-side --field-manager=nself -f ')) return { file: 'apply' };
    if (verb === 'diff' && flags.startsWith('--server-side --field-manager=nself -f ')) return { file: 'diff' };
    const deployment = args[1]?.startsWith('deployment/') ? args[1].slice('deployment/'.length) : undefined;
    if (verb === 'rollout' && args[0] === 'status' && deployment && args.slice(2).join(' ') === '--watch=true --timeout=60s') return { file: `rollout-status-${deployment}`, name: deployment };
    if (verb === 'rollout' && args[0] === 'undo' && deployment && args.length === 2) return { file: `rollout-undo-${deployment}`, name: deployment };
    if (verb === 'get' && args[0] === 'pods' && args[1] === '-l') {
      const m = /^app\.kubernetes\.io\/name=([a-z0-9-]+),app\.kubernetes\.io\/part-of=[a-z0-9-]+$/.exec(args[2] ?? '');
      if (m && args.slice(3).join(' ') === '-o json') return { file: `get-pods-${m[1]}` };
    }
    return undefined;
  }

  private load(file: string, name: string | undefined): Recorded | undefined {
    const dir = path.join(KUBECTL_FIXTURES, this.scenario);
    const exact = path.join(dir, `${file}.json`);
    if (fs.existsSync(exact)) return JSON.parse(fs.readFileSync(exact, 'utf8')) as Recorded;
    if (name && file.startsWith('rollout-status-')) {
      const fallback = path.join(dir, 'rollout-status-default.json');
      if (fs.existsSync(fallback)) {
        const r = JSON.parse(fs.readFileSync(fallback, 'utf8')) as Recorded;
        return { ...r, stdout: r.stdout.replace(/\{name\}/g, name) };
      }
    }
    return undefined;
  }

  private fail(argv: readonly string[]): never {
    throw new Error(`FakeKubectlForTests: scenario ${this.scenario} has no output for ${JSON.stringify(argv)}`);
  }
}
