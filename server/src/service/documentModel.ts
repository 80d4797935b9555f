import { TextDocument } from 'vscode-languageserver-textdocument';
import { isControlPlanePath } from '../core/deploy/controlPlane';
import { isServerJsonPath } from '../core/project/serverJson';
import { withinLimit } from '../core/limits';
import { parseEnv, type EnvDocument } from '../core/parser';
import type { Project } from '../core/project';

/**
 * One open file: its buffer and its parse, computed on first use and cached by version. Every
 * feature reads `doc` and never re-scans the text.
 */
export class DocumentModel {
  private parsed: EnvDocument | undefined;
  private parsedVersion = -1;
  private parsedProject: Project | undefined;

  constructor(
    public textDocument: TextDocument,
    /** The file-system path for `file:` URIs; undefined for untitled and other schemes. */
    readonly path: string | undefined,
    private readonly projectOf: (file: string) => Project | undefined,
  ) {}

  get uri(): string {
    return this.textDocument.uri;
  }

  get version(): number {
    return this.textDocument.version;
  }

  /**
   * The deploy target files, opened so that their live text is the one judged
   * (features/deployFileDiagnostics.ts); no env feature applies to them. `control-plane`: a
   * project's `.nself/control-plane.yaml` (1.x); `server-json`: `.environments/<name>/server.json` (0.9).
   */
  get kind(): 'env' | 'control-plane' | 'server-json' {
    if (this.path === undefined) return 'env';
    if (isControlPlanePath(this.path)) return 'control-plane';
    return isServerJsonPath(this.path) ? 'server-json' : 'env';
  }

  /** The nself project the file belongs to; undefined outside any root and for non-file URIs. */
  get project(): Project | undefined {
    return this.path === undefined ? undefined : this.projectOf(this.path);
  }

  get doc(): EnvDocument {
    const project = this.project;
    if (this.parsed && this.parsedVersion === this.version && this.parsedProject === project) return this.parsed;
    // Inside a project the project's own parse is used, so the cascade and this file share one tree.
    const text = this.textDocument.getText();
    this.parsed = (project && this.path ? project.document(this.path) : undefined) ?? parseEnv(withinLimit(text), this.path ?? this.uri);
    this.parsedVersion = this.version;
    this.parsedProject = project;
    return this.parsed;
  }
}
