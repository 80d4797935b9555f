import type * as vscode from 'vscode';
import { NselfExtension } from './context';

let extension: NselfExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<NselfExtension> {
  extension = new NselfExtension(context);
  context.subscriptions.push(extension);
  await extension.start();
  return extension;
}

export function deactivate(): Promise<void> | undefined {
  const client = extension?.client;
  extension = undefined;
  return client?.stop();
}
