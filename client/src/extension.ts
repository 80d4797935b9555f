import type * as vscode from 'vscode';
import { NselfExtension } from './context';

let extension: NselfExtension | undefined;

export function activate(context: vscode.ExtensionContext): NselfExtension {
  extension = new NselfExtension(context);
  context.subscriptions.push(extension);
  extension.start();
  return extension;
}

export function deactivate(): Promise<void> | undefined {
  const client = extension?.client;
  extension = undefined;
  return client?.stop();
}
