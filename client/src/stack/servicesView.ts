/**
 * The Services view: the rows of the stack-state module for the active environment of the status
 * bar picker, grouped, with a codicon and colour per state, a masked Markdown tooltip and
 * `contextValue`s for the menus. Starts talking to Docker only when the view first asks for its
 * items (or a Docker command runs); polls slowly only while visible.
 */
import * as vscode from 'vscode';
import type { ServiceModel } from '../../../server/src/protocol';
import { maskServiceModel } from '../../../server/src/core/model/mask';
import { isSecretKey, SecretMasker } from '../../../server/src/core/secrets';
import { GROUP_ORDER, GROUP_TITLES, rowFacts, type RowGroup, type StackRow } from '../../../server/src/core/stack/rows';
import type { StackSnapshot, StackState } from '../../../server/src/node/docker/stackState';
import type { Engine } from '../../../server/src/node/docker/engine';
import { SECTION } from '../config';
import type { ErrorReporter } from '../errors';
import type { NselfLanguageClient } from '../languageClient';
import { currentProject } from '../projects';
import { dockerModule } from './dockerModule';
import { SwarmLogPanes } from './swarmLogs';
import { SwarmTargets, type SwarmNode } from './swarmTargets';

/** The safety poll while the view is visible (OPS §5: events do the work; this catches misses). */
const SAFETY_POLL_MS = 60_000;

export type ServiceNode = { type: 'group'; group: RowGroup; rows: StackRow[] } | { type: 'row'; row: StackRow } | SwarmNode;

/** What a running stack is, for actions: the project, the engine and the current rows. */
export interface StackContext {
  root: string;
  model: ServiceModel;
  engine: Engine;
  state: StackState;
  masker: SecretMasker;
}

