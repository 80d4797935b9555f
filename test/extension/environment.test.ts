import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, demoFile, lineOf, nself, nselfDiagnostics, openDoc, waitFor } from './helpers';
import { PATIENCE } from '../helpers/patience';

describe('nself: active environment', function () {
  this.timeout(PATIENCE.build);
  after(async () => {
    // Back to following the setting, whatever happened.
    await vscode.commands.executeCommand('nself.selectEnvironment', null);
  });

  it('re-validates shared files for the picked environment (REDIS_PASSWORD too short for prod)', async () => {
    await activeExtension();
    const env = await openDoc(demoFile('.env'));
    const envCodes = () => nselfDiagnostics(env.uri).map((d) => `${d.range.start.line}:${String(typeof d.code === 'object' ? d.code.value : d.code)}`).sort().join(' ');
    const secrets = await openDoc(demoFile('.env.secrets'));
    const line = lineOf(secrets, 'REDIS_PASSWORD=');
    const onLine = () => nselfDiagnostics(secrets.uri).filter((d) => d.range.start.line === line);

    await vscode.commands.executeCommand('nself.selectEnvironment', 'dev');
    await waitFor('dev to be active', async () => (await nself()).client.status?.activeEnvironment === 'dev');
    // Let the re-validation for dev land, then check the line is clean in dev.
    await waitFor('dev diagnostics on .env.secrets', () => onLine().length === 0);
    const devCodes = await waitFor('dev diagnostics on .env', () => envCodes());

    await vscode.commands.executeCommand('nself.selectEnvironment', 'prod');
    const status = await waitFor('prod to be active', async () => {
      const s = (await nself()).client.status;
      return s?.activeEnvironment === 'prod' ? s : undefined;
    });
    assert.strictEqual(status.projects[0]?.activeEnvironment, 'prod');
    const prodDiags = await waitFor('a prod-only diagnostic on REDIS_PASSWORD', () => (onLine().length > 0 ? onLine() : undefined));
    console.log(`[environment] prod: ${prodDiags.map((d) => d.message).join(' | ')}`);
    // The shared .env is judged for prod too (frontend apps are not deployed to prod, so the
    // frontend/custom-service port clash of dev goes away).
    const prodCodes = await waitFor('.env diagnostics to change for prod', () => (envCodes() !== devCodes ? envCodes() : undefined));
    console.log(`[environment] .env dev: ${devCodes} | prod: ${prodCodes}`);

    await vscode.commands.executeCommand('nself.selectEnvironment', null);
    await waitFor('the setting (dev) to be active again', async () => (await nself()).client.status?.activeEnvironment === 'dev');
    await waitFor('the prod-only diagnostic to go away', () => onLine().length === 0);
  });

  it('does not write settings when the environment is picked', async () => {
    await vscode.commands.executeCommand('nself.selectEnvironment', 'staging');
    await waitFor('staging to be active', async () => (await nself()).client.status?.activeEnvironment === 'staging');
    const inspected = vscode.workspace.getConfiguration('nself').inspect<string>('environment');
    assert.strictEqual(inspected?.workspaceValue, undefined);
    assert.strictEqual(inspected?.workspaceFolderValue, undefined);
    assert.strictEqual(inspected?.globalValue, undefined);
  });
});
