import * as vscode from 'vscode';
import type { NselfExtension } from './context';

/**
 * Every command the extension contributes, by id. `package.json` declares the same ids; a test
 * checks that each one is registered.
 */
export const COMMANDS = {
  selectEnvironment: 'nself.selectEnvironment',
  previewCompose: 'nself.previewCompose',
  previewNginx: 'nself.previewNginx',
  previewKubernetes: 'nself.previewKubernetes',
  revealSecretsInPreview: 'nself.revealSecretsInPreview',
  hideSecretsInPreview: 'nself.hideSecretsInPreview',
  compareWithDisk: 'nself.compareWithDisk',
  build: 'nself.build',
  restartServer: 'nself.restartServer',
  showOutput: 'nself.showOutput',
} as const;

/** Registers the commands; each handler goes through the error reporter once. */
export function registerCommands(ext: NselfExtension): vscode.Disposable[] {
  const { errors } = ext;
  const register = <A extends unknown[]>(id: string, action: string, fn: (...args: A) => unknown) =>
    vscode.commands.registerCommand(id, errors.wrap(action, fn));
  return [
    register(COMMANDS.selectEnvironment, 'Switching environment', (env?: string | null) => ext.status.select(env)),
    register(COMMANDS.previewCompose, 'Previewing docker-compose.yml', (uri?: vscode.Uri) => ext.previews.open('compose', uri)),
    register(COMMANDS.previewNginx, 'Previewing nginx', (uri?: vscode.Uri) => ext.previews.open('nginx', uri)),
    register(COMMANDS.previewKubernetes, 'Previewing Kubernetes manifests', (uri?: vscode.Uri) => ext.previews.open('k8s', uri)),
    register(COMMANDS.revealSecretsInPreview, 'Revealing secrets', () => ext.previews.revealSecrets()),
    register(COMMANDS.hideSecretsInPreview, 'Hiding secrets', () => ext.previews.hideSecrets()),
    register(COMMANDS.compareWithDisk, 'Comparing with the file on disk', (uri?: vscode.Uri) => ext.previews.compareWithDisk(uri)),
    register(COMMANDS.build, 'Build', (arg?: vscode.Uri | object) => ext.builder.build(arg as never)),
    register(COMMANDS.restartServer, 'Restarting the language server', () => ext.client.restart()),
    register(COMMANDS.showOutput, 'Showing the log', () => ext.log.show()),
  ];
}
