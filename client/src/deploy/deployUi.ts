/**
 * The editor's front end to the deploy pipeline (bundled apart as dist/deploy.js and loaded on
 * the first deploy command or when the Environments view shows): target pick, host-key trust,
 * the plan as a markdown document, the confirmation (production: type the project name, always;
 * staging: once, unless `nself.deploy.confirmStaging` is off), progress with Cancel, and an
 * output pane that streams every command.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { DeployDriverError } from '../../../server/src/core/deploy/driver';
import { runDeploy, runRelease, type DeployOutcome, type DeployRequest } from '../../../server/src/core/deploy/pipeline';
import { outcomeText, planMarkdown } from '../../../server/src/core/deploy/report';
import { readTargets, type DeployTarget, type ServerTarget } from '../../../server/src/core/deploy/targets';
import type { Profile } from '../../../server/src/core/catalog/types';
import { nodeHost } from '../../../server/src/core/project';
import { loadDeployInputs } from '../../../server/src/node/deployInputs';
import { openOrchestratedBackend } from '../../../server/src/node/orchestratedBackend';
import { readSwarmStack } from '../../../server/src/node/swarm/swarmStatus';
import { SwarmClient } from '../../../server/src/node/swarm/swarmClient';
import { serviceLogsArgv, swarmEndpointOf, type SwarmEndpoint } from '../../../server/src/core/orchestrators/swarm';
import { swarmServiceDescription } from '../../../server/src/core/stack/swarmState';
import { stackName } from '../../../server/src/core/generate/stack';
import type { SecretMasker } from '../../../server/src/core/secrets';
import { scanHostKeys, trustHostKeys } from '../../../server/src/node/ssh/ssh';
import { SshDriver } from '../../../server/src/node/ssh/sshDriver';
import { EnvironmentsView } from './environmentsView';

export const PLAN_SCHEME = 'nself-deploy-plan';

/** What the deploy UI needs from the rest of the extension. */
export interface DeployHost {
  /** The project a command works on (asks when there are several). */
  chooseProject(resource?: vscode.Uri): Promise<string | undefined>;
  /** Every project root of the workspace. */
  projects(): string[];
  profile(): Profile;
}

/** A target as the view and commands pass it around. */
export interface TargetRef {
  root: string;
  name: string;
}

