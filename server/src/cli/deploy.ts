/**
 * `nself-env deploy <target> [PATH]` and `nself-env rollback <target> [PATH]`: the editor's deploy
 * pipeline without the editor. The plan goes to stdout, progress to stderr, `--json` prints one
 * JSON summary instead. Production needs `--yes` when there is no terminal to ask in; with one,
 * the user types the project name.
 *
 * Exit status: 0 deployed (or planned), 1 the health gate failed and the previous release was
 * restored, 2 usage or I/O problem, 3 not confirmed, 4 stopped before the server changed
 * (pre-flight, host key, upload, cancel), 5 failed after the switch (restored, or see message).
 */
import * as path from 'path';
import * as readline from 'readline';
import { DeployDriverError } from '../core/deploy/driver';
import { runDeploy, runRelease, type DeployOutcome, type DeployRequest } from '../core/deploy/pipeline';
import { outcomeJson, outcomeText, planText } from '../core/deploy/report';
import type { ServerTarget } from '../core/deploy/targets';
import { findProjectRoot } from '../core/project';
import { loadDeployInputs } from '../node/deployInputs';
import { openOrchestratedBackend } from '../node/orchestratedBackend';
import { scanHostKeys, trustHostKeys } from '../node/ssh/ssh';
import { SshDriver } from '../node/ssh/sshDriver';
import { resolveProfile, UsageError, type CliValues } from './options';

export interface DeployValues extends CliValues {
  plan?: boolean;
  yes?: boolean;
  to?: string;
  'trust-host'?: string;
  'known-hosts'?: string;
}

export const EXIT = { ok: 0, rolledBack: 1, usage: 2, declined: 3, stopped: 4, failedAfterSwitch: 5 } as const;

/** Injected by tests: whether stdin is a terminal and how a line is read from it. */
export interface Terminal {
  isTTY: boolean;
  question(prompt: string): Promise<string>;
}

function processTerminal(err: NodeJS.WritableStream): Terminal {
  return {
    isTTY: process.stdin.isTTY === true,
    question: (prompt) =>
      new Promise((resolve) => {
        const rl = readline.createInterface({ input: process.stdin, output: err });
        rl.question(prompt, (answer) => {
          rl.close();
          resolve(answer);
        });
      }),
  };
}

function openRoot(folder: string): string {
  const root = findProjectRoot(path.resolve(folder));
  if (!root) throw new Error(`${folder}: no nself project found here or in the folders above`);
  return root;
}

export async function runDeployCommand(args: string[], values: DeployValues, out: NodeJS.WritableStream, err: NodeJS.WritableStream, terminal: Terminal = processTerminal(err), signal = new AbortController().signal): Promise<number> {
  const [targetName, folder = '.', ...extra] = args;
  if (!targetName) throw new UsageError('deploy needs a target, e.g. nself-env deploy staging');
  if (extra.length) throw new UsageError('deploy takes one target and one project folder');
  const root = openRoot(folder);
  const inputs = loadDeployInputs(root, targetName, await resolveProfile(values.profile));
  const target = inputs.target as ServerTarget;
  if (target.orchestrator?.problems.length) {
    for (const p of target.orchestrator.problems) err.write(`error: ${target.source.file ?? target.name}: ${p}\n`);
    return EXIT.stopped;
  }
  const request: DeployRequest = {
    ...inputs,
    by: 'nself-env',
    planOnly: values.plan === true,
    confirm: async (plan) => {
      if (!values.json) out.write(planText(plan));
      return confirm(target, inputs.model.projectName, values, err, terminal);
    },
    onEvent: (e) => {
      if (e.type === 'step') err.write(`==> ${e.message}\n`);
      else if (e.type === 'line') err.write(`    ${e.line}\n`);
      else if (e.type === 'warning') err.write(`warning: ${e.message}\n`);
      else if (e.type === 'plan' && values.plan && !values.json) out.write(planText(e.plan));
    },
  };
  let outcome: DeployOutcome;
  // Swarm and Kubernetes targets: the same pipeline, with their orchestrator's backend.
  const orchestrated = await openOrchestratedBackend(inputs);
  if (orchestrated) {
    try {
      outcome = await runRelease(orchestrated.backend, request, signal);
    } finally {
      orchestrated.close();
    }
  } else {
    // One ssh connection for the whole deploy, closed however it ends.
    const driver = new SshDriver(target, { strict: true, knownHostsFile: values['known-hosts'], shareConnection: true, project: inputs.model.projectName });
    try {
      if (!(await hostKeyReady(driver, target, values, err, terminal))) return EXIT.stopped;
      outcome = await runDeploy(driver, request, signal);
    } finally {
      await driver.close();
    }
  }
  if (values.json) out.write(JSON.stringify(outcomeJson(outcome), null, 2) + '\n');
  else err.write(outcomeText(outcome));
  return exitOf(outcome);
}

