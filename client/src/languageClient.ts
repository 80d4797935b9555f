import { execFile } from 'child_process';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  EnvironmentsRequest,
  GenerateRequest,
  GetStatusRequest,
  ServiceModelRequest,
  SetActiveEnvironmentRequest,
  StatusNotification,
  type EnvironmentsResult,
  type GenerateParams,
  type GenerateResult,
  type InitializationOptions,
  type ServiceModelParams,
  type ServiceModelResult,
  type StatusParams,
} from '../../server/src/protocol';
import { readSettings, SECTION } from './config';

/**
 * Which documents the server sees. Our own language, VS Code's built-in `dotenv` (and other
 * extensions' ids for the same files) by file name, so that we never have to change a file's
 * language to work. The server itself ignores files outside nself projects.
 */
const ENV_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'nself-env' },
  { scheme: 'file', language: 'dotenv' },
  { scheme: 'file', pattern: '**/.env' },
  { scheme: 'file', pattern: '**/.env.*' },
  { scheme: 'file', pattern: '**/.environments/*/.env*' },
];

/**
 * The env files, and the deploy target files, nself 1.x's `.nself/control-plane.yaml` and 0.9's
 * `.environments/<name>/server.json` (whatever their language): the server judges their open
 * buffers instead of the disk, and answers nothing else for them.
 */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  ...ENV_SELECTOR,
  { scheme: 'file', pattern: '**/.nself/control-plane.yaml' },
  { scheme: 'file', pattern: '**/.environments/*/server.json' },
];

/** The env files as a VS Code selector, for language status items. */
export const VSCODE_SELECTOR: vscode.DocumentSelector = ENV_SELECTOR as vscode.DocumentFilter[];

/**
 * The language client and the typed nself requests. Other components never touch
 * vscode-languageclient: they call these methods and listen to `onStatus`.
 */
export class NselfLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly statusEmitter = new vscode.EventEmitter<StatusParams>();
  private readonly stateEmitter = new vscode.EventEmitter<'starting' | 'running' | 'stopped'>();
  /** Fired for every `nself/status` from the server (and after a restart). */
  readonly onStatus = this.statusEmitter.event;
  readonly onState = this.stateEmitter.event;
  /** The last status the server sent. */
  status: StatusParams | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    /** Called whenever a (re)started server is ready, e.g. to send the session environment again. */
    private readonly onReady: () => Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.stateEmitter.fire('starting');
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = {
      nselfVersion: await detectNselfVersion(),
      settings: readSettings(),
      // Informational: the server runs no program (it reads git's index file instead of running git).
      trusted: vscode.workspace.isTrusted,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      // The server pulls `nself.*` with workspace/configuration; this makes the client tell it when to.
      synchronize: { configurationSection: SECTION },
      initializationOptions,
      outputChannel: this.log,
      // Errors reach the user through our own reporter; the client's popups would be duplicates.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    const client = new LanguageClient('nself', 'nself Language Server', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.stateEmitter.fire('running');
      else if (e.newState === State.Stopped) this.stateEmitter.fire('stopped');
    });
    client.onNotification(StatusNotification, (status) => this.setStatus(status));
    await client.start();
    this.setStatus(await client.sendRequest(GetStatusRequest));
    await this.onReady();
  }

  /** Restarts a running server; a server that was never started (no nself project yet) stays off. */
  async restart(): Promise<void> {
    if (!this.client) return;
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.needsStop()) await client.stop();
    this.stateEmitter.fire('stopped');
  }

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  private require(): LanguageClient {
    if (!this.client || this.client.state !== State.Running) throw new Error('the nself language server is not running (run "nself: Restart Language Server")');
    return this.client;
  }

  private setStatus(status: StatusParams): void {
    this.status = status;
    this.statusEmitter.fire(status);
  }

  /** Sets (or with `null` clears) the session's active environment; the server answers the new status. */
  async setActiveEnvironment(environment: string | null): Promise<StatusParams> {
    const status = await this.require().sendRequest(SetActiveEnvironmentRequest, { environment });
    this.setStatus(status);
    return status;
  }

  environments(root?: string): Promise<EnvironmentsResult> {
    return Promise.resolve(this.require().sendRequest(EnvironmentsRequest, { root }));
  }

  serviceModel(params: ServiceModelParams, token?: vscode.CancellationToken): Promise<ServiceModelResult> {
    return Promise.resolve(this.require().sendRequest(ServiceModelRequest, params, token));
  }

  generate(params: GenerateParams, token?: vscode.CancellationToken): Promise<GenerateResult> {
    return Promise.resolve(this.require().sendRequest(GenerateRequest, params, token));
  }

  dispose(): void {
    void this.stop();
    this.statusEmitter.dispose();
    this.stateEmitter.dispose();
  }
}

/**
 * `nself version` for profile `auto`: only in a trusted workspace (a workspace could put its own
 * `nself` first on PATH through a terminal profile or env), without a shell, bounded in time.
 */
function detectNselfVersion(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted || readSettings().profile !== 'auto') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('nself', ['version'], { timeout: 2000, windowsHide: true, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) => {
      resolve(error ? undefined : /\d+\.\d+\.\d+/.exec(String(stdout))?.[0]);
    });
  });
}
