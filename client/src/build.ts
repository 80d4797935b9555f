import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  MANIFEST_PATH,
  parseManifest,
  planBuild,
  scaffoldsFor,
  serializeManifest,
  summarize,
  summaryLine,
  summaryReport,
  type BuildFile,
  type BuildPlan,
  type BuildSummary,
} from '../../server/src/core/build';
import type { GenerateTarget } from '../../server/src/protocol';
import { readSettings } from './config';
import type { ErrorReporter } from './errors';
import type { NselfLanguageClient } from './languageClient';
import { chooseProject } from './projects';
import { StagedWrite } from '../../server/src/node/stagedWrite';

/** What a build writes: the env file compose reads, the compose file, the nginx config. */
const BUILD_TARGETS: readonly GenerateTarget[] = ['env', 'compose', 'nginx'];

/** Scheme of the read-only "what the build wanted to write" side of a diff. */
const BUILD_SCHEME = 'nself-build';

/** Arguments `nself.build` accepts when run from code (tests, tasks) rather than a menu. */
export interface BuildArgs {
  /** Project root (or any path inside it). */
  root?: string;
  /** Environment or deploy target; default the active one. */
  env?: string;
  /** Paths (relative to the root) to overwrite although they were changed on disk. */
  overwrite?: string[];
}

/** The outcome `nself.build` returns to callers (undefined when nothing ran). */
export interface BuildOutcome extends BuildSummary {
  root: string;
  env: string;
}

/**
 * `nself.build`: asks the server for the generated files of the active environment, and writes
 * them without ever destroying the user's work:
 * - a file is replaced only when it is still exactly what the previous build wrote (sha256 in
 *   `.nself/vscode-build.json`), otherwise it is skipped and reported, with a diff on offer;
 * - everything is staged into temporary files first and renamed into place only at the end, so
 *   a failure or a cancel leaves the old files whole;
 * - custom services without a `services/<name>/` folder get a small working app to start from.
 * With `nself.build.useCli` in a trusted workspace it runs `nself build` in a terminal instead.
 */