export class DeployUi implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('nself deploy');
  readonly view: EnvironmentsView;
  private readonly plans = new Map<string, string>();
  private readonly planChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.output, this.planChanged];
  /** Staging targets the user already confirmed in this session. */
  private readonly stagingConfirmed = new Set<string>();

  constructor(private readonly host: DeployHost) {
    this.view = new EnvironmentsView(() => this.allTargets(), (ref) => this.lastDeploy(ref));
    this.disposables.push(
      this.view,
      vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, { onDidChange: this.planChanged.event, provideTextDocumentContent: (uri) => this.plans.get(uri.toString()) ?? '' }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Problems of control-plane.yaml and server.json are the language server's diagnostics (features/deployFileDiagnostics.ts). */
  allTargets(): { root: string; targets: DeployTarget[]; problems: number }[] {
    return this.host.projects().map((root) => {
      const list = readTargets(nodeHost, root, process.env);
      return { root, targets: list.targets, problems: list.problems.filter((p) => p.severity === 'error').length };
    });
  }

  /** The command handlers: `deploy`, `plan`, `rollback`, each taking a tree item, a target name or nothing. */
  async deploy(arg?: unknown, options: { planOnly?: boolean; targetName?: string } = {}): Promise<DeployOutcome | undefined> {
    requireTrust();
    const ref = await this.pickTarget(arg, options.targetName);
    if (!ref) return undefined;
    const inputs = loadDeployInputs(ref.root, ref.name, this.host.profile());
    const target = inputs.target as ServerTarget;
    const settings = vscode.workspace.getConfiguration('nself.deploy', vscode.Uri.file(ref.root));
    // Swarm and Kubernetes targets run the same pipeline with their orchestrator's backend.
    const orchestrated = await openOrchestratedBackend(inputs);
    let driver: SshDriver | undefined;
    try {
      if (!orchestrated) {
        // One ssh connection for the whole deploy, closed however it ends.
        driver = new SshDriver(target, { strict: true, bwlimitKiBps: settings.get<number>('bandwidthLimit') || undefined, shareConnection: true, project: inputs.model.projectName });
        if (!(await this.hostKeyReady(driver, target))) return undefined;
      }
      this.output.clear();
      this.output.show(true);
      this.output.appendLine(`${options.planOnly ? 'Plan' : 'Deploy'} ${inputs.model.projectName} → ${target.name} (${describeTarget(target)})`);
      const useCli = !orchestrated && !options.planOnly && settings.get<boolean>('useCli') === true;
      const planUri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${target.name}-plan.md`, query: `${Date.now()}` });
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `nself: ${options.planOnly ? 'Planning' : 'Deploying to'} ${target.name}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          const request: DeployRequest = {
            ...inputs,
            by: 'vscode',
            // With nself.deploy.useCli our pre-flight and plan run, then nself's own deploy does the rest.
            planOnly: options.planOnly || useCli,
            keepReleases: settings.get<number>('keepReleases') ?? 3,
            confirm: (plan) => this.confirm(target, inputs.model.projectName, plan.project, ref),
            onEvent: (e) => {
              if (e.type === 'step') {
                progress.report({ message: e.message });
                this.output.appendLine(`==> ${e.message}`);
              } else if (e.type === 'line') this.output.appendLine(`    ${e.line}`);
              else if (e.type === 'warning') {
                this.output.appendLine(`warning: ${e.message}`);
                void vscode.window.showWarningMessage(`nself: ${e.message}`);
              } else if (e.type === 'plan') {
                this.plans.set(planUri.toString(), planMarkdown(e.plan));
                this.planChanged.fire(planUri);
                void vscode.workspace.openTextDocument(planUri).then((doc) => vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false }));
              }
            },
          };
          return orchestrated ? runRelease(orchestrated.backend, request, controller.signal) : runDeploy(driver!, request, controller.signal);
        },
      );
      this.output.appendLine(outcomeText(outcome));
      if (useCli && outcome.result === 'planned') {
        if (!(await this.confirm(target, inputs.model.projectName, inputs.model.projectName, ref))) return outcome;
        this.runCli(ref.root, target);
        return outcome;
      }
      this.view.refresh();
      void this.announce(outcome, target);
      return outcome;
    } finally {
      orchestrated?.close();
      await driver?.close();
    }
  }

  /**
   * `nself deploy <target>` in a terminal, as a program with arguments (no shell line). nself 1.x
   * refuses prod without `--yes`; our typed confirmation has just been given.
   */
  private runCli(root: string, target: ServerTarget): void {
    const args = ['deploy', target.name];
    if (target.production && this.host.profile() === '1.x') args.push('--yes');
    this.output.appendLine(`==> nself ${args.join(' ')} (nself.deploy.useCli)`);
    const terminal = vscode.window.createTerminal({ name: `nself deploy ${target.name}`, cwd: root, shellPath: 'nself', shellArgs: args });
    terminal.show();
  }

  /** The plan document of the last plan, for tests and "Show Plan". */
  planText(): string | undefined {
    return [...this.plans.values()].pop();
  }

  async rollback(arg?: unknown): Promise<void> {
    requireTrust();
    const ref = await this.pickTarget(arg);
    if (!ref) return;
    const inputs = loadDeployInputs(ref.root, ref.name, this.host.profile());
    const target = inputs.target as ServerTarget;
    notOrchestrated(target);
    const driver = new SshDriver(target, { strict: true });
    if (!(await this.hostKeyReady(driver, target))) return;
    const facts = await driver.facts(new AbortController().signal);
    if (!facts.currentRelease) throw new Error(`No release is live on ${target.name}: nothing to roll back.`);
    const earlier = facts.releases.filter((id) => id < facts.currentRelease!).sort().reverse();
    if (!earlier.length) throw new Error(`${target.name} keeps no release before ${facts.currentRelease}.`);
    const pick = await vscode.window.showQuickPick(
      earlier.map((id) => ({ label: id, description: facts.history.filter((h) => h.id === id).map((h) => h.result).pop() ?? '' })),
      { title: `nself: Roll ${target.name} back from ${facts.currentRelease} to…` },
    );
    if (!pick) return;
    if (!(await this.confirm(target, inputs.model.projectName, inputs.model.projectName, ref, `Roll back ${target.name} to ${pick.label}? Database migrations are not undone.`))) return;
    // The pane says what this is, as for a deploy, not lines after the last deploy's report.
    this.output.clear();
    this.output.show(true);
    this.output.appendLine(`Rollback ${inputs.model.projectName} → ${target.name} (${target.host}:${target.path}) from ${facts.currentRelease} to ${pick.label}`);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `nself: Rolling back ${target.name}` }, () =>
      driver.rollback(inputs.model.projectName, facts.currentRelease!, pick.label, (l) => this.output.appendLine(`    ${inputs.masker.text(l)}`)),
    );
    await driver.record({ id: pick.label, at: new Date().toISOString(), target: target.name, commit: inputs.commit, result: 'rollback', by: 'vscode' }, 1000);
    this.output.appendLine(`${target.name} is back on ${pick.label}. Database migrations are not undone.`);
    this.view.refresh();
    void vscode.window.showInformationMessage(`nself: ${target.name} is back on ${pick.label}. Database migrations are not undone.`);
  }

  /** Writes the target's state to the deploy pane; returns the lines too (the command's result). */
  async status(arg?: unknown): Promise<string[] | undefined> {
    const lines: string[] = [];
    const say = (line: string): void => {
      lines.push(line);
      this.output.appendLine(line);
    };
    requireTrust();
    const ref = await this.pickTarget(arg);
    if (!ref) return undefined;
    const inputs = loadDeployInputs(ref.root, ref.name, this.host.profile());
    const target = inputs.target as ServerTarget;
    if (target.orchestrator?.kind === 'swarm' && !target.orchestrator.problems.length) {
      // A swarm: its stack's services as the Services view shows them.
      const rows = await readSwarmStack(swarmEndpointOf(target), stackName(inputs.model), { masker: inputs.masker });
      this.output.show(true);
      say(`${ref.name}: ${describeTarget(target)}, stack ${stackName(inputs.model)}, ${rows.length} service(s)`);
      for (const r of rows) say(`  ${r.shortName.padEnd(20)} ${swarmServiceDescription(r)}`);
      return lines;
    }
    notOrchestrated(target);
    const driver = new SshDriver(target, { strict: true });
    const facts = await driver.facts(new AbortController().signal);
    const containers = await driver.inspect(inputs.model.projectName, new AbortController().signal);
    this.output.show(true);
    say(`${ref.name}: engine ${facts.engine}, compose ${facts.compose?.kind ?? 'none'} ${facts.compose?.version ?? ''}, release ${facts.currentRelease ?? 'none'}, ${containers.length} containers`);
    for (const h of facts.history.slice(-5)) say(`  ${h.at} ${h.id} ${h.result}${h.failing ? ` (${h.failing})` : ''}`);
    return lines;
  }

  async logs(arg?: unknown): Promise<void> {
    requireTrust();
    const ref = await this.pickTarget(arg);
    if (!ref) return;
    const inputs = loadDeployInputs(ref.root, ref.name, this.host.profile());
    const target = inputs.target as ServerTarget;
    const swarm = target.orchestrator?.kind === 'swarm' && !target.orchestrator.problems.length;
    if (!swarm) notOrchestrated(target);
    const service = await vscode.window.showQuickPick(inputs.model.services.flatMap((s) => (s.composeKey ? [s.composeKey] : [])), { title: `nself: Logs on ${ref.name}` });
    if (!service) return;
    const lines = swarm
      ? await swarmLogTail(swarmEndpointOf(target), `${stackName(inputs.model)}_${service}`, 200, inputs.masker)
      : await new SshDriver(target, { strict: true }).logs(inputs.model.projectName, service, 200);
    this.output.show(true);
    this.output.appendLine(`---- ${service} on ${ref.name}`);
    for (const l of lines) this.output.appendLine(inputs.masker.text(l));
  }

  async openConfig(arg?: unknown): Promise<void> {
    const ref = await this.pickTarget(arg);
    if (!ref) return;
    const target = this.allTargets().find((p) => p.root === ref.root)?.targets.find((t) => t.name === ref.name);
    if (!target?.source.file) {
      void vscode.window.showInformationMessage(`nself: ${ref.name} is described by NSELF_DEPLOY_HOST_${ref.name.toUpperCase()} in the environment.`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(target.source.file);
    const at = new vscode.Position(target.source.line, 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
  }

  private async lastDeploy(ref: TargetRef): Promise<string> {
    if (!vscode.workspace.isTrusted) return 'workspace not trusted: no ssh';
    const inputs = loadDeployInputs(ref.root, ref.name, this.host.profile());
    // The orchestrator keeps the history (docker service inspect, kubectl rollout history).
    if ((inputs.target as ServerTarget).orchestrator) return describeTarget(inputs.target as ServerTarget);
    const facts = await new SshDriver(inputs.target as ServerTarget, { strict: true, connectTimeout: 8 }).facts(new AbortController().signal);
    const last = facts.history[facts.history.length - 1];
    return last ? `${last.result} ${last.at.replace('T', ' ').slice(0, 16)} (${last.commit?.slice(0, 7) ?? 'no commit'})` : 'never deployed';
  }

  private async pickTarget(arg: unknown, name?: string): Promise<TargetRef | undefined> {
    if (arg && typeof arg === 'object' && 'ref' in arg) return (arg as { ref: TargetRef }).ref;
    const wanted = name ?? (typeof arg === 'string' ? arg : undefined);
    const all = this.allTargets();
    if (wanted) {
      const root = (await this.host.chooseProject()) ?? all[0]?.root;
      if (!root) throw new Error('no nself project in this workspace');
      return { root, name: wanted };
    }
    const items = all.flatMap((p) => p.targets.map((t) => ({ label: t.name, description: `${t.user ? t.user + '@' : ''}${t.host}:${t.path}`, detail: all.length > 1 ? path.basename(p.root) : undefined, ref: { root: p.root, name: t.name } })));
    if (!items.length) throw new Error('no deploy target: add .environments/<name>/server.json or .nself/control-plane.yaml');
    return (await vscode.window.showQuickPick(items, { title: 'nself: Choose a Deploy Target' }))?.ref;
  }

  /**
   * Production asks every time: the user types the project name (no setting turns this off).
   * Other targets ask once per session unless `nself.deploy.confirmStaging` is false.
   */
  private async confirm(target: ServerTarget, projectName: string, _plan: string, ref: TargetRef, question?: string): Promise<boolean> {
    // A rollback's question is answered with "Roll Back", not "Deploy".
    const action = question ? 'Roll Back' : 'Deploy';
    if (target.production) {
      const typed = await vscode.window.showInputBox({
        title: `nself: ${question ? 'Roll back' : 'Deploy to'} PRODUCTION (${target.host})`,
        prompt: question ?? `Read the plan, then type the project name "${projectName}" to deploy to production.`,
        placeHolder: projectName,
        ignoreFocusOut: true,
        validateInput: (v) => (v === '' || v === projectName ? undefined : `Type ${projectName} exactly`),
      });
      return typed === projectName;
    }
    const key = `${ref.root}\0${ref.name}`;
    const ask = vscode.workspace.getConfiguration('nself.deploy', vscode.Uri.file(ref.root)).get<boolean>('confirmStaging') !== false;
    if (!ask || (this.stagingConfirmed.has(key) && !question)) return true;
    const pick = await vscode.window.showWarningMessage(question ?? `Deploy ${projectName} to ${target.name} (${target.host})? The plan is open.`, { modal: true }, action);
    if (pick === 'Deploy') this.stagingConfirmed.add(key);
    return pick === action;
  }

  private async hostKeyReady(driver: SshDriver, target: ServerTarget): Promise<boolean> {
    try {
      await driver.facts(new AbortController().signal);
      return true;
    } catch (error) {
      if (!(error instanceof DeployDriverError) || error.cause !== 'host-key') throw error;
      const scanned = await scanHostKeys(target);
      const pick = await vscode.window.showWarningMessage(
        `The host key of ${target.host}:${target.port} is not known. Compare its fingerprint with the server's before trusting it.`,
        { modal: true, detail: scanned.fingerprints.join('\n') },
        'Trust and Pin',
      );
      if (pick !== 'Trust and Pin') return false;
      await trustHostKeys(scanned.lines);
      return true;
    }
  }

  private async announce(outcome: DeployOutcome, target: ServerTarget): Promise<void> {
    const show = 'Show Output';
    const text = `nself: ${outcome.message}${outcome.note ? ' ' + outcome.note : ''}`;
    const pick = outcome.result === 'ok' || outcome.result === 'planned' || outcome.result === 'declined' ? await vscode.window.showInformationMessage(text, show) : await vscode.window.showErrorMessage(text, show);
    if (pick === show) this.output.show();
    void target;
  }
}

function requireTrust(): void {
  if (!vscode.workspace.isTrusted) throw new Error('deploys run ssh and docker: trust this workspace first');
}

/** The last lines of a swarm service's logs across its tasks, masked. */
async function swarmLogTail(endpoint: SwarmEndpoint, service: string, lines: number, masker: SecretMasker): Promise<string[]> {
  const r = await new SwarmClient(endpoint, { masker }).run(serviceLogsArgv(endpoint, service, { tail: lines }));
  if (r.code !== 0) throw new Error(`docker service logs ${service}: ${masker.text(r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`)}`);
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim());
}

/** Where a target's releases go, in a few words. */
function describeTarget(target: ServerTarget): string {
  const o = target.orchestrator;
  if (o?.kind === 'swarm') return `Docker Swarm via ${o.dockerHost ?? (o.dockerContext ? `context ${o.dockerContext}` : target.host)}`;
  if (o?.kind === 'kubernetes') return `Kubernetes${o.kubeContext ? ` context ${o.kubeContext}` : ''}, namespace ${o.namespace ?? '(project)'}`;
  return `${target.host}:${target.path}`;
}

/**
 * Status and logs work on single servers and swarms, rollback by hand on single servers: a Swarm or
 * a cluster answers the rest itself (the deploy rolls a failed release back through it automatically).
 */
function notOrchestrated(target: ServerTarget): void {
  if (!target.orchestrator) return;
  if (target.orchestrator.problems.length) throw new Error(`${target.name}: ${target.orchestrator.problems.join('; ')}`);
  throw new Error(
    target.orchestrator.kind === 'swarm'
      ? `${target.name} is a Docker Swarm: a failed deploy is rolled back by Swarm; by hand, run docker service rollback <stack>_<service> (docker service ps and docker service logs show its tasks).`
      : `${target.name} is a Kubernetes cluster: a failed deploy is rolled back with kubectl rollout undo; by hand, run kubectl rollout undo deployment/<name> -n <namespace>.`,
  );
}
