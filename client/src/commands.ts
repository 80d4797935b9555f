import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { NselfExtension } from './context';

/**
 * The handler of every command, each wrapped once by the error reporter. The activation entry
 * registers the ids (so commands exist before this module loads) and calls these.
 */
export function commandHandlers(ext: NselfExtension): Record<string, (...args: unknown[]) => unknown> {
  const { errors } = ext;
  const wrap = <A extends unknown[]>(action: string, fn: (...args: A) => unknown) => errors.wrap(action, fn) as (...args: unknown[]) => unknown;
  return {
    [COMMANDS.selectEnvironment]: wrap('Switching environment', (env?: string | null) => ext.status.select(env)),
    [COMMANDS.previewCompose]: wrap('Previewing docker-compose.yml', (uri?: vscode.Uri) => ext.previews.open('compose', uri)),
    [COMMANDS.previewNginx]: wrap('Previewing nginx', (uri?: vscode.Uri) => ext.previews.open('nginx', uri)),
    [COMMANDS.previewKubernetes]: wrap('Previewing Kubernetes manifests', (uri?: vscode.Uri) => ext.previews.open('k8s', uri)),
    [COMMANDS.previewStack]: wrap('Previewing the Swarm stack file', (uri?: vscode.Uri) => ext.previews.open('stack', uri)),
    [COMMANDS.revealSecretsInPreview]: wrap('Revealing secrets', () => ext.previews.revealSecrets()),
    [COMMANDS.hideSecretsInPreview]: wrap('Hiding secrets', () => ext.previews.hideSecrets()),
    [COMMANDS.compareWithDisk]: wrap('Comparing with the file on disk', (uri?: vscode.Uri) => ext.previews.compareWithDisk(uri)),
    [COMMANDS.build]: wrap('Build', (arg?: vscode.Uri | object) => ext.builder.build(arg as never)),
    [COMMANDS.restartServer]: wrap('Restarting the language server', () => ext.client.restart()),
    [COMMANDS.showOutput]: wrap('Showing the log', () => ext.log.show()),
    [COMMANDS.refreshServices]: wrap('Refreshing the services', () => ext.services.refresh()),
    [COMMANDS.showOnlyProblems]: wrap('Filtering the services', () => ext.services.toggleProblems(true)),
    [COMMANDS.showAllServices]: wrap('Filtering the services', () => ext.services.toggleProblems(false)),
    [COMMANDS.startStack]: wrap('Start Stack', () => ext.stackActions.stack('start')),
    [COMMANDS.stopStack]: wrap('Stop Stack', () => ext.stackActions.stack('stop')),
    [COMMANDS.showStackLogs]: wrap('Stack Logs', () => ext.stackActions.showStackLogs()),
    [COMMANDS.startService]: wrap('Start Service', (node?: unknown) => ext.stackActions.service('start', node)),
    [COMMANDS.stopService]: wrap('Stop Service', (node?: unknown) => ext.stackActions.service('stop', node)),
    [COMMANDS.restartService]: wrap('Restart Service', (node?: unknown) => ext.stackActions.service('restart', node)),
    [COMMANDS.recreateService]: wrap('Recreate Service', (node?: unknown) => ext.stackActions.service('recreate', node)),
    [COMMANDS.showServiceLogs]: wrap('Show Logs', (node?: unknown) => ext.stackActions.showLogs(node)),
    [COMMANDS.openServiceInBrowser]: wrap('Open in Browser', (node?: unknown) => ext.stackActions.openInBrowser(node)),
    [COMMANDS.openServiceShell]: wrap('Open Shell', (node?: unknown) => ext.stackActions.openShell(node)),
    [COMMANDS.goToServiceDefinition]: wrap('Go to Definition', (node?: unknown) => ext.stackActions.goToDefinition(node)),
    [COMMANDS.openServiceFolder]: wrap('Open Service Folder', (node?: unknown) => ext.stackActions.openServiceFolder(node)),
    [COMMANDS.showSwarmServiceLogs]: wrap('Show Swarm Service Logs', (node?: unknown) => ext.services.swarm.showLogs(node)),
    [COMMANDS.refreshSwarmTarget]: wrap('Refreshing the swarm target', (node?: unknown) => ext.services.swarm.refresh(node as never)),
    [COMMANDS.deploy]: wrap('Deploy', (target?: unknown) => ext.deploy().deploy(target)),
    [COMMANDS.deployStaging]: wrap('Deploy to staging', () => ext.deploy().deploy(undefined, { targetName: 'staging' })),
    [COMMANDS.deployProduction]: wrap('Deploy to production', () => ext.deploy().deploy(undefined, { targetName: 'prod' })),
    [COMMANDS.planDeploy]: wrap('Plan deploy', (target?: unknown) => ext.deploy().deploy(target, { planOnly: true })),
    [COMMANDS.rollbackDeploy]: wrap('Rollback', (target?: unknown) => ext.deploy().rollback(target)),
    [COMMANDS.deployStatus]: wrap('Deploy status', (target?: unknown) => ext.deploy().status(target)),
    [COMMANDS.deployLogs]: wrap('Server logs', (target?: unknown) => ext.deploy().logs(target)),
    [COMMANDS.openDeployConfig]: wrap('Opening the target config', (target?: unknown) => ext.deploy().openConfig(target)),
    [COMMANDS.refreshEnvironments]: wrap('Refreshing environments', () => ext.deploy().view.refresh()),
  };
}
