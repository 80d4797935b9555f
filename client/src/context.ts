import * as vscode from 'vscode';
import { Builder } from './build';
import { COMMANDS } from './commandIds';
import { commandHandlers } from './commands';
import { ErrorReporter } from './errors';
import { NselfLanguageClient } from './languageClient';
import { Previews } from './previews';
import { EnvironmentStatus } from './statusBar';
import { chooseProject } from './projects';
import type { DeployUi } from './deploy/deployUi';
import * as path from 'path';

/**
 * The extension's one context object: it creates every component, in dependency order, and owns
 * every disposable, so deactivation is a single `dispose()`.
 */
export class NselfExtension implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly errors: ErrorReporter;
  readonly client: NselfLanguageClient;
  readonly status: EnvironmentStatus;
  readonly previews: Previews;
  readonly builder: Builder;
  private readonly handlers: Record<string, (...args: unknown[]) => unknown>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.log = this.own(vscode.window.createOutputChannel('nself', { log: true }));
    this.errors = new ErrorReporter(this.log);
    this.client = this.own(new NselfLanguageClient(context, this.log, () => this.status.restore()));
    this.status = this.own(new EnvironmentStatus(context.workspaceState, this.client, this.errors));
    this.previews = this.own(new Previews(this.client, this.errors));
    this.builder = this.own(new Builder(this.client, this.errors));
    this.handlers = commandHandlers(this);
    this.own(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        // Profile `auto` may now read `nself version`, which only happens at server start.
        void this.errors.run('Restarting the language server', () => this.client.restart());
      }),
    );
  }

  private deployUi: DeployUi | undefined;

  /** The deploy UI, loaded from its own bundle (dist/deploy.js) on first use. */
  deploy(): DeployUi {
    if (!this.deployUi) {
      // A computed path: esbuild leaves it alone, so ssh/deploy code stays out of client.js.
      const mod: typeof import('./deploy/index') = require(path.join(__dirname, 'deploy.js'));
      const ui = (this.deployUi = this.own(
        new mod.DeployUi({
          chooseProject: (resource) => chooseProject(this.client.status, resource),
          projects: () => (this.client.status?.projects ?? []).map((p) => p.root),
          profile: () => this.client.status?.profile ?? '1.x',
        }),
      ));
      // The view lists the projects the server found: redraw when that list changes, not on every status.
      let roots = '';
      this.own(
        this.client.onStatus((status) => {
          const now = status.projects.map((p) => p.root).join('\0');
          if (now !== roots) {
            roots = now;
            ui.view.refresh();
          }
        }),
      );
    }
    return this.deployUi;
  }

  private starting: Promise<void> | undefined;

  /** Starts the language server once; a failure is shown to the user, and commands stay registered. */
  start(): Promise<void> {
    return (this.starting ??= this.errors.run('Starting the nself language server', () => this.client.start()).then(() => undefined));
  }

  /**
   * Runs a contributed command (registered by the activation entry). A command is an explicit
   * request for nself, so it starts the server first if the project scan has not done so yet.
   */
  async runCommand(id: string, args: unknown[]): Promise<unknown> {
    if (id !== COMMANDS.showOutput) await this.start();
    return this.handlers[id]?.(...args);
  }

  private own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    // Reverse order: components go before what they depend on (the client, the log).
    for (const d of this.disposables.reverse()) d.dispose();
    this.disposables.length = 0;
  }
}
