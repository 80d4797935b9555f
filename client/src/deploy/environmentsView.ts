/**
 * The Environments view (`nself.environments`): every deploy target of every project, with host,
 * path and (once expanded, over ssh) the last deploy. Actions sit on the items (`contextValue`
 * `nself.target`). The tree renders what it is given; the deploy UI computes it.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { DeployTarget } from '../../../server/src/core/deploy/targets';
import type { TargetRef } from './deployUi';

type Node = { kind: 'project'; root: string; targets: DeployTarget[]; problems: number } | { kind: 'target'; ref: TargetRef; target: DeployTarget } | { kind: 'info'; text: string; icon: string };

export class EnvironmentsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly last = new Map<string, string>();

  constructor(
    private readonly list: () => { root: string; targets: DeployTarget[]; problems: number }[],
    private readonly lastDeploy: (ref: TargetRef) => Promise<string>,
  ) {}

  refresh(): void {
    this.last.clear();
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: Node): Node[] | Promise<Node[]> {
    if (!node) {
      const projects = this.list();
      if (projects.length === 1) return this.targetsOf(projects[0]!);
      return projects.map((p) => ({ kind: 'project', ...p }));
    }
    if (node.kind === 'project') return this.targetsOf(node);
    if (node.kind === 'target') return this.details(node);
    return [];
  }

  private targetsOf(p: { root: string; targets: DeployTarget[]; problems: number }): Node[] {
    const out: Node[] = p.targets.map((t) => ({ kind: 'target', ref: { root: p.root, name: t.name }, target: t }));
    if (p.problems) out.push({ kind: 'info', text: `${p.problems} problem(s) in the target files: see Problems`, icon: 'warning' });
    return out;
  }

  private async details(node: { ref: TargetRef; target: DeployTarget }): Promise<Node[]> {
    const key = `${node.ref.root}\0${node.ref.name}`;
    let text = this.last.get(key);
    if (text === undefined) {
      text = await this.lastDeploy(node.ref).catch((e: Error) => `not reachable: ${e.message}`);
      this.last.set(key, text);
    }
    const t = node.target;
    return [
      { kind: 'info', text: `host ${t.user ? t.user + '@' : ''}${t.host}:${t.port}`, icon: 'remote' },
      { kind: 'info', text: `path ${t.path}`, icon: 'folder' },
      { kind: 'info', text: `last deploy: ${text}`, icon: 'history' },
    ];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'project') {
      const item = new vscode.TreeItem(path.basename(node.root), vscode.TreeItemCollapsibleState.Expanded);
      // Stable ids: a refresh (after a deploy) keeps what the user expanded.
      item.id = `project:${node.root}`;
      item.iconPath = new vscode.ThemeIcon('folder');
      item.tooltip = node.root;
      return item;
    }
    if (node.kind === 'info') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
    const t = node.target;
    const item = new vscode.TreeItem(t.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `target:${node.ref.root}#${t.name}`;
    item.description = `${t.host}:${t.path}`;
    item.tooltip = new vscode.MarkdownString(`**${t.name}**${t.production ? ' (production)' : ''}\n\n${t.user ? t.user + '@' : ''}${t.host}:${t.port} \`${t.path}\`\n\nfrom ${t.source.format}`);
    item.iconPath = new vscode.ThemeIcon(t.production ? 'server-environment' : 'server');
    item.contextValue = t.production ? 'nself.target.production' : 'nself.target';
    return item;
  }
}