export class Builder implements vscode.Disposable {
  /** Content the last build wanted for the files it skipped, by `nself-build:` URI. */
  private readonly wanted = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: NselfLanguageClient,
    private readonly errors: ErrorReporter,
  ) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(BUILD_SCHEME, {
        provideTextDocumentContent: (uri) => this.wanted.get(uri.toString()) ?? '',
      }),
    );
  }

  async build(arg?: vscode.Uri | BuildArgs): Promise<BuildOutcome | undefined> {
    const args: BuildArgs = arg instanceof vscode.Uri ? {} : (arg ?? {});
    const root = args.root ?? (await chooseProject(this.client.status, arg instanceof vscode.Uri ? arg : undefined));
    if (!root) return undefined;

    if (readSettings().build.useCli) {
      if (vscode.workspace.isTrusted) return this.runCli(root);
      void vscode.window.showWarningMessage('nself.build.useCli is ignored in an untrusted workspace: building in the editor instead.');
    }

    const overwrite = new Set(args.overwrite ?? []);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'nself: Build', cancellable: true },
      (progress, token) => this.buildIn(root, args.env, overwrite, progress, token),
    );
    if (outcome) this.report(outcome);
    return outcome;
  }

  private async buildIn(
    root: string,
    envArg: string | undefined,
    overwrite: ReadonlySet<string>,
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ): Promise<BuildOutcome | undefined> {
    const files: BuildFile[] = [];
    let env = envArg;
    for (const target of BUILD_TARGETS) {
      progress.report({ message: `generating ${target}…`, increment: 15 });
      // The real values: the env file is what compose reads its secrets from.
      const result = await this.client.generate({ root, env, target, reveal: true }, token);
      env = result.env;
      root = result.root;
      for (const f of result.files) files.push({ path: f.path, content: f.content, mode: f.mode, kind: 'generated' });
      if (token.isCancellationRequested) return this.cancelled();
    }
    const { model } = await this.client.serviceModel({ root, env }, token);
    const scaffolds = scaffoldsFor(model, (dir) => fs.existsSync(path.join(root, ...dir.split('/'))));
    for (const s of scaffolds) files.push(...s.files);

    progress.report({ message: 'comparing with the disk…', increment: 10 });
    const manifestFile = path.join(root, ...MANIFEST_PATH.split('/'));
    const previous = parseManifest(readIfExists(manifestFile));
    const plan = planBuild(files, previous, (rel) => readIfExists(path.join(root, ...rel.split('/'))), { env, overwrite });

    progress.report({ message: 'writing…', increment: 20 });
    const write = new StagedWrite(root);
    try {
      await this.stage(root, plan, write);
      await write.stage(manifestFile, serializeManifest(plan.manifest));
      // Last point of no return: after this, files change.
      if (token.isCancellationRequested) {
        await write.rollback();
        return this.cancelled();
      }
      await write.commit();
    } catch (error) {
      await write.rollback();
      throw error;
    }
    progress.report({ increment: 40 });
    this.rememberSkipped(root, plan);
    return { root, env: env ?? '', ...summarize(plan) };
  }

  private async stage(root: string, plan: BuildPlan, write: StagedWrite): Promise<void> {
    for (const action of plan.actions) {
      if (action.type === 'create' || action.type === 'update') {
        await write.stage(path.join(root, ...action.file.path.split('/')), action.file.content, action.file.mode);
      } else if (action.type === 'remove') {
        await write.remove(path.join(root, ...action.path.split('/')));
      }
    }
  }

  private cancelled(): undefined {
    void vscode.window.showInformationMessage('nself: Build cancelled. No file was changed.');
    return undefined;
  }

  private rememberSkipped(root: string, plan: BuildPlan): void {
    this.wanted.clear();
    for (const a of plan.actions) {
      if (a.type === 'skip' && a.reason !== 'scaffold-exists') this.wanted.set(this.wantedUri(root, a.file.path).toString(), a.file.content);
    }
  }

  private wantedUri(root: string, rel: string): vscode.Uri {
    return vscode.Uri.from({ scheme: BUILD_SCHEME, path: `/${rel}`, query: new URLSearchParams({ root }).toString() });
  }

  /** The summary in the log (always) and a notification that does not block the caller. */
  private report(outcome: BuildOutcome): void {
    const log = this.errors.log;
    log.info(`Build of ${outcome.root} for ${outcome.env}:`);
    for (const line of summaryReport(outcome)) log.info(line);
    const line = `nself build (${outcome.env}): ${summaryLine(outcome)}`;
    const actions = outcome.skipped.length > 0 ? ['Compare…', 'Overwrite…', 'Show Details'] : ['Show Details'];
    const shown = outcome.skipped.length > 0 ? vscode.window.showWarningMessage(line, ...actions) : vscode.window.showInformationMessage(line, ...actions);
    void shown.then((pick) =>
      this.errors.run('Build follow-up', async () => {
        if (pick === 'Show Details') log.show();
        else if (pick === 'Compare…') await this.compareSkipped(outcome);
        else if (pick === 'Overwrite…') await this.overwriteSkipped(outcome);
      }),
    );
  }

  private async pickSkipped(outcome: BuildOutcome, title: string, many: boolean): Promise<string[]> {
    const items = outcome.skipped.map((s) => ({
      label: s.path,
      description: s.reason === 'edited' ? 'changed by you since the last build' : 'not written by this extension',
    }));
    if (items.length === 1 && !many) return [items[0]!.label];
    const picked = many
      ? await vscode.window.showQuickPick(items, { title, canPickMany: true })
      : await vscode.window.showQuickPick(items, { title }).then((p) => (p ? [p] : undefined));
    return (picked ?? []).map((p) => p.label);
  }

  private async compareSkipped(outcome: BuildOutcome): Promise<void> {
    for (const rel of await this.pickSkipped(outcome, 'Compare a skipped file with what the build would write', false)) {
      const onDisk = vscode.Uri.file(path.join(outcome.root, ...rel.split('/')));
      await vscode.commands.executeCommand('vscode.diff', onDisk, this.wantedUri(outcome.root, rel), `${rel}: yours ↔ build (${outcome.env})`);
    }
  }

  private async overwriteSkipped(outcome: BuildOutcome): Promise<void> {
    const paths = await this.pickSkipped(outcome, 'Overwrite which files with the generated version?', true);
    if (paths.length === 0) return;
    const ok = await vscode.window.showWarningMessage(
      `Overwrite ${paths.length} file(s) you changed? Your changes in them are lost.`,
      { modal: true, detail: paths.join('\n') },
      'Overwrite',
    );
    if (ok === 'Overwrite') await this.build({ root: outcome.root, env: outcome.env, overwrite: paths });
  }

  /** `nself build` in a terminal in the project root (trusted workspaces only). */
  private runCli(root: string): undefined {
    const terminal = vscode.window.createTerminal({ name: 'nself build', cwd: root, iconPath: new vscode.ThemeIcon('tools') });
    terminal.show();
    terminal.sendText('nself build');
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