export async function runRollbackCommand(args: string[], values: DeployValues, out: NodeJS.WritableStream, err: NodeJS.WritableStream, terminal: Terminal = processTerminal(err)): Promise<number> {
  const [targetName, folder = '.', ...extra] = args;
  if (!targetName) throw new UsageError('rollback needs a target, e.g. nself-env rollback staging');
  if (extra.length) throw new UsageError('rollback takes one target and one project folder');
  const root = openRoot(folder);
  const inputs = loadDeployInputs(root, targetName, await resolveProfile(values.profile));
  const target = inputs.target as ServerTarget;
  if (target.orchestrator?.problems.length) throw new UsageError(`${target.name}: ${target.orchestrator.problems.join('; ')}`);
  if (target.orchestrator) {
    throw new UsageError(
      target.orchestrator.kind === 'swarm'
        ? `${target.name} is a Docker Swarm: Swarm rolls a failed update back by itself; to go back by hand run docker service rollback <stack>_<service>`
        : `${target.name} is a Kubernetes cluster: a failed deploy is rolled back with kubectl rollout undo; to go back by hand run kubectl rollout undo deployment/<name> -n <namespace>`,
    );
  }
  const driver = new SshDriver(target, { strict: true, knownHostsFile: values['known-hosts'] });
  if (!(await hostKeyReady(driver, target, values, err, terminal))) return EXIT.stopped;
  const signal = new AbortController().signal;
  const facts = await driver.facts(signal);
  if (!facts.currentRelease) throw new Error(`No release is live on ${target.name}: nothing to roll back.`);
  const earlier = facts.releases.filter((id) => id < facts.currentRelease!).sort();
  const to = values.to ?? earlier[earlier.length - 1];
  if (!to) throw new Error(`${target.name} keeps no release before ${facts.currentRelease}.`);
  if (!facts.releases.includes(to)) throw new Error(`Release ${to} is not on the server; kept: ${facts.releases.join(', ')}`);
  err.write(`Rolling ${target.name} back from ${facts.currentRelease} to ${to}. Database migrations are not undone.\n`);
  if (!(await confirm(target, inputs.model.projectName, values, err, terminal))) return EXIT.declined;
  await driver.rollback(inputs.model.projectName, facts.currentRelease, to, (l) => err.write(`    ${inputs.masker.text(l)}\n`));
  await driver.record({ id: to, at: new Date().toISOString(), target: target.name, commit: inputs.commit, result: 'rollback', by: 'nself-env' }, 1000);
  const summary = { result: 'rollback', target: target.name, from: facts.currentRelease, to, note: 'Database migrations are not undone.' };
  if (values.json) out.write(JSON.stringify(summary, null, 2) + '\n');
  else err.write(`${target.name} is back on ${to}.\n`);
  return EXIT.ok;
}

/** Production: `--yes`, or the project name typed at a terminal. Others: `--yes` or y at a terminal. */
async function confirm(target: ServerTarget, projectName: string, values: DeployValues, err: NodeJS.WritableStream, terminal: Terminal): Promise<boolean> {
  if (values.yes) return true;
  if (!terminal.isTTY) {
    err.write(`${target.production ? 'Production' : target.name}: not confirmed. Without a terminal, pass --yes to deploy.\n`);
    return false;
  }
  if (target.production) {
    const answer = await terminal.question(`Deploy to PRODUCTION (${target.host}). Type the project name "${projectName}" to continue: `);
    return answer.trim() === projectName;
  }
  const answer = await terminal.question(`Deploy to ${target.name} (${target.host})? [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

/**
 * Strict host keys: an unknown key is shown by fingerprint; it is pinned only when the user
 * passes that fingerprint (`--trust-host SHA256:…`) or types yes at a terminal.
 */
async function hostKeyReady(driver: SshDriver, target: ServerTarget, values: DeployValues, err: NodeJS.WritableStream, terminal: Terminal): Promise<boolean> {
  try {
    await driver.facts(new AbortController().signal);
    return true;
  } catch (error) {
    if (!(error instanceof DeployDriverError)) throw error;
    if (error.cause !== 'host-key') {
      err.write(`nself-env: ${error.message}\n`);
      return false;
    }
    const scanned = await scanHostKeys(target);
    err.write(`${error.message}\nThe server offers:\n${scanned.fingerprints.map((f) => '  ' + f).join('\n')}\n`);
    const wanted = values['trust-host'];
    let trusted = wanted !== undefined && scanned.fingerprints.some((f) => f.split(' ')[1] === wanted);
    if (!trusted && wanted === undefined && terminal.isTTY) trusted = (await terminal.question('Trust this key and pin it in ~/.config/nself/deploy_known_hosts? Type yes: ')).trim() === 'yes';
    if (!trusted) {
      err.write(`Not trusted. Compare the fingerprint with the server's (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then pass --trust-host <SHA256:…>.\n`);
      return false;
    }
    await trustHostKeys(scanned.lines, values['known-hosts']);
    err.write('Pinned.\n');
    return true;
  }
}

export function exitOf(o: DeployOutcome): number {
  switch (o.result) {
    case 'ok':
    case 'planned':
      return EXIT.ok;
    case 'rolled-back':
      return EXIT.rolledBack;
    case 'declined':
      return EXIT.declined;
    default:
      return o.restored || o.timings.activate !== undefined ? EXIT.failedAfterSwitch : EXIT.stopped;
  }
}
