import * as path from 'path';
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';
import { SECTION } from './config';
import type { ErrorReporter } from './errors';
import { VSCODE_SELECTOR, type NselfLanguageClient } from './languageClient';
import { currentProject } from './projects';

/** workspaceState key of the environment the user picked in the status bar (a session override). */
const PICKED_ENV_KEY = 'nself.pickedEnvironment';

/**
 * The active environment in the status bar and the server's health as a language status item.
 *
 * Where the active environment lives: the status bar picker does NOT write settings. The pick is a
 * per-workspace override kept in `workspaceState` and sent to the server with
 * `nself/setActiveEnvironment` (again after every server start); the `nself.environment` setting
 * stays the default the override falls back to. Writing the workspace setting happens only when
 * the user presses "Make default for this workspace" on an item, which is an explicit request to
 * change `.vscode/settings.json`. That keeps a glance at prod from leaving a diff in the repo.
 */
export class EnvironmentStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nself.environment', vscode.StatusBarAlignment.Left, 50);
  private readonly health = vscode.languages.createLanguageStatusItem('nself.health', VSCODE_SELECTOR);
  private readonly disposables: vscode.Disposable[] = [this.item, this.health];

  constructor(
    private readonly state: vscode.Memento,
    private readonly client: NselfLanguageClient,
    private readonly errors: ErrorReporter,
  ) {
    this.item.name = 'nself Environment';
    this.item.command = 'nself.selectEnvironment';
    this.health.name = 'nself';
    this.health.command = { title: 'Show Log', command: 'nself.showOutput' };
    this.disposables.push(
      client.onStatus((s) => this.render(s)),
      client.onState((state) => this.renderState(state)),
    );
    this.renderState('starting');
  }

  /** The override the user picked, if any. */
  get pickedEnvironment(): string | undefined {
    return this.state.get<string>(PICKED_ENV_KEY);
  }

  /** Sends the persisted override to a freshly started server. */
  async restore(): Promise<void> {
    const picked = this.pickedEnvironment;
    if (picked) await this.client.setActiveEnvironment(picked);
  }

  /**
   * `nself.selectEnvironment`: with an argument (tests, keybindings) switches directly, `null`
   * clears the override; without one shows the picker.
   */
  async select(arg?: string | null): Promise<void> {
    if (arg !== undefined) return this.apply(arg);
    const status = this.client.status;
    const root = currentProject(status);
    const envs = root ? await this.client.environments(root) : undefined;
    type Item = vscode.QuickPickItem & { env?: string | null };
    const makeDefault: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('save'), tooltip: 'Make default for this workspace (writes nself.environment)' };
    const active = status?.activeEnvironment;
    const items: Item[] = [];
    for (const e of envs?.environments ?? [{ name: 'dev' }]) {
      items.push({
        label: e.name,
        description: [e.file ? path.basename(e.file) : 'no file of its own', e.name === active ? '(active)' : ''].filter(Boolean).join(' '),
        iconPath: new vscode.ThemeIcon(e.name === active ? 'check' : 'symbol-enum'),
        env: e.name,
        buttons: [makeDefault],
      });
    }
    if (envs && envs.targets.length > 0) {
      items.push({ label: 'Deploy targets', kind: vscode.QuickPickItemKind.Separator });
      for (const t of envs.targets) {
        items.push({
          label: t.name,
          description: [`.environments/${t.name}`, t.host ? `${t.user ? `${t.user}@` : ''}${t.host}` : '', t.name === active ? '(active)' : ''].filter(Boolean).join(' · '),
          detail: t.problems.length > 0 ? `server.json: ${t.problems.join('; ')}` : undefined,
          iconPath: new vscode.ThemeIcon(t.name === active ? 'check' : 'server'),
          env: t.name,
          buttons: [makeDefault],
        });
      }
    }
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>('environment') || 'dev';
    if (this.pickedEnvironment) {
      items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
      items.push({ label: `Follow the setting (nself.environment = ${setting})`, iconPath: new vscode.ThemeIcon('settings-gear'), env: null });
    }

    const pick = await new Promise<Item | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<Item>();
      qp.title = 'nself: Active Environment';
      qp.placeholder = `Environment for validation, previews and build (now ${active ?? setting})`;
      qp.items = items;
      const current = items.find((i) => i.env === active);
      if (current) qp.activeItems = [current];
      let done = false;
      const finish = (value: Item | undefined) => {
        if (done) return;
        done = true;
        resolve(value);
        qp.dispose();
      };
      qp.onDidTriggerItemButton(async (e) => {
        if (typeof e.item.env !== 'string') return;
        const env = e.item.env;
        finish(undefined);
        await this.errors.run('Saving the default environment', () => this.makeWorkspaceDefault(env));
      });
      qp.onDidAccept(() => finish(qp.selectedItems[0]));
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
    if (pick && pick.env !== undefined) await this.apply(pick.env);
  }

  private async apply(env: string | null): Promise<void> {
    await this.state.update(PICKED_ENV_KEY, env ?? undefined);
    await this.client.setActiveEnvironment(env);
  }

  /** The user's explicit request: write `nself.environment` in the workspace scope and drop the override. */
  private async makeWorkspaceDefault(env: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('environment', env, vscode.ConfigurationTarget.Workspace);
    await this.apply(null);
  }

  private render(status: StatusParams): void {
    const env = status.activeEnvironment;
    const override = this.pickedEnvironment !== undefined;
    // Menus and the command palette show project commands only where there is a project.
    void vscode.commands.executeCommand('setContext', 'nself:hasProject', status.projects.length > 0);
    if (status.projects.length === 0) {
      this.item.hide();
    } else {
      this.item.text = `$(server-environment) ${env}`;
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**nself environment: ${env}**${override ? ' (picked for this workspace)' : ' (from the nself.environment setting)'}\n\n`);
      md.appendMarkdown(`Rules: nself ${status.profile}\n\n`);
      for (const p of status.projects) md.appendMarkdown(`- \`${p.root}\`: ${p.errors} errors, ${p.warnings} warnings\n`);
      md.appendMarkdown('\nClick to switch environment or deploy target.');
      this.item.tooltip = md;
      this.item.show();
    }
    const errors = status.projects.reduce((n, p) => n + p.errors, 0);
    const warnings = status.projects.reduce((n, p) => n + p.warnings, 0);
    this.health.busy = false;
    this.health.text = status.projects.length === 0 ? 'nself: no project' : status.health === 'ok' ? '$(check) nself' : `$(warning) nself`;
    this.health.detail = status.projects.length === 0 ? 'outside nself projects' : `${env} · ${errors} errors, ${warnings} warnings · rules ${status.profile}`;
    this.health.severity =
      status.health === 'errors' ? vscode.LanguageStatusSeverity.Error : status.health === 'warnings' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  private renderState(state: 'starting' | 'running' | 'stopped'): void {
    if (state === 'starting') {
      this.health.busy = true;
      this.health.text = 'nself';
      this.health.detail = 'starting the language server';
    } else if (state === 'stopped') {
      this.health.busy = false;
      this.health.text = '$(error) nself';
      this.health.detail = 'language server stopped';
      this.health.severity = vscode.LanguageStatusSeverity.Error;
      this.health.command = { title: 'Restart', command: 'nself.restartServer' };
      return;
    }
    this.health.command = { title: 'Show Log', command: 'nself.showOutput' };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
