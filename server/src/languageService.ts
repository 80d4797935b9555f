import * as path from 'path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { getCodeActions, REFACTOR_MOVE } from './features/codeActions';
import { doComplete, resolveCompletion } from './features/completion';
import { findDefinition } from './features/definition';
import { DeployFileDiagnostics } from './features/deployFileDiagnostics';
import { DiagnosticsFeature } from './features/diagnostics';
import { getFoldingRanges } from './features/folding';
import { doHover } from './features/hover';
import { getInlayHints } from './features/inlayHints';
import { getDocumentLinks } from './features/links';
import { findReferences } from './features/references';
import { doRename, prepareRename } from './features/rename';
import { getEnvironments, getServiceModel, doGenerate } from './features/serviceModel';
import { StatusFeature } from './features/status';
import { getDocumentSymbols } from './features/symbols';
import {
  EnvironmentsRequest,
  GenerateRequest,
  GetStatusRequest,
  ServiceModelRequest,
  SetActiveEnvironmentRequest,
  type InitializationOptions,
} from './protocol';
import { uriToPath } from './service/convert';
import { canonicalEnv } from './core/project';
import { DiskWatcher } from './service/diskWatcher';
import { ErrorBoundary, invalidParams } from './service/errors';
import * as P from './service/params';
import { Session } from './service/session';
import { normalizeSettings } from './settings';

/**
 * Wires the LSP connection to the features: document sync, settings, watched files, and one
 * handler per feature, each wrapped once by the error boundary.
 */
export class LanguageService {
  private readonly session = new Session();
  private readonly errors: ErrorBoundary;
  private readonly diagnostics: DiagnosticsFeature;
  private readonly deployFiles: DeployFileDiagnostics;
  private readonly status: StatusFeature;
  private initialSettings: unknown;
  /** Server-side file watching, only for clients that cannot register watchers dynamically. */
  private diskWatcher: DiskWatcher | undefined;

  constructor(private readonly connection: Connection) {
    this.errors = new ErrorBoundary(connection);
    this.status = new StatusFeature(this.session, connection, this.errors, (root) => {
      const env = this.diagnostics.health(root);
      const deploy = this.deployFiles.health(root);
      return { errors: env.errors + deploy.errors, warnings: env.warnings + deploy.warnings };
    });
    this.diagnostics = new DiagnosticsFeature(this.session, connection, this.errors, () => this.status.schedule());
    this.deployFiles = new DeployFileDiagnostics(this.session, connection, this.errors, () => this.status.schedule());
    this.session.onGitChange = () => this.diagnostics.scheduleAll();
  }

