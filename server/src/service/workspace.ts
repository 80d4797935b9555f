import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { withinLimit } from '../core/limits';
import { findProjectRoot, Project } from '../core/project';
import { uriToPath } from './convert';
import { DocumentModel } from './documentModel';
import { unknownDocument } from './errors';
import { OverlayHost } from './overlayHost';

/** The env file names whose content decides whether a folder is an nself root. */
const ROOT_HINT_FILES = new Set(['.env', '.env.dev', '.env.local', '.env.example']);

/** Open documents, the projects they belong to, and the host the core reads files through. */
export class Workspace {
  readonly host = new OverlayHost();
  private readonly models = new Map<string, DocumentModel>();
  private readonly projects = new Map<string, Project>();
  /** Folder → project root (null: not inside one). */
  private readonly roots = new Map<string, string | null>();
  folders: string[] = [];

  open(uri: string, languageId: string, version: number, text: string): DocumentModel {
    const textDocument = TextDocument.create(uri, languageId, version, text);
    const file = uriToPath(uri);
    const model = new DocumentModel(textDocument, file, (f) => this.projectForPath(f));
    this.models.set(uri, model);
    if (file) {
      // A buffer over nself's 1 MB limit is seen as its stand-in: one file problem, no work.
      let checked: { text: string; bounded: string } | undefined;
      this.host.setOpen(file, () => {
        const text = model.textDocument.getText();
        if (checked?.text !== text) checked = { text, bounded: withinLimit(text) };
        return checked.bounded;
      });
      this.changed(file);
    }
    return model;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): DocumentModel | undefined {
    const model = this.models.get(uri);
    if (!model) return undefined;
    model.textDocument = TextDocument.update(model.textDocument, changes, version);
    if (model.path && ROOT_HINT_FILES.has(path.basename(model.path))) this.roots.clear();
    return model;
  }

  close(uri: string): DocumentModel | undefined {
    const model = this.models.get(uri);
    if (!model) return undefined;
    this.models.delete(uri);
    if (model.path) {
      this.host.close(model.path);
      this.changed(model.path);
    }
    return model;
  }

  /** True for files whose content decides where project roots are (`.env`, `.env.dev`, …). */
  isRootHint(file: string): boolean {
    return ROOT_HINT_FILES.has(path.basename(file));
  }

  /** A file changed outside the editor (watched files) or its buffer went away. */
  changed(file: string): void {
    this.host.forget(file);
    if (ROOT_HINT_FILES.has(path.basename(file)) || file.includes(`${path.sep}.environments`) || path.basename(file) === '.backend') this.roots.clear();
    for (const project of this.projects.values()) {
      if (file === project.root || file.startsWith(project.root + path.sep)) project.invalidate(file);
    }
  }

  /** The model of an open document, or `InvalidParams` for anything else. */
  model(uri: string): DocumentModel {
    const model = this.models.get(uri);
    if (!model) throw unknownDocument(uri);
    return model;
  }

  find(uri: string): DocumentModel | undefined {
    return this.models.get(uri);
  }

  openModels(): DocumentModel[] {
    return [...this.models.values()];
  }

  /** The open model of a file, if any. */
  modelOfPath(file: string): DocumentModel | undefined {
    for (const model of this.models.values()) if (model.path === file) return model;
    return undefined;
  }

  projectForPath(file: string): Project | undefined {
    const dir = path.dirname(file);
    let root = this.roots.get(dir);
    if (root === undefined) {
      root = findProjectRoot(dir, this.host) ?? null;
      this.roots.set(dir, root);
    }
    return root === null ? undefined : this.project(root);
  }

  private project(root: string): Project {
    let project = this.projects.get(root);
    if (!project) {
      project = new Project(root, this.host);
      this.projects.set(root, project);
    }
    return project;
  }

  /**
   * The project a request names: a root, any path or file URI inside one, or (when nothing is
   * given) the first project found among open files and workspace folders.
   */
  resolveProject(where?: string): Project | undefined {
    if (where) {
      const file = where.startsWith('file:') ? uriToPath(where) : where;
      if (!file) return undefined;
      const known = this.projects.get(file);
      if (known) return known;
      const root = findProjectRoot(file, this.host);
      return root ? this.project(root) : undefined;
    }
    return this.allProjects()[0];
  }

  /** Projects of open documents and of workspace folders, without duplicates. */
  allProjects(): Project[] {
    const found = new Map<string, Project>();
    for (const model of this.models.values()) {
      const project = model.project;
      if (project) found.set(project.root, project);
    }
    for (const folder of this.folders) {
      const root = findProjectRoot(folder, this.host);
      if (root) found.set(root, this.project(root));
    }
    return [...found.values()];
  }
}
