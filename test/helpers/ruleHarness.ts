/**
 * Runs rules over a single env text or a small project written to a temp folder, and returns
 * findings with file names relative to the project and 1-based lines, so tests read like the
 * files they check.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Profile } from '../../server/src/core/catalog/types';
import { parseEnv } from '../../server/src/core/parser/parse';
import { nodeHost } from '../../server/src/core/project/discover';
import { Project } from '../../server/src/core/project/project';
import type { ProjectHost } from '../../server/src/core/project/types';
import { applyEdits } from '../../server/src/core/rules/edits';
import type { Diagnostic, Fix, Rule, Severity } from '../../server/src/core/rules/types';
import { validateDocument, validateProject } from '../../server/src/core/rules/validate';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Relative to the project root (or the lone file's name). */
  file: string;
  /** 1-based. */
  line: number;
  /** The text the finding covers. */
  text: string;
  fixes: Fix[];
  related: { file: string; line: number; message: string }[];
  diagnostic: Diagnostic;
}

export interface LintOptions {
  profile?: Profile;
  env?: string;
  rules?: readonly Rule[];
  gitTracked?: (file: string) => boolean | undefined;
}

/** Checks one text as a lone file named `name` (no project around it). */
export function lintText(text: string, options: LintOptions & { name?: string } = {}): Finding[] {
  const file = path.join(path.sep, 'virtual', options.name ?? '.env');
  const doc = parseEnv(text, file);
  const texts = new Map([[file, doc.text]]);
  const diagnostics = validateDocument(doc, undefined, {
    profile: options.profile ?? '1.x',
    env: options.env,
    rules: options.rules,
    gitTracked: options.gitTracked,
  });
  return diagnostics.map((d) => toFinding(d, path.dirname(file), texts));
}

export interface TempProject {
  root: string;
  project: Project;
  /** Current text of a file (relative path), or undefined. */
  read(file: string): string | undefined;
  /** Every finding of the project. */
  lint(options?: LintOptions & { envs?: string[] }): Finding[];
  /** Findings for one file, as the editor shows them with `env` active. */
  lintFile(file: string, options?: LintOptions): Finding[];
  /** Applies a fix to the files on disk (creating files the fix creates). */
  apply(fix: Fix): void;
  dispose(): void;
}

/** Writes `files` (relative path → text) to a temp folder and opens it as a project. */
export function tempProject(files: Record<string, string>, options: { modes?: Record<string, number> } = {}): TempProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-rules-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const modes = new Map(Object.entries(options.modes ?? {}).map(([name, mode]) => [path.join(root, name), mode]));
  const host: ProjectHost = {
    readText: (file) => nodeHost.readText(file),
    listDir: (dir) => nodeHost.listDir(dir),
    mode: (file) => modes.get(file) ?? nodeHost.mode?.(file),
  };
  let project = new Project(root, host);
  const texts = () => {
    const map = new Map<string, string>();
    for (const file of project.envFiles()) {
      const doc = project.document(file);
      if (doc) map.set(file, doc.text);
    }
    return map;
  };
  return {
    root,
    get project() {
      return project;
    },
    read: (file) => nodeHost.readText(path.join(root, file)),
    lint(lintOptions = {}) {
      const diagnostics = validateProject(project, {
        profile: lintOptions.profile ?? '1.x',
        env: lintOptions.env,
        envs: lintOptions.envs,
        rules: lintOptions.rules,
        gitTracked: lintOptions.gitTracked && ((file) => lintOptions.gitTracked!(path.relative(root, file))),
      });
      return diagnostics.map((d) => toFinding(d, root, texts()));
    },
    lintFile(file, lintOptions = {}) {
      const doc = project.document(path.join(root, file));
      if (!doc) throw new Error(`no such file ${file}`);
      const diagnostics = validateDocument(doc, project, {
        profile: lintOptions.profile ?? '1.x',
        env: lintOptions.env,
        rules: lintOptions.rules,
        gitTracked: lintOptions.gitTracked && ((f) => lintOptions.gitTracked!(path.relative(root, f))),
      });
      return diagnostics.map((d) => toFinding(d, root, texts()));
    },
    apply(fix) {
      const byFile = new Map<string, typeof fix.edits>();
      for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
      for (const [file, edits] of byFile) {
        const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, applyEdits(current.replace(/^\uFEFF/, ''), edits));
      }
      project = new Project(root, host);
    },
    dispose() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Applies a fix's edits to a lone text (all edits must target that text's file). */
export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Findings with a given code. */
export function withCode(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** The set of codes found. */
export function codes(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

function toFinding(d: Diagnostic, root: string, texts: Map<string, string>): Finding {
  const text = texts.get(d.file) ?? nodeHost.readText(d.file)?.replace(/^\uFEFF/, '') ?? '';
  const lineOf = (offset: number, t = text) => {
    let line = 1;
    for (let i = t.indexOf('\n'); i !== -1 && i < offset; i = t.indexOf('\n', i + 1)) line++;
    return line;
  };
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: path.relative(root, d.file) || path.basename(d.file),
    line: lineOf(d.start),
    text: text.slice(d.start, d.end),
    fixes: d.fixes ?? [],
    related: (d.related ?? []).map((r) => {
      const t = texts.get(r.file) ?? nodeHost.readText(r.file) ?? '';
      return { file: path.relative(root, r.file), line: lineOf(r.start, t), message: r.message };
    }),
    diagnostic: d,
  };
}