  listen(): void {
    const { connection: c, errors: e, session: s } = this;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(e.notification('initialized', () => this.initialized()));
    c.onShutdown(() => {
      this.diskWatcher?.dispose();
      this.deployFiles.dispose();
    });

    c.onDidOpenTextDocument(
      e.notification('didOpen', ({ textDocument: d }) => {
        const model = s.workspace.open(d.uri, d.languageId, d.version, d.text);
        this.diagnostics.schedule(model, { cascade: true, delay: 0 });
        // A document may bring a new project, whose deploy target files are then judged too.
        this.deployFiles.schedule();
        this.status.schedule();
        this.diskWatcher?.sync();
      }, P.didOpenParams),
    );
    c.onDidChangeTextDocument(
      e.notification('didChange', ({ textDocument, contentChanges }) => {
        const model = s.workspace.change(textDocument.uri, textDocument.version, contentChanges);
        if (!model) return;
        // An edit to `.env` can make a folder an nself root or stop it being one.
        if (model.path && s.workspace.isRootHint(model.path)) {
          this.diagnostics.scheduleAll(s.settings.diagnostics.debounceMs);
          this.deployFiles.schedule(s.settings.diagnostics.debounceMs);
        } else this.diagnostics.schedule(model, { cascade: true });
        if (model.kind !== 'env') this.deployFiles.schedule(s.settings.diagnostics.debounceMs);
      }, P.didChangeParams),
    );
    c.onDidCloseTextDocument(
      e.notification('didClose', ({ textDocument }) => {
        const model = s.workspace.close(textDocument.uri);
        this.diagnostics.forget(textDocument.uri);
        // The buffer is gone: the rest of the project now reads the file from disk again.
        if (model?.path) this.diagnostics.scheduleAll();
        // A closed deploy target file is judged from the disk again (the buffer may not have been saved).
        this.deployFiles.schedule();
        this.diskWatcher?.sync();
      }, P.didCloseParams),
    );
    c.onDidChangeWatchedFiles(
      e.notification('didChangeWatchedFiles', ({ changes }) => {
        for (const change of changes) {
          const file = uriToPath(change.uri);
          if (file) s.workspace.changed(file);
        }
        this.diagnostics.scheduleAll();
        this.deployFiles.schedule();
        this.status.schedule();
      }),
    );
    c.onDidChangeConfiguration(e.notification('didChangeConfiguration', (params) => this.reloadSettings(params.settings)));

    c.onCompletion(e.request('completion', P.documentPositionParams, (p) => doComplete(s, p)));
    c.onCompletionResolve(e.request('completionItem/resolve', P.completionItemParams, (item) => resolveCompletion(s, item)));
    c.onHover(e.request('hover', P.documentPositionParams, (p) => doHover(s, p)));
    c.onCodeAction(e.request('codeAction', P.codeActionParams, (p) => getCodeActions(s, this.diagnostics, p)));
    c.onDocumentSymbol(e.request('documentSymbol', P.documentParams, (p) => getDocumentSymbols(s, p)));
    c.onDefinition(e.request('definition', P.documentPositionParams, (p) => findDefinition(s, p)));
    c.onReferences(e.request('references', P.documentPositionParams, (p) => findReferences(s, p)));
    c.onPrepareRename(e.request('prepareRename', P.documentPositionParams, (p) => prepareRename(s, p)));
    c.onRenameRequest(e.request('rename', P.renameParams, (p) => doRename(s, p)));
    c.onDocumentLinks(e.request('documentLink', P.documentParams, (p) => getDocumentLinks(s, p)));
    c.languages.inlayHint.on(e.request('inlayHint', P.documentRangeParams, (p) => getInlayHints(s, p)));
    c.onFoldingRanges(e.request('foldingRange', P.documentParams, (p) => getFoldingRanges(s, p)));

    c.onRequest(ServiceModelRequest, e.request('nself/serviceModel', P.serviceModelParams.optional(), (p) => getServiceModel(s, p)));
    c.onRequest(GenerateRequest, e.request('nself/generate', P.generateParams, (p) => doGenerate(s, p)));
    c.onRequest(EnvironmentsRequest, e.request('nself/environments', P.environmentsParams, (p) => getEnvironments(s, p)));
    c.onRequest(GetStatusRequest, e.request('nself/getStatus', undefined, () => this.status.compute()));
    c.onRequest(
      SetActiveEnvironmentRequest,
      e.request('nself/setActiveEnvironment', P.setActiveEnvironmentParams, (p) => {
        const name = p?.environment ?? undefined;
        if (name !== undefined && (typeof name !== 'string' || (!canonicalEnv(name) && !s.workspace.allProjects().some((project) => project.targets().some((t) => t.name === name))))) {
          throw invalidParams(`${JSON.stringify(name)} is neither an environment name nor a deploy target`);
        }
        s.environmentOverride = name;
        this.diagnostics.scheduleAll();
        return this.status.publishNow();
      }),
    );
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const { session } = this;
    this.errors.initialized = true;
    session.capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    session.nselfVersion = typeof options.nselfVersion === 'string' ? options.nselfVersion : undefined;
    this.initialSettings = options.settings;
    // Nothing the server does runs a program (git is read from its index file), so trust only
    // matters to the client; a client that says nothing is treated as untrusted all the same.
    session.trusted = options.trusted === true;
    session.settings = normalizeSettings(options.settings);
    session.workspace.folders = (params.workspaceFolders ?? [])
      .map((folder) => uriToPath(folder.uri))
      .filter((folder): folder is string => folder !== undefined);
    if (session.workspace.folders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) session.workspace.folders = [root];
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['_', '=', ':', '{', '$'], resolveProvider: true },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, REFACTOR_MOVE, CodeActionKind.RefactorRewrite, 'source.fixAll.nself'] },
        documentSymbolProvider: { label: 'nself' },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'nself-language-server', version: '0.1.0' },
    };
  }

  private async initialized(): Promise<void> {
    const { session, connection } = this;
    if (session.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/.env*' }, { globPattern: '**/.environments/**' }, { globPattern: '**/services/*' }, { globPattern: '**/.nself/control-plane.yaml' }],
      });
    } else {
      // The client cannot watch for us: a script rewriting `.env.secrets` must still update the problems of `.env.prod`.
      this.diskWatcher = new DiskWatcher(
        session,
        () => {
          this.diagnostics.scheduleAll();
          this.deployFiles.schedule();
          this.status.schedule();
        },
        (error) => connection.console.warn(`nself: ${error.message}`),
      );
      this.diskWatcher.sync();
    }
    if (session.capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        this.errors.notification('didChangeWorkspaceFolders', ({ added, removed }) => {
          const gone = new Set(removed.map((f) => uriToPath(f.uri)));
          const folders = session.workspace.folders.filter((f) => !gone.has(f));
          for (const folder of added) {
            const file = uriToPath(folder.uri);
            if (file) folders.push(path.resolve(file));
          }
          session.workspace.folders = folders;
          this.deployFiles.schedule();
          this.status.schedule();
          this.diskWatcher?.sync();
        }),
      );
    }
    await this.reloadSettings(undefined);
  }

  /** Pull `nself.*` when the client answers `workspace/configuration`, else use what was pushed. */
  private async reloadSettings(pushed: unknown): Promise<void> {
    const { session } = this;
    let raw: unknown = (pushed as { nself?: unknown } | undefined)?.nself ?? this.initialSettings;
    if (session.capabilities.workspace?.configuration) {
      try {
        raw = (await this.connection.workspace.getConfiguration('nself')) ?? raw;
      } catch (error) {
        this.errors.log('workspace/configuration', error);
      }
    }
    session.settings = normalizeSettings(raw);
    this.diagnostics.scheduleAll();
    this.deployFiles.schedule();
    this.status.schedule();
  }
}