export class ServicesView implements vscode.TreeDataProvider<ServiceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServiceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly snapshotEmitter = new vscode.EventEmitter<StackSnapshot | undefined>();
  /** Every new snapshot (status item, tests). */
  readonly onDidChangeSnapshot = this.snapshotEmitter.event;
  private ctx: StackContext | undefined;
  private starting: Promise<StackContext | undefined> | undefined;
  private onlyProblems = false;
  private view: vscode.TreeView<ServiceNode> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.snapshotEmitter];
  /** The project's swarm targets (client/src/stack/swarmTargets.ts). */
  readonly swarm: SwarmTargets;

  constructor(
    private readonly client: NselfLanguageClient,
    private readonly errors: ErrorReporter,
    private readonly startServer: () => Promise<void>,
  ) {
    const swarmPanes = new SwarmLogPanes();
    this.swarm = new SwarmTargets(client, swarmPanes, () => this.changed.fire(undefined), errors.log);
    this.disposables.push(
      swarmPanes,
      this.swarm,
      client.onStatus(() => void this.reloadModel()),
      // The view is about the active editor's project: follow it when that changes (a status
      // event alone misses an editor that became active after the server reported its project).
      vscode.window.onDidChangeActiveTextEditor(() => {
        const root = currentProject(this.client.status);
        if (this.ctx && root && root !== this.ctx.root) void this.reloadModel();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.docker.host`)) void this.restart();
      }),
    );
  }

  /** The tree view, created by the activation entry (so the view exists before this bundle loads). */
  attach(view: vscode.TreeView<ServiceNode>): void {
    this.view = view;
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        this.ctx?.state.setPoll(e.visible ? SAFETY_POLL_MS : 0);
        this.swarm.setVisible(e.visible);
      }),
      view.onDidExpandElement((e) => isSwarmNode(e.element) && this.swarm.didExpand(e.element)),
      view.onDidCollapseElement((e) => isSwarmNode(e.element) && this.swarm.didCollapse(e.element)),
    );
    this.swarm.setVisible(view.visible);
  }

  get snapshot(): StackSnapshot | undefined {
    return this.ctx?.state.current;
  }

  /** The running stack, started on first need; undefined when there is no project. */
  ensure(): Promise<StackContext | undefined> {
    return (this.starting ??= this.open().then(
      (ctx) => {
        // No project yet: ask again next time instead of remembering "nothing".
        if (!ctx) this.starting = undefined;
        return ctx;
      },
      (error) => {
        this.starting = undefined;
        throw error;
      },
    ));
  }

  private async open(): Promise<StackContext | undefined> {
    await this.startServer();
    if (!this.client.status?.projects.length) await nextStatus(this.client, 30_000);
    const root = currentProject(this.client.status);
    if (!root) return undefined;
    const { model, masker } = await this.loadModel(root);
    const docker = dockerModule();
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>('docker.host') || undefined;
    let engine: Engine;
    try {
      engine = docker.openEngine(setting);
    } catch (error) {
      this.showProblem(error instanceof docker.EngineError ? `${error.problem.message} ${error.problem.hint}` : String(error));
      throw error;
    }
    const state = new docker.StackState({ docker: engine.docker, endpoint: engine.endpoint, model });
    state.on('snapshot', (s: StackSnapshot) => this.render(s));
    state.start();
    if (this.view?.visible !== false) state.setPoll(SAFETY_POLL_MS);
    this.ctx = { root, model, engine, state, masker };
    return this.ctx;
  }

  /** The model with secrets masked, and a masker for what containers print (health output). */
  private async loadModel(root: string): Promise<{ model: ServiceModel; masker: SecretMasker }> {
    const env = this.client.status?.activeEnvironment;
    const { model } = await this.client.serviceModel({ root, env, reveal: true });
    const secrets = new Set<string>();
    for (const s of model.services) for (const [k, v] of Object.entries(s.environment)) if (v && isSecretKey(k)) secrets.add(v);
    return { model: maskServiceModel(model, [...secrets]), masker: new SecretMasker([...secrets]) };
  }

  private async reloadModel(): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) {
      // The view gave up waiting for a project (a slow server start): now there is one, so ask
      // VS Code for the items again instead of staying empty.
      if (!this.starting && this.client.status?.projects.length) this.changed.fire(undefined);
      return;
    }
    await this.errors.run('Reading the service model', async () => {
      const root = currentProject(this.client.status) ?? ctx.root;
      const { model, masker } = await this.loadModel(root);
      ctx.root = root;
      ctx.model = model;
      ctx.masker = masker;
      ctx.state.setModel(model);
      // The swarm targets belong to the project too, even when the stack does not change.
      this.changed.fire(undefined);
    });
  }

  /** Refresh: read everything again; also retries a lost engine at once. */
  async refresh(): Promise<void> {
    const ctx = await this.ensure();
    await Promise.all([ctx?.state.retry(), this.swarm.refresh()]);
  }

  private async restart(): Promise<void> {
    this.ctx?.state.dispose();
    this.ctx = undefined;
    this.starting = undefined;
    if (this.view?.visible) await this.ensure().catch(() => undefined);
    this.changed.fire(undefined);
  }

  toggleProblems(only: boolean): void {
    this.onlyProblems = only;
    void vscode.commands.executeCommand('setContext', 'nself:servicesOnlyProblems', only);
    this.changed.fire(undefined);
  }

  private render(s: StackSnapshot): void {
    void vscode.commands.executeCommand('setContext', 'nself:engineError', !!s.error);
    if (s.error) this.showProblem(`${s.error.problem.message} ${s.error.problem.hint}`);
    else if (this.view) this.view.message = this.onlyProblems && s.summary.failed.length + s.summary.pending.length === 0 ? 'No problems: every service that should run is OK.' : undefined;
    this.changed.fire(undefined);
    this.snapshotEmitter.fire(s);
  }

  private showProblem(text: string): void {
    if (this.view) this.view.message = text;
  }

  async getChildren(node?: ServiceNode): Promise<ServiceNode[]> {
    if (node?.type === 'row') return [];
    if (node?.type === 'group') return node.rows.map((row) => ({ type: 'row', row }));
    if (node && isSwarmNode(node)) return this.swarm.children(node);
    let ctx: StackContext | undefined;
    try {
      ctx = await this.ensure();
    } catch (error) {
      // Shown in the view (the welcome content offers Retry); the log has the details.
      this.errors.log.error(`Services view: ${error instanceof Error && error.stack ? error.stack : String(error)}`);
      this.showProblem(error instanceof Error ? error.message : String(error));
      return this.swarmTargetsOf(currentProject(this.client.status));
    }
    // Swarm targets do not depend on the local engine: they stay when it is away.
    const swarm = this.swarmTargetsOf(ctx?.root);
    const s = ctx?.state.current;
    // No items while the engine is away: the welcome content (Retry, Open Settings) shows.
    if (!s || s.error) return swarm;
    const rows = this.onlyProblems ? s.rows.filter((r) => r.verdict !== 'ok') : s.rows;
    const groups: ServiceNode[] = GROUP_ORDER.map((group) => ({ type: 'group' as const, group, rows: rows.filter((r) => r.group === group) })).filter((g) => g.rows.length > 0);
    return [...groups, ...swarm];
  }

  private swarmTargetsOf(root: string | undefined): ServiceNode[] {
    return root ? this.swarm.targetNodes(root) : [];
  }

  getTreeItem(node: ServiceNode): vscode.TreeItem {
    if (isSwarmNode(node)) return this.swarm.treeItem(node);
    if (node.type === 'group') {
      const item = new vscode.TreeItem(GROUP_TITLES[node.group], vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group}`;
      item.contextValue = 'nselfGroup';
      const bad = node.rows.filter((r) => r.shouldRun && r.verdict === 'failed').length;
      item.description = bad ? `${bad} not OK` : undefined;
      return item;
    }
    const { row } = node;
    const item = new vscode.TreeItem(row.name, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.iconPath = stateIcon(row);
    item.contextValue = contextValueOf(row);
    item.tooltip = this.tooltip(row);
    if (row.origin?.file) item.command = { title: 'Go to Definition', command: 'nself.goToServiceDefinition', arguments: [node] };
    return item;
  }

  private tooltip(row: StackRow): vscode.MarkdownString {
    const masker = this.ctx?.masker ?? new SecretMasker([]);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(row.title)}** — ${escape(row.state)}\n\n`);
    for (const [label, value] of rowFacts(row)) md.appendMarkdown(`- ${label}: \`${masker.text(value).replace(/`/g, "'")}\`\n`);
    if (row.healthOutput.length) {
      md.appendMarkdown('\n**Last health check**\n');
      md.appendCodeblock(masker.text(row.healthOutput.join('\n')).slice(0, 2000), 'text');
    }
    return md;
  }

  dispose(): void {
    this.ctx?.state.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function isSwarmNode(node: ServiceNode): node is SwarmNode {
  return node.type.startsWith('swarm');
}

/** `nselfService.running.web`: kind, state family, and whether there is something to open. */
export function contextValueOf(row: StackRow): string {
  if (row.group === 'frontend') return `nselfFrontend${row.hostPort !== undefined || row.url ? '.web' : ''}`;
  const base = row.group === 'other' ? 'nselfOther' : 'nselfService';
  const family = row.state === 'not-created' ? 'notCreated' : ['exited', 'created', 'dead'].includes(row.state) ? 'stopped' : 'running';
  return `${base}.${family}${row.url || row.hostPort !== undefined ? '.web' : ''}`;
}

export function stateIcon(row: StackRow): vscode.ThemeIcon {
  const c = (id: string) => new vscode.ThemeColor(id);
  switch (row.state) {
    case 'healthy':
      return new vscode.ThemeIcon('pass-filled', c('testing.iconPassed'));
    case 'running':
      return new vscode.ThemeIcon(row.verdict === 'ok' ? 'circle-filled' : 'sync', c(row.verdict === 'ok' ? 'testing.iconPassed' : 'editorWarning.foreground'));
    case 'starting':
    case 'restarting':
      return new vscode.ThemeIcon('sync~spin', c('editorWarning.foreground'));
    case 'unhealthy':
      return new vscode.ThemeIcon('warning', c('editorError.foreground'));
    case 'paused':
      return new vscode.ThemeIcon('debug-pause', c('editorWarning.foreground'));
    case 'exited':
    case 'dead':
      return new vscode.ThemeIcon(row.verdict === 'ok' ? 'check' : 'error', c(row.verdict === 'ok' ? 'disabledForeground' : 'editorError.foreground'));
    case 'created':
    case 'removing':
      return new vscode.ThemeIcon('circle-outline', c('disabledForeground'));
    case 'not-created':
      return new vscode.ThemeIcon('circle-slash', c('disabledForeground'));
    case 'listening':
      return new vscode.ThemeIcon('globe', c('testing.iconPassed'));
    case 'not-listening':
      return new vscode.ThemeIcon('globe', c('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question');
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (m) => `\\${m}`);
}

/** The next status from the server with a project, or after `ms`. */
function nextStatus(client: NselfLanguageClient, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = client.onStatus((s) => {
      if (s.projects.length) done();
    });
    function done(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}
