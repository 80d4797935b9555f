import * as path from 'path';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { controlPlanePath } from '../core/deploy/controlPlane';
import { deployFileProblems, type TargetProblem } from '../core/deploy/targets';
import { isServerJsonPath, serverJsonFiles } from '../core/project/serverJson';
import type { ErrorBoundary } from '../service/errors';
import type { Session } from '../service/session';
import { RULES_DOC } from './diagnostics';

interface Published {
  uri: string;
  root: string;
  /** The text and settings judged, to skip publishing the same thing again. */
  text: string;
  stamp: string;
  errors: number;
  warnings: number;
}

/**
 * Diagnostics of each project's deploy target files, `.nself/control-plane.yaml` (nself 1.x) and
 * every `.environments/<name>/server.json` (0.9), published by the file's URI whether or not the
 * file is open: from the editor buffer when the client opened it, else from the disk, re-read
 * when a watched-file event (or the server's own watcher) says it changed. They are YAML and
 * JSON, so no env feature touches them; this is their only feature.
 *
 * Severities follow `nself.rules` like the env rules (`off` drops a code).
 */
export class DeployFileDiagnostics {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly published = new Map<string, Published>();

  constructor(
    private readonly session: Session,
    private readonly connection: Connection,
    private readonly errors: ErrorBoundary,
    private readonly onPublished: () => void,
  ) {}

  /** Judge every deploy target file again after `delay` ms (one run for a burst of events). */
  schedule(delay = 0): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.errors.run('deploy file diagnostics', () => this.publishAll());
    }, delay);
  }

  /** Errors and warnings published for a project's deploy target files, for the status bar. */
  health(root: string): { errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    for (const p of this.published.values()) {
      if (p.root !== root) continue;
      errors += p.errors;
      warnings += p.warnings;
    }
    return { errors, warnings };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** The files to judge: those of every project in use, and any deploy target file open in the editor. */
  private files(): Map<string, string> {
    const { workspace } = this.session;
    const files = new Map<string, string>();
    for (const project of workspace.allProjects()) {
      files.set(controlPlanePath(project.root), project.root);
      for (const file of serverJsonFiles(workspace.host, project.root)) files.set(file, project.root);
    }
    for (const model of workspace.openModels()) {
      if (model.kind === 'env' || !model.path) continue;
      // An open control-plane.yaml or server.json outside a project's `.nself/` or `.environments/` is nobody's deploy config.
      const root = model.project?.root;
      if (root !== undefined && isDeployFileOf(root, model.path)) files.set(model.path, root);
    }
    return files;
  }

  private publishAll(): void {
    const { session } = this;
    const files = this.files();
    const stamp = JSON.stringify(session.settings.rules);
    for (const [file, root] of files) {
      const text = session.workspace.host.readText(file);
      if (text === undefined) {
        this.clear(file);
        continue;
      }
      const model = session.workspace.modelOfPath(file);
      const uri = session.uriOf(file);
      const last = this.published.get(file);
      if (last && last.uri === uri && last.text === text && last.stamp === stamp) continue;
      const diagnostics = deployFileProblems(file, text)
        .map((p) => this.toLsp(p))
        .filter((d): d is Diagnostic => d !== undefined);
      if (last && last.uri !== uri) void this.connection.sendDiagnostics({ uri: last.uri, diagnostics: [] });
      void this.connection.sendDiagnostics(model ? { uri, version: model.version, diagnostics } : { uri, diagnostics });
      this.published.set(file, {
        uri,
        root,
        text,
        stamp,
        errors: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length,
        warnings: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length,
      });
    }
    for (const file of [...this.published.keys()]) if (!files.has(file)) this.clear(file);
    this.onPublished();
  }

  private clear(file: string): void {
    const last = this.published.get(file);
    if (!last) return;
    this.published.delete(file);
    void this.connection.sendDiagnostics({ uri: last.uri, diagnostics: [] });
  }

  private toLsp(problem: TargetProblem): Diagnostic | undefined {
    const code = problem.code ?? (isServerJsonPath(problem.file) ? 'server-json-value' : 'control-plane-value');
    const setting = this.session.settings.rules[code];
    if (setting === 'off') return undefined;
    const severity = setting ?? problem.severity;
    const range = problem.range ?? { start: { line: problem.line, character: 0 }, end: { line: problem.line, character: 0 } };
    return {
      range,
      severity: SEVERITY[severity],
      code,
      codeDescription: { href: `${RULES_DOC}#${code}` },
      source: 'nself',
      message: problem.message,
    };
  }
}

/** True when `file` is the control-plane.yaml or a server.json of the project at `root`. */
function isDeployFileOf(root: string, file: string): boolean {
  return file === controlPlanePath(root) || (isServerJsonPath(file) && path.dirname(path.dirname(path.dirname(file))) === root);
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;
