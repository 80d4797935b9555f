// Start/stop code-server (VS Code 1.100.3 served to a browser, with the real Node extension
// host) for tests and the demo. Library + CLI:
//
//   import { startCodeServer } from './codeServer.mjs';
//   const cs = await startCodeServer({ workspace, extensionDevelopmentPath, extensionTestsPath });
//   ... open cs.workbenchUrl in Chromium ...
//   await cs.stop();
//
//   node scripts/editor/codeServer.mjs [--workspace DIR] [--dev PATH] [--tests FILE]
//        [--vsix FILE]... [--port N] [--keep]          (runs until Ctrl-C)
//
// Every run gets a fresh user-data-dir and extensions-dir under .cache/editor-runs/ so runs
// never see each other's state; they are deleted on stop() unless `keep` is set.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import http from 'node:http';

export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.100.3';
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const cacheDir = process.env.NSELF_CACHE_DIR || join(repoRoot, '.cache');
export const codeServerDir = join(cacheDir, 'code-server');
export const codeServerEntry = join(codeServerDir, 'node_modules/code-server/out/node/entry.js');
const installScript = join(repoRoot, 'scripts/editor/installCodeServer.sh');

/** Settings that keep a scripted workbench quiet and deterministic. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

export function isCodeServerInstalled() {
  return existsSync(join(codeServerDir, `.installed-${CODE_SERVER_VERSION}`)) && existsSync(codeServerEntry);
}

/** Installs code-server into .cache/ when missing (slow the first time, a no-op after). */
export function ensureCodeServer({ install = true } = {}) {
  if (isCodeServerInstalled()) return;
  if (!install) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed; run ${installScript}`);
  }
  const r = spawnSync('bash', [installScript], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !isCodeServerInstalled()) {
    throw new Error(`installing code-server failed (exit ${r.status}); see output above`);
  }
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** A file on the server as the browser workbench names it (remote authority = host:port). */
export function remoteUri(port, absPath) {
  const p = resolve(absPath).split('/').map(encodeURIComponent).join('/');
  return `vscode-remote://127.0.0.1:${port}${p}`;
}

/**
 * The workbench URL. When extensionDevelopmentPath/extensionTestsPath are given they go in
 * the `payload` query, which is how the web workbench receives what the desktop gets as
 * command-line flags: the extension then loads from source into the server's Node host.
 */
