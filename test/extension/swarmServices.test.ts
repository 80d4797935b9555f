/**
 * The Services view shows a Docker Swarm target, in the real editor against a real one-node
 * swarm: the extension host runs as root with node, so the test starts a private swarm itself
 * (test/helpers/privateSwarm.ts: its own dockerd, bridges and folders, removed at the end),
 * deploys a 3-replica stack, and reads the tree: the target node, `3/3`, the tasks, a log pane
 * across the tasks with the secret masked, and a manager that cannot be reached.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ServiceNode } from '../../client/src/stack/servicesView';
import { PATIENCE } from '../helpers/patience';
import { privateSwarmUnavailable, startPrivateSwarm, type PrivateSwarm } from '../helpers/privateSwarm';
import { VIEW_TOKEN, viewStackFile } from '../helpers/swarmFixture';
import { nself, openDoc, waitFor, waitForProject } from './helpers';

describe('nself: Services view shows a swarm target (real one-node swarm)', function () {
  this.timeout(PATIENCE.build * 2);
  let swarm: PrivateSwarm | undefined;
  let dir: string | undefined;
  let stack = '';

  before(async function () {
    const missing = privateSwarmUnavailable();
    if (missing) {
      if (process.env.NSELF_REQUIRE_REAL_TOOLS === '1') throw new Error(`REAL TOOL MISSING: ${missing}`);
      console.warn(`!!! SKIPPED: a private swarm cannot start here: ${missing}`);
      this.skip();
    }
    swarm = await startPrivateSwarm();
    stack = `nswv${swarm.id}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-swarm-view-'));
    fs.writeFileSync(path.join(dir, '.env'), [`PROJECT_NAME=${stack}`, 'BASE_DOMAIN=localhost', `POSTGRES_PASSWORD=${VIEW_TOKEN}`, ''].join('\n'));
    const target = (name: string, dockerHost: string) => {
      fs.mkdirSync(path.join(dir!, '.environments', name), { recursive: true });
      fs.writeFileSync(path.join(dir!, '.environments', name, 'server.json'), JSON.stringify({ name, host: '127.0.0.1', user: 'root', orchestrator: 'swarm', docker_host: dockerHost }, null, 2));
    };
    target('staging', swarm.host);
    target('lost', `unix://${dir}/no-such-engine.sock`);
    const file = path.join(dir, 'view-stack.yml');
    fs.writeFileSync(file, viewStackFile());
    const deployed = swarm.docker(['stack', 'deploy', '--detach=false', '-c', file, stack]);
    assert.ok(deployed.ok, deployed.stderr);
    await openDoc(vscode.Uri.file(path.join(dir, '.env')));
    await waitForProject(dir);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const t of vscode.window.terminals) if (t.name.startsWith('nself logs:') && t.name.includes(stack)) t.dispose();
    await swarm?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const label = (item: vscode.TreeItem) => String(typeof item.label === 'object' ? item.label.label : item.label);

  it('lists the target without asking the manager, then its services at 3/3 and the tasks once expanded', async () => {
    const ext = await nself();
    await vscode.commands.executeCommand('nself.services.focus');
    const views = ext.services;
    const targets = await waitFor('the swarm target nodes', async () => {
      const roots = await views.getChildren();
      const found = roots.filter((n) => n.type === 'swarm');
      return found.length === 2 && found;
    });
    assert.deepStrictEqual(targets.map((n) => label(views.getTreeItem(n))).sort(), ['lost — swarm', 'staging — swarm']);
    assert.strictEqual(views.swarm.reads, 0, 'no docker traffic before a swarm node is expanded');
    assert.strictEqual(views.swarm.polling, false);
    const staging = targets.find((n) => label(views.getTreeItem(n)) === 'staging — swarm')!;
    assert.strictEqual(views.getTreeItem(staging).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    // Expanding = VS Code asking for the children; the service converges on its own schedule.
    const services = await waitFor(
      'app at 3/3',
      async () => {
        await views.swarm.refresh(staging as never);
        const list = await views.getChildren(staging);
        const app = list.find((n) => n.type === 'swarmService' && n.row.shortName === 'app');
        return app && views.getTreeItem(app).description === '3/3' && list;
      },
      PATIENCE.build,
    );
    assert.ok(views.swarm.polling, 'polls while the node is expanded and the view visible');
    const item = (n: ServiceNode) => views.getTreeItem(n);
    assert.deepStrictEqual(services.map((n) => [label(item(n)), item(n).description, (item(n).iconPath as vscode.ThemeIcon).id, item(n).contextValue]), [
      ['app', '3/3', 'pass-filled', 'nselfSwarmService'],
      ['side', '1/1', 'pass-filled', 'nselfSwarmService'],
    ]);
    assert.match(String(item(staging).description), new RegExp(`^${stack} · 2 services$`));
    const tasks = await views.getChildren(services[0]);
    assert.deepStrictEqual(tasks.map((n) => label(item(n))), ['slot 1', 'slot 2', 'slot 3']);
    assert.ok(tasks.every((n) => /^running .* ago on \S+$/.test(String(item(n).description))), tasks.map((n) => item(n).description).join('\n'));
  });

  it('Show Swarm Service Logs follows all three tasks in a pane, the secret masked', async () => {
    const ext = await nself();
    const views = ext.services;
    const staging = (await views.getChildren()).find((n) => n.type === 'swarm' && n.target.name === 'staging')!;
    const app = (await views.getChildren(staging)).find((n) => n.type === 'swarmService' && n.row.shortName === 'app')!;
    await vscode.commands.executeCommand('nself.showSwarmServiceLogs', app);
    const pane = views.swarm.showLogs(app);
    assert.ok(vscode.window.terminals.some((t) => t.name === `nself logs: ${stack}_app (staging)`));
    const hosts = () => new Set(pane.lines.map((l) => /hello-from-(\S+)/.exec(l)?.[1]).filter(Boolean));
    await waitFor('lines of all three tasks', () => hosts().size === 3);
    const text = pane.lines.join('\n');
    assert.ok(!text.includes(VIEW_TOKEN), 'the secret is masked');
    assert.match(text, new RegExp(`${stack}_app\\.\\d\\.\\w+@\\S+\\s+\\| hello-from-\\S+ token=`));
  });

  it('a manager that cannot be reached is a child item with the message', async () => {
    const ext = await nself();
    const views = ext.services;
    const lost = (await views.getChildren()).find((n) => n.type === 'swarm' && n.target.name === 'lost')!;
    const children = await views.getChildren(lost);
    assert.strictEqual(children.length, 1);
    const item = views.getTreeItem(children[0]!);
    assert.match(label(item), /^docker service ls: .*no-such-engine\.sock/);
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.match(String(item.tooltip), /Check that the engine runs/);
    assert.strictEqual(views.getTreeItem(lost).description, 'not reachable');
  });

  it('the Environments view\'s Status of a swarm target lists the stack\'s services as the Services view does', async () => {
    const lines = await vscode.commands.executeCommand<string[] | undefined>('nself.deployStatus', { ref: { root: dir, name: 'staging' } });
    assert.ok(lines, 'no status lines (see the nself log)');
    assert.match(lines[0]!, new RegExp(`^staging: Docker Swarm via ${swarm!.host.replace(/[/.]/g, '\\$&')}, stack ${stack}, 2 service\\(s\\)$`));
    assert.ok(lines.some((l) => /^ {2}app +3\/3\b/.test(l)), lines.join('\n'));
    assert.ok(!lines.join('\n').includes(VIEW_TOKEN));
  });
});
