import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, demoRoot, nself, waitFor } from './helpers';

describe('nself: activation and commands', () => {
  it('activates in the example project and starts the language server', async () => {
    const ext = await activeExtension();
    assert.ok(ext.isActive);
    // Other suites open temp copies of the example too (they may run first): look for the demo.
    const demo = await waitFor('a status with the example project', async () => (await nself()).client.status?.projects.find((p) => p.root === demoRoot()));
    assert.ok(demo.environments.includes('prod'), `environments: ${demo.environments.join(', ')}`);
    assert.ok(demo.targets.includes('prod'), `targets: ${demo.targets.join(', ')}`);
  });

  it('registers every command package.json contributes, and no undeclared nself command', async () => {
    const ext = await activeExtension();
    const declared: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(declared.length >= 10, `only ${declared.length} commands declared`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], 'declared but not registered');
    // VS Code adds `<view id>.focus`, `.resetViewLocation`… for each contributed view.
    const views: string[] = Object.values(ext.packageJSON.contributes?.views ?? {}).flatMap((list) => (list as { id: string }[]).map((v) => v.id));
    const containers: string[] = (ext.packageJSON.contributes?.viewsContainers?.activitybar ?? []).map((c: { id: string }) => `workbench.view.extension.${c.id}`);
    const generated = (c: string) => views.some((v) => c.startsWith(v + '.')) || containers.some((v) => c.startsWith(v));
    const undeclared = [...registered].filter((c) => c.startsWith('nself.') && !declared.includes(c) && !generated(c));
    assert.deepStrictEqual(undeclared, [], 'registered but not declared in package.json');
  });

  it('declares every command with the nself category and a codicon', async () => {
    const ext = await activeExtension();
    for (const c of ext.packageJSON.contributes.commands as { command: string; category?: string; icon?: string }[]) {
      assert.strictEqual(c.category, 'nself', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, c.command);
    }
  });

  it('does not change the language of .env files it did not claim', async () => {
    const ext = await activeExtension();
    // The selector covers VS Code's own `dotenv` too, so nothing has to force `nself-env`.
    const langs = await vscode.languages.getLanguages();
    assert.ok(langs.includes('nself-env'));
    assert.ok(ext.packageJSON.capabilities?.untrustedWorkspaces?.supported === 'limited');
  });
});
