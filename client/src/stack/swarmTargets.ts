/**
 * The Services view's swarm part: one node per deploy target of the project whose kind is
 * `swarm` ("staging — swarm"), expanding into the stack's services (`running/desired`, a codicon
 * by state) and each service into its tasks. The rows come from core/stack/swarmState through
 * node/swarm/swarmStatus; this file only renders and schedules.
 *
 * No docker traffic until a swarm node is expanded in a visible view; then a poll every
 * SWARM_POLL_MS while at least one swarm node stays expanded and the view is visible. A manager
 * that cannot be reached is a child item with the message, never an exception.
 */
import * as vscode from 'vscode';
import { readTargets, type DeployTarget } from '../../../server/src/core/deploy/targets';
import { stackName } from '../../../server/src/core/generate/stack';
import { isSecretKey, SecretMasker } from '../../../server/src/core/secrets';
import { endpointName as endpointLabel, swarmEndpointOf, type SwarmEndpoint } from '../../../server/src/core/orchestrators/swarm';
import { nodeHost } from '../../../server/src/core/project';
import {
  swarmServiceDescription,
  swarmTaskDescription,
  type SwarmServiceRow,
  type SwarmServiceState,
  type SwarmTaskRow,
} from '../../../server/src/core/stack/swarmState';
import { readSwarmStack } from '../../../server/src/node/swarm/swarmStatus';
import type { NselfLanguageClient } from '../languageClient';
import type { SwarmLogPane, SwarmLogPanes } from './swarmLogs';

/** While a swarm node is expanded and the view visible (a swarm changes on its own: rescheduling, restarts). */
export const SWARM_POLL_MS = 10_000;

export type SwarmNode =
  | { type: 'swarm'; id: string; root: string; target: DeployTarget }
  | { type: 'swarmService'; id: string; targetId: string; row: SwarmServiceRow }
  | { type: 'swarmTask'; id: string; task: SwarmTaskRow }
  | { type: 'swarmInfo'; id: string; text: string; icon: string; color?: string; tooltip?: string };

interface TargetState {
  root: string;
  target: DeployTarget;
  endpoint: SwarmEndpoint;
  stack?: string;
  masker: SecretMasker;
  rows?: SwarmServiceRow[];
  error?: { message: string; hint?: string };
  fetching?: Promise<void>;
  /** When the last reading finished (ms since epoch). */
  readAt?: number;
}

export class SwarmTargets implements vscode.Disposable {
  private readonly states = new Map<string, TargetState>();
  private readonly expanded = new Set<string>();
  private visible = false;
  private timer: NodeJS.Timeout | undefined;
  /** Readings of the managers so far (tests: no traffic before a node is expanded). */
  reads = 0;

