/**
 * What the Services view's menus and the palette do: per service Start, Stop, Restart, Recreate,
 * Show Logs, Open in Browser, Open Shell, Go to Definition, Open Service Folder; per stack Start,
 * Stop, Logs, Refresh, Show Only Problems. Every action that runs something needs a trusted
 * workspace (compose builds the workspace's Dockerfiles, which runs its code), refuses to race an
 * nself command holding `.nself/op.lock`, shows progress with cancellation, and reports failures
 * with the engine's message and a Show Logs button. Commands are argument arrays, always.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StackVerb } from '../../../server/src/core/stack/compose';
import type { StackRow } from '../../../server/src/core/stack/rows';
import { SECTION } from '../config';
import { errorMessage, isCancellation } from '../errors';
import { dockerModule } from './dockerModule';
import type { LogPane, LogPanes } from './logPanes';
import type { ServiceNode, ServicesView, StackContext } from './servicesView';

export class StackActions {
  constructor(
    private readonly view: ServicesView,
    private readonly panes: LogPanes,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The row a command is about: the tree node it was invoked on, else a pick. */
  private async target(node: unknown, filter: (r: StackRow) => boolean = () => true): Promise<{ ctx: StackContext; row: StackRow } | undefined> {
    const ctx = await this.needStack();
    const rows = ctx.state.current?.rows ?? [];
    const given = node as ServiceNode | string | undefined;
    if (typeof given === 'string') {
      const row = rows.find((r) => r.name === given || r.id === given);
      if (!row) throw new Error(`no service "${given}" in ${ctx.model.projectName}`);
      return { ctx, row };
    }
    if (given && typeof given === 'object' && given.type === 'row') return { ctx, row: rows.find((r) => r.id === given.row.id) ?? given.row };
    const pick = await vscode.window.showQuickPick(
      rows.filter(filter).map((r) => ({ label: r.name, description: r.description, row: r })),
      { title: 'nself: Choose a Service', placeHolder: ctx.model.projectName },
    );
    return pick && { ctx, row: pick.row };
  }

  private async needStack(): Promise<StackContext> {
    const ctx = await this.view.ensure();
    if (!ctx) throw new Error('no nself project in this workspace');
    if (!ctx.state.current) await ctx.state.refresh();
    return ctx;
  }

  private needTrust(what: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage(`nself: ${what} needs a trusted workspace: compose builds and runs this workspace's Dockerfiles and code. The view still shows the status.`, 'Manage Workspace Trust').then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
  }

  /** Start / Stop / Restart / Recreate one service. */
  async service(verb: StackVerb, node?: unknown): Promise<void> {
    const title = { start: 'Start', stop: 'Stop', restart: 'Restart', recreate: 'Recreate' }[verb];
    if (!this.needTrust(`${title} Service`)) return;
    const t = await this.target(node, (r) => r.group !== 'frontend');
    if (!t) return;
    const { ctx, row } = t;
    if (row.group === 'frontend') throw new Error(`${row.name} is a frontend app: it runs on your machine, not in the stack`);
    await this.withProgress(`${title} ${row.name}`, ctx, async (signal, onLine) => {
      const docker = dockerModule();
      const container = row.containers[0];
      // Containers the model does not know (Other) and plain stop/restart go through the engine
      // API; start (also of a never-created service) and recreate go through compose, like nself.
      if (row.group === 'other' || ((verb === 'stop' || verb === 'restart') && container)) {
        if (!container) throw new Error(`${row.name} has no container`);
        const c = ctx.engine.docker.getContainer(container.id);
        if (verb === 'stop') await c.stop();
        else if (verb === 'restart') await c.restart();
        else if (verb === 'start') await c.start();
        else throw new Error(`${row.name} is not in the generated compose file: it cannot be recreated from here`);
        return;
      }
      if (!(await this.buildFirstIfStale(ctx))) return;
      await docker.runCompose({ root: ctx.root, project: ctx.model.projectName, verb, services: [row.composeKey ?? row.name], via: this.via(), env: ctx.engine.childEnv, signal, onLine });
    });
  }

  /** Start Stack / Stop Stack with the generated compose file. */
  async stack(verb: 'start' | 'stop'): Promise<void> {
    if (!this.needTrust(verb === 'start' ? 'Start Stack' : 'Stop Stack')) return;
    const ctx = await this.needStack();
    if (verb === 'start' && !(await this.buildFirstIfStale(ctx))) return;
    await this.withProgress(`${verb === 'start' ? 'Starting' : 'Stopping'} ${ctx.model.projectName}`, ctx, (signal, onLine) =>
      dockerModule().runCompose({ root: ctx.root, project: ctx.model.projectName, verb, via: this.via(), env: ctx.engine.childEnv, signal, onLine }).then(() => undefined),
    );
  }

  private via(): 'compose' | 'nself' {
    return vscode.workspace.getConfiguration(SECTION).get<boolean>('stack.useCli') === true ? 'nself' : 'compose';
  }

  /**
   * When docker-compose.yml is missing or older than an env file it comes from, offer Build first.
   * Returns false when the user cancelled.
   */
  private async buildFirstIfStale(ctx: StackContext): Promise<boolean> {
    if (this.via() === 'nself') return true;
    const compose = path.join(ctx.root, 'docker-compose.yml');
    const composeTime = mtime(compose);
    const newest = Math.max(0, ...ctx.model.sources.map(mtime));
    if (composeTime !== 0 && composeTime >= newest) return true;
    const why = composeTime === 0 ? 'There is no generated docker-compose.yml yet.' : 'The generated files are older than the env files.';
    const choices = composeTime ? ['Build First', 'Use As Is'] : ['Build First'];
    const pick = await vscode.window.showWarningMessage(`nself: ${why} Build first?`, { modal: true }, ...choices);
    if (pick === 'Build First') {
      await vscode.commands.executeCommand('nself.build', vscode.Uri.file(ctx.root));
      return mtime(compose) !== 0;
    }
    return pick === 'Use As Is';
  }

  private async withProgress(title: string, ctx: StackContext, fn: (signal: AbortSignal, onLine: (line: string) => void) => Promise<void>): Promise<void> {
    const { NselfBusyError } = dockerModule();
    const output: string[] = [];
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `nself: ${title}`, cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        await fn(abort.signal, (line) => {
          const masked = ctx.masker.text(line);
          output.push(masked);
          this.log.info(masked);
          progress.report({ message: masked.slice(0, 120) });
        });
      });
    } catch (error) {
      if (isCancellation(error) || (error as { name?: string }).name === 'AbortError') return;
      if (error instanceof NselfBusyError) {
        void vscode.window.showWarningMessage(`nself: ${error.message}`);
        return;
      }
      const message = ctx.masker.text(errorMessage(error));
      this.log.error(`${title} failed: ${message}`);
      void vscode.window.showErrorMessage(`nself: ${title} failed: ${message}`, 'Show Logs').then((pick) => pick && this.log.show());
    } finally {
      await ctx.state.refresh();
    }
  }

  async showLogs(node?: unknown): Promise<LogPane | undefined> {
    const t = await this.target(node, (r) => r.group !== 'frontend');
    if (!t) return undefined;
    return this.panes.open(t.ctx, [t.row.composeKey ?? t.row.name], `nself logs: ${t.row.name}`, 1000);
  }

  async showStackLogs(): Promise<void> {
    const ctx = await this.needStack();
    const services = (ctx.state.current?.rows ?? []).filter((r) => r.group !== 'frontend' && r.containers.length > 0).map((r) => r.composeKey ?? r.name);
    this.panes.open(ctx, services, `nself logs: ${ctx.model.projectName}`);
  }

  async openInBrowser(node?: unknown): Promise<void> {
    const t = await this.target(node, (r) => !!r.url || r.hostPort !== undefined);
    if (!t) return;
    const url = t.row.url ?? (t.row.hostPort !== undefined ? `http://127.0.0.1:${t.row.hostPort}` : undefined);
    if (!url) throw new Error(`${t.row.name} has no route or host port`);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  async openShell(node?: unknown): Promise<vscode.Terminal | undefined> {
    if (!this.needTrust('Open Shell')) return undefined;
    const t = await this.target(node, (r) => r.containers.length > 0);
    if (!t) return undefined;
    const c = t.row.containers[0];
    if (!c || c.status !== 'running') throw new Error(`${t.row.name} is not running`);
    const terminal = vscode.window.createTerminal({
      name: `nself shell: ${t.row.name}`,
      shellPath: 'docker',
      shellArgs: dockerModule().execShellArgv(c.id),
      env: { DOCKER_HOST: t.ctx.engine.childEnv.DOCKER_HOST ?? null, DOCKER_CONTEXT: null },
      iconPath: new vscode.ThemeIcon('terminal'),
    });
    terminal.show();
    return terminal;
  }

  async goToDefinition(node?: unknown): Promise<void> {
    const t = await this.target(node, (r) => !!r.origin?.file);
    if (!t) return;
    const { file, line } = t.row.origin ?? {};
    if (!file) throw new Error(`${t.row.name} is not declared in an env file (a built-in default)`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  }

  async openServiceFolder(node?: unknown): Promise<void> {
    const t = await this.target(node, (r) => r.group === 'custom');
    if (!t) return;
    const folder = path.join(t.ctx.root, 'services', t.row.name);
    if (!fs.existsSync(folder)) throw new Error(`services/${t.row.name} does not exist yet (nself: Build creates it)`);
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(folder));
  }
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
