import * as path from 'path';
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { NselfExtension } from './context';
import { whenNselfProject } from './projectWatch';

/** What `activate` returns: the whole extension, loaded on first need. */
export interface NselfApi {
  ready(): Promise<NselfExtension>;
}

/**
 * Activation only registers the commands and watches for an nself project. The language client,
 * previews and build (`dist/client.js`, most of the code) load when a project appears or a
 * command runs, so a workspace with an unrelated `.env` costs next to nothing.
 */
let loaded: NselfExtension | undefined;

export function activate(context: vscode.ExtensionContext): NselfApi {
  loaded = undefined;
  const ready = async (): Promise<NselfExtension> => {
    if (!loaded) {
      // A separate bundle, required at run time: esbuild leaves a computed path alone.
      const main: typeof import('./context') = require(path.join(__dirname, 'client.js'));
      loaded = new main.NselfExtension(context);
      context.subscriptions.push(loaded);
    }
    return loaded;
  };
  for (const id of Object.values(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => (await ready()).runCommand(id, args)));
  }
  context.subscriptions.push(whenNselfProject(async () => (await ready()).start()));
  // The Environments view: its provider (and the ssh/deploy bundle) load when it first shows.
  const environmentsChanged = new vscode.EventEmitter<undefined>();
  let forwarding = false;
  const environments = vscode.window.createTreeView<unknown>('nself.environments', {
    treeDataProvider: {
      getChildren: async (node?: unknown) => {
        const ext = await ready();
        await ext.start();
        const view = ext.deploy().view;
        if (!forwarding) {
          forwarding = true;
          context.subscriptions.push(view.onDidChangeTreeData(() => environmentsChanged.fire(undefined)));
        }
        return view.getChildren(node as never);
      },
      getTreeItem: (node: unknown) => loaded!.deploy().view.getTreeItem(node as never),
      onDidChangeTreeData: environmentsChanged.event,
    },
  });
  context.subscriptions.push(environmentsChanged);
  context.subscriptions.push(environments);
  return { ready };
}

/** Lets VS Code wait for the language server to shut down; everything else is in subscriptions. */
export function deactivate(): Promise<void> | undefined {
  const client = loaded?.client;
  loaded = undefined;
  return client?.stop();
}
