// `npm start`: build the extension and open the demo workspace in an editor that loads it
// from source.
//   - With desktop VS Code (`code` on PATH): code --extensionDevelopmentPath=<repo> examples/demo
//   - Otherwise: installs code-server into .cache/ on first use (no network beyond npm/apt),
//     serves it on 127.0.0.1 and prints the URL; runs until Ctrl-C.
//
//   npm start [-- --no-build] [--workspace DIR] [--port N] [--code-server]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer, ensureCodeServer, freePort, repoRoot } from './editor/codeServer.mjs';
import { createServer } from 'node:net';

const { values: args } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    workspace: { type: 'string', default: join(repoRoot, 'examples/demo') },
    port: { type: 'string' },
    'code-server': { type: 'boolean', default: false },
  },
});

const say = (m) => console.log(`[start] ${m}`);

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function portIsFree(port) {
  return new Promise((ok) => {
    const srv = createServer();
    srv.once('error', () => ok(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
  });
}

async function main() {
  const workspace = resolve(args.workspace);
  if (!existsSync(workspace)) {
    console.error(`workspace not found: ${workspace}`);
    return 1;
  }
  if (!args['no-build']) {
    say('npm run build');
    const b = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (b.status !== 0) {
      console.error('build failed; not starting the editor');
      return b.status || 1;
    }
  }

  if (!args['code-server'] && onPath('code')) {
    say(`code --extensionDevelopmentPath=${repoRoot} ${workspace}`);
    const r = spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
    return r.status ?? 1;
  }

  say('`code` is not on PATH; using code-server (installed into .cache/ on first use)');
  ensureCodeServer();
  // A stable port is friendlier for a bookmark; fall back to any free one.
  const port = args.port ? Number(args.port) : (await portIsFree(8080)) ? 8080 : await freePort();
  const cs = await startCodeServer({
    workspace,
    extensionDevelopmentPath: repoRoot,
    port,
    log: say,
  });
  console.log('');
  console.log('  Open this URL in a browser (the nself extension loads from source):');
  console.log(`  ${cs.workbenchUrl}`);
  console.log('');
  console.log('  Use 127.0.0.1 exactly as printed: the extension path in the URL names that host.');
  console.log('  After `npm run build`, reload the page (or run "Developer: Reload Window").');
  console.log('  Press Ctrl-C to stop.');
  // Stay alive until Ctrl-C; codeServer.mjs stops the server on SIGINT/SIGTERM.
  cs.process.on('exit', (code) => {
    if (cs.stopping) return;
    console.error(`code-server exited unexpectedly (${code})`);
    process.exit(1);
  });
  await new Promise(() => {});
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(String(err?.stack ?? err));
    process.exit(1);
  },
);
