import * as vscode from 'vscode';
import type { StackSnapshot } from '../../../server/src/node/docker/stackState';

/**
 * "nself 9/11 up" in the status bar once the stack state runs; warning colours when a service that
 * should run is not OK, error colours when the engine is away. Clicking reveals the Services view.
 */
export class StackStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nself.stack', vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = 'nself Stack';
    this.item.command = 'nself.services.focus';
  }

  update(s: StackSnapshot | undefined): void {
    if (!s) return this.item.hide();
    if (s.error) {
      this.item.text = '$(debug-disconnect) nself: no Docker';
      this.item.tooltip = `${s.error.problem.message}\n${s.error.problem.hint}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else {
      const { up, total, failed, pending } = s.summary;
      this.item.text = `${failed.length ? '$(warning)' : pending.length ? '$(sync~spin)' : '$(pass)'} nself ${up}/${total} up`;
      const names = (rows: { name: string; state: string }[]) => rows.map((r) => `${r.name} (${r.state})`).join(', ');
      this.item.tooltip = [`${up} of ${total} services up`, failed.length ? `not OK: ${names(failed)}` : '', pending.length ? `not yet: ${names(pending)}` : '', 'Click to show the Services view']
        .filter(Boolean)
        .join('\n');
      this.item.backgroundColor = failed.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