export function workbenchUrl({ port, workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const url = new URL(`http://127.0.0.1:${port}/`);
  if (workspace) url.searchParams.set('folder', resolve(workspace));
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  if (payload.length) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** The environment for code-server: ours, minus anything that would make it talk to an
 *  enclosing VS Code (VSCODE_IPC_HOOK_CLI turns `code-server` into a remote-control CLI). */
function serverEnv(extra, runDir) {
  const env = { ...process.env, ...extra };
  // Keep code-server from creating/reading ~/.config/code-server/config.yaml.
  if (runDir) env.CODE_SERVER_CONFIG = join(runDir, 'config.yaml');
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_')) delete env[k];
  return env;
}

/** Installs a .vsix into an extensions dir (code-server runs this and exits). */
export function installVsix({ vsix, extensionsDir, userDataDir, runDir, log = () => {} }) {
  const file = resolve(vsix);
  if (!existsSync(file)) throw new Error(`vsix not found: ${file}`);
  log(`installing ${file}`);
  const r = spawnSync(
    process.execPath,
    [codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', file, '--force'],
    { encoding: 'utf8', env: serverEnv({}, runDir), stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || /Failed Installing/i.test(out)) {
    throw new Error(`code-server --install-extension ${file} failed (exit ${r.status}):\n${out}`);
  }
  log(out.trim());
}

/** Deletes run folders older than a day: left by --keep or by a run that was SIGKILLed. */
export function pruneOldRuns(parent) {
  let names = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(parent, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > 24 * 3600 * 1000) rmSync(p, { recursive: true, force: true });
    } catch {
      // Another run is cleaning up the same folder.
    }
  }
}

const live = new Set();
let exitHooked = false;
function hookProcessExit() {
  if (exitHooked) return;
  exitHooked = true;
  // Last resort: never leave a code-server (or its extension host) behind us.
  process.on('exit', () => {
    for (const s of live) s.killNow();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      await Promise.allSettled([...live].map((s) => s.stop()));
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

function get(url) {
  return new Promise((ok, fail) => {
    const req = http.get(url, (res) => {
      res.resume();
      ok(res.statusCode);
    });
    req.on('error', fail);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts code-server and resolves once it answers HTTP.
 * @param {object} o
 * @param {string} [o.workspace] folder to open
 * @param {string} [o.extensionDevelopmentPath] extension folder to load from source (via the URL payload)
 * @param {string} [o.extensionTestsPath] test module whose run() the host executes (via the URL payload)
 * @param {string|string[]} [o.vsix] packaged extension(s) to --install-extension first
 * @param {number} [o.port] fixed port (default: a free one)
 * @param {object} [o.env] extra environment for the server and its extension host
 * @param {object} [o.settings] user settings merged over the quiet defaults
 * @param {boolean} [o.keep] keep the run folder (user data, logs) after stop()
 * @param {boolean} [o.install] install code-server when missing (default true)
 * @param {(msg: string) => void} [o.log]
 * @param {number} [o.startTimeoutMs]
 */
export async function startCodeServer(o = {}) {
  const log = o.log ?? (() => {});
  ensureCodeServer({ install: o.install ?? true });
  hookProcessExit();

  pruneOldRuns(join(cacheDir, 'editor-runs'));
  const runDir = join(cacheDir, 'editor-runs', `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`);
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...o.settings }, null, 2));

  try {
    for (const v of [o.vsix ?? []].flat()) installVsix({ vsix: v, extensionsDir, userDataDir, runDir, log });
  } catch (err) {
    if (!o.keep) rmSync(runDir, { recursive: true, force: true });
    throw err;
  }

  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = o.port ?? (await freePort());
    try {
      const handle = await launch({ ...o, port, runDir, userDataDir, extensionsDir, log });
      return handle;
    } catch (err) {
      lastError = err;
      // Only a lost race for the port is worth retrying.
      if (o.port || !/EADDRINUSE/.test(String(err?.message))) break;
    }
  }
  if (!o.keep) rmSync(runDir, { recursive: true, force: true });
  throw lastError;
}

async function launch({ port, runDir, userDataDir, extensionsDir, log, ...o }) {
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  if (o.workspace) args.push(resolve(o.workspace));

  const logFile = join(runDir, 'code-server.log');
  let output = '';
  // Detached = own process group, so stop() can take the extension host and ptys with it.
  const child = spawn(process.execPath, args, {
    cwd: o.workspace ? resolve(o.workspace) : repoRoot,
    env: serverEnv(o.env, runDir),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (buf) => {
    const s = buf.toString();
    output += s;
    if (output.length > 1_000_000) output = output.slice(-500_000);
    if (process.env.NSELF_EDITOR_DEBUG) process.stderr.write(`[code-server] ${s}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(handle);
      r(exited);
    }),
  );

  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  let stopping;
  const handle = {
    port,
    url: `http://127.0.0.1:${port}/`,
    workbenchUrl: workbenchUrl({
      port,
      workspace: o.workspace,
      extensionDevelopmentPath: o.extensionDevelopmentPath,
      extensionTestsPath: o.extensionTestsPath,
    }),
    runDir,
    userDataDir,
    extensionsDir,
    process: child,
    /** Everything code-server printed so far. */
    output: () => output,
    killNow: () => killGroup('SIGKILL'),
    /** True once stop() was called (an exit after that is expected). */
    get stopping() {
      return stopping !== undefined;
    },
    stop() {
      stopping ??= (async () => {
        try {
          writeFileSync(logFile, output);
        } catch {
          // Run folder may already be gone.
        }
        if (!exited) {
          killGroup('SIGTERM');
          const t = sleep(5000).then(() => 'timeout');
          if ((await Promise.race([exitPromise, t])) === 'timeout') killGroup('SIGKILL');
        }
        // The group may still hold the extension host even after the server exited.
        killGroup('SIGKILL');
        live.delete(handle);
        if (!o.keep) rmSync(runDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  live.add(handle);

  // Seconds when the machine is quiet, minutes when it is busy: wait for /healthz, generously bounded.
  const deadline = Date.now() + (o.startTimeoutMs ?? 300_000);
  for (;;) {
    if (exited) {
      await handle.stop();
      throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${output.slice(-4000)}`);
    }
    try {
      const status = await get(`http://127.0.0.1:${port}/healthz`);
      if (status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`code-server did not answer on port ${port} in time:\n${output.slice(-4000)}`);
    }
    await sleep(200);
  }
  log(`code-server ${CODE_SERVER_VERSION} listening on ${handle.url}`);
  return handle;
}

// ---- CLI -------------------------------------------------------------------------------
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      dev: { type: 'string' },
      tests: { type: 'string' },
      vsix: { type: 'string', multiple: true },
      port: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(0, 14).join('\n'));
    process.exit(0);
  }
  try {
    const cs = await startCodeServer({
      workspace: values.workspace,
      extensionDevelopmentPath: values.dev,
      extensionTestsPath: values.tests,
      vsix: values.vsix,
      port: values.port ? Number(values.port) : undefined,
      keep: values.keep,
      log: (m) => console.log(`[codeServer] ${m}`),
    });
    console.log(`Open: ${cs.workbenchUrl}`);
    console.log('Press Ctrl-C to stop.');
    await new Promise(() => {});
  } catch (err) {
    console.error(String(err?.message ?? err));
    process.exit(1);
  }
}
