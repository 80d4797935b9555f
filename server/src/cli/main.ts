import { parseArgs } from 'util';
import { runCheck } from './check';
import { runGenerate } from './generate';
import { runServices } from './services';
import { UsageError } from './options';

const USAGE = `nself-env: check, inspect and generate nself projects without an editor

Usage:
  nself-env check [PATH...] [--env NAME] [--profile auto|1.x|0.9] [--format text|json|sarif]
  nself-env services [PATH] [--env NAME] [--profile …] [--json] [--reveal]
  nself-env generate compose|nginx|k8s|env|stack [PATH] [--env NAME] [--profile …] [--out DIR] [--reveal]
  nself-env status [PATH] [--env NAME] [--json] [--docker-host URL]
  nself-env deploy TARGET [PATH] [--plan] [--yes] [--json] [--trust-host SHA256:…]
  nself-env rollback TARGET [PATH] [--to RELEASE] [--yes] [--json]

PATH is a project folder or env files (default: the current folder).
Exit status: 1 when check reports an error, 2 on a usage or I/O problem, else 0.
status: 0 when every service that should run is OK, 1 when one is not (or not yet), 3 when the
Docker engine cannot be reached (DOCKER_HOST, DOCKER_CONTEXT and docker contexts are honoured).
deploy/rollback: 0 done (or planned), 1 health gate failed and the previous release is back,
3 not confirmed (production without a terminal needs --yes), 4 stopped before the server changed,
5 failed after the switch.
Secret values are masked in every output unless --reveal is given (generate --out writes real values).`;

/** Runs the CLI and returns its exit status; never throws. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        env: { type: 'string' },
        profile: { type: 'string', default: 'auto' },
        format: { type: 'string', default: 'text' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        reveal: { type: 'boolean', default: false },
        'docker-host': { type: 'string' },
        plan: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        to: { type: 'string' },
        'trust-host': { type: 'string' },
        'known-hosts': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      (values.help ? out : err).write(USAGE + '\n');
      return values.help ? 0 : 2;
    }
    switch (command) {
      case 'check':
        return await runCheck(rest, values, out, err);
      case 'services':
        return await runServices(rest, values, out, err);
      case 'status':
        // Required on demand (a plain require: tsx and esbuild both keep it lazy): dockerode is most
        // of the bundle, and check must start fast.
        return await (require('./status') as typeof import('./status')).runStatus(rest, values, out, err);
      case 'generate':
        return await runGenerate(rest, values, out, err);
      case 'deploy':
        return await (require('./deploy') as typeof import('./deploy')).runDeployCommand(rest, values, out, err);
      case 'rollback':
        return await (require('./deploy') as typeof import('./deploy')).runRollbackCommand(rest, values, out, err);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`nself-env: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    err.write(`nself-env: ${(error as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `nself-env check | head`: the reader left; the rest of the output has nowhere to go, which is
  // no reason to crash with a stack trace. The exit status is still the check's.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