  constructor(
    private readonly client: NselfLanguageClient,
    private readonly panes: SwarmLogPanes,
    private readonly changed: () => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The swarm target nodes of a project (reads its target files; no docker). */
  targetNodes(root: string): SwarmNode[] {
    let targets: DeployTarget[] = [];
    try {
      targets = readTargets(nodeHost, root, process.env).targets.filter((t) => t.orchestrator?.kind === 'swarm' && t.orchestrator.problems.length === 0);
    } catch (error) {
      this.log.warn(`Services view: reading the deploy targets of ${root}: ${String(error)}`);
    }
    return targets.map((target) => {
      const id = `swarm:${root}:${target.name}`;
      const state = this.states.get(id);
      if (!state || JSON.stringify(state.target) !== JSON.stringify(target)) this.states.set(id, { root, target, endpoint: swarmEndpointOf(target), masker: new SecretMasker([]) });
      return { type: 'swarm', id, root, target };
    });
  }

  /** The children of a swarm node (reads the manager the first time) or of a service. */
  async children(node: SwarmNode): Promise<SwarmNode[]> {
    if (node.type === 'swarmService') return this.taskNodes(node);
    if (node.type !== 'swarm') return [];
    const state = this.states.get(node.id);
    if (!state) return [];
    this.expanded.add(node.id);
    this.schedule();
    if (!state.readAt) await this.read(node.id);
    if (state.error) {
      return [{ type: 'swarmInfo', id: `${node.id}/error`, text: state.error.message, icon: 'error', color: 'editorError.foreground', tooltip: state.error.hint }];
    }
    const rows = state.rows ?? [];
    if (rows.length === 0) return [{ type: 'swarmInfo', id: `${node.id}/empty`, text: `stack ${state.stack ?? '?'} has no services on ${endpointLabel(state.endpoint)} (not deployed yet)`, icon: 'circle-slash' }];
    return rows.map((row) => ({ type: 'swarmService', id: `${node.id}/svc:${row.name}`, targetId: node.id, row }));
  }

  private taskNodes(node: Extract<SwarmNode, { type: 'swarmService' }>): SwarmNode[] {
    const out: SwarmNode[] = node.row.tasks.map((task) => ({ type: 'swarmTask', id: `${node.id}/task:${task.id}`, task }));
    if (node.row.folded > 0) out.push({ type: 'swarmInfo', id: `${node.id}/folded`, text: `${node.row.folded} older task${node.row.folded === 1 ? '' : 's'} (shut down)`, icon: 'fold' });
    return out;
  }

  /** Reads one target's stack now; errors are kept for the view. */
  read(id: string): Promise<void> {
    const state = this.states.get(id);
    if (!state) return Promise.resolve();
    return (state.fetching ??= (async () => {
      try {
        if (!state.stack) await this.resolveStack(state);
        this.reads++;
        state.rows = await readSwarmStack(state.endpoint, state.stack!, { masker: state.masker });
        state.error = undefined;
      } catch (error) {
        const e = error as { name?: string; command?: string; detail?: string; hint?: string; message?: string };
        state.error = e.name === 'SwarmError' ? { message: `${e.command}: ${e.detail}`, hint: e.hint } : { message: state.masker.text(e.message ?? String(error)) };
        this.log.warn(`Services view: swarm target ${state.target.name}: ${state.error.message}`);
      } finally {
        state.readAt = Date.now();
        state.fetching = undefined;
      }
    })());
  }

  /** The stack name and secrets come from the target's own cascade (its PROJECT_NAME may differ). */
  private async resolveStack(state: TargetState): Promise<void> {
    const { model } = await this.client.serviceModel({ root: state.root, env: state.target.env, reveal: true });
    const secrets = new Set<string>();
    for (const s of model.services) for (const [k, v] of Object.entries(s.environment)) if (v && isSecretKey(k)) secrets.add(v);
    state.masker = new SecretMasker([...secrets]);
    state.stack = stackName(model);
  }

  /** Reads every expanded target again (the Refresh command), or one. */
  async refresh(node?: SwarmNode): Promise<void> {
    const ids = node?.type === 'swarm' ? [node.id] : [...this.expanded];
    await Promise.all(ids.map((id) => this.read(id)));
    this.changed();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.schedule();
  }

  didExpand(node: SwarmNode): void {
    if (node.type !== 'swarm') return;
    this.expanded.add(node.id);
    this.schedule();
  }

  didCollapse(node: SwarmNode): void {
    if (node.type !== 'swarm') return;
    this.expanded.delete(node.id);
    this.schedule();
  }

  /** True while the poll runs (tests). */
  get polling(): boolean {
    return this.timer !== undefined;
  }

  private schedule(): void {
    const want = this.visible && this.expanded.size > 0;
    if (want && !this.timer) {
      this.timer = setInterval(() => void this.refresh(), SWARM_POLL_MS);
    } else if (!want && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Show Logs on a swarm service: its logs across all tasks in a pane. */
  showLogs(node: unknown): SwarmLogPane {
    const n = node as SwarmNode | undefined;
    if (n?.type !== 'swarmService') throw new Error('Show Logs of a swarm service needs a service of a swarm target in the Services view');
    const state = this.states.get(n.targetId);
    if (!state) throw new Error(`the swarm target of ${n.row.name} is gone`);
    return this.panes.open(`${n.targetId}/${n.row.name}`, state.endpoint, n.row.name, state.masker, `nself logs: ${n.row.name} (${state.target.name})`);
  }

  treeItem(node: SwarmNode): vscode.TreeItem {
    switch (node.type) {
      case 'swarm': {
        const item = new vscode.TreeItem(`${node.target.name} — swarm`, vscode.TreeItemCollapsibleState.Collapsed);
        const state = this.states.get(node.id);
        item.id = node.id;
        item.contextValue = 'nselfSwarmTarget';
        item.iconPath = new vscode.ThemeIcon('layers');
        const rows = state?.rows;
        const bad = rows?.filter((r) => r.state === 'failing' || r.state === 'rolling back').length ?? 0;
        item.description = state?.error ? 'not reachable' : rows ? `${state?.stack} · ${rows.length} service${rows.length === 1 ? '' : 's'}${bad ? ` · ${bad} failing` : ''}` : state ? endpointLabel(state.endpoint) : undefined;
        item.tooltip = state ? `Docker Swarm target ${node.target.name} (env ${node.target.env}) on ${endpointLabel(state.endpoint)}${state.stack ? `, stack ${state.stack}` : ''}` : undefined;
        return item;
      }
      case 'swarmService': {
        const { row } = node;
        const item = new vscode.TreeItem(row.shortName, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = swarmServiceDescription(row);
        item.iconPath = serviceIcon(row.state);
        item.contextValue = 'nselfSwarmService';
        const md = new vscode.MarkdownString(undefined, true);
        md.appendMarkdown(`**${row.name}** — ${row.state}, ${row.running}/${row.desired} ${row.mode === 'job' ? 'done' : 'running'}${row.mode === 'global' ? ' (global: one per node)' : ''}\n\n`);
        md.appendMarkdown(`- image: \`${row.image.replace(/`/g, "'")}\`\n`);
        if (row.lastError) md.appendMarkdown(`- last error: \`${row.lastError.replace(/`/g, "'")}\`\n`);
        if (row.updateMessage) md.appendMarkdown(`- Swarm: ${row.updateMessage.replace(/[\\`*_[\]<>]/g, (m) => `\\${m}`)}\n`);
        item.tooltip = md;
        return item;
      }
      case 'swarmTask': {
        const { task } = node;
        const item = new vscode.TreeItem(`slot ${task.slot}`, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = swarmTaskDescription(task);
        item.iconPath = taskIcon(task);
        item.contextValue = 'nselfSwarmTask';
        item.tooltip = `${task.id}\n${task.image}\n${swarmTaskDescription(task)}`;
        return item;
      }
      case 'swarmInfo': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
        item.tooltip = node.tooltip ?? node.text;
        return item;
      }
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export function serviceIcon(state: SwarmServiceState): vscode.ThemeIcon {
  const c = (id: string) => new vscode.ThemeColor(id);
  switch (state) {
    case 'converged':
      return new vscode.ThemeIcon('pass-filled', c('testing.iconPassed'));
    case 'completed':
      return new vscode.ThemeIcon('check', c('testing.iconPassed'));
    case 'starting':
    case 'updating':
      return new vscode.ThemeIcon('sync~spin', c('editorWarning.foreground'));
    case 'rolling back':
      return new vscode.ThemeIcon('history', c('editorWarning.foreground'));
    case 'rolled back':
      return new vscode.ThemeIcon('discard', c('editorWarning.foreground'));
    case 'failing':
      return new vscode.ThemeIcon('error', c('editorError.foreground'));
  }
}

function taskIcon(t: SwarmTaskRow): vscode.ThemeIcon {
  const c = (id: string) => new vscode.ThemeColor(id);
  if (t.state === 'running') return new vscode.ThemeIcon(t.current ? 'circle-filled' : 'circle-outline', c(t.current ? 'testing.iconPassed' : 'disabledForeground'));
  if (t.state === 'failed' || t.state === 'rejected') return new vscode.ThemeIcon('error', c('editorError.foreground'));
  if (t.state === 'complete') return new vscode.ThemeIcon('check', c('disabledForeground'));
  if (t.state === 'shutdown' || t.state === 'orphaned' || t.state === 'remove') return new vscode.ThemeIcon('circle-outline', c('disabledForeground'));
  return new vscode.ThemeIcon('sync~spin', c('editorWarning.foreground'));
}
