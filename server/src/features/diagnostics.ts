import { DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { EffectiveConfig, Project } from '../core/project';
import { validateDocument, type Diagnostic as CoreDiagnostic, type Severity } from '../core/rules';
import { rangeOf } from '../service/convert';
import type { DocumentModel } from '../service/documentModel';
import type { ErrorBoundary } from '../service/errors';
import type { Session } from '../service/session';

/** Where each rule is documented; the anchor is the rule code. */
export const RULES_DOC = 'https://github.com/nself-org/nself-vscode/blob/main/docs/rules.md';

const codeDescriptions = new Map<string, { href: string }>();

function codeDescriptionOf(code: string): { href: string } {
  let description = codeDescriptions.get(code);
  if (!description) codeDescriptions.set(code, (description = { href: `${RULES_DOC}#${code}` }));
  return description;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface Cached {
  version: number;
  config: EffectiveConfig;
  stamp: string;
  diagnostics: CoreDiagnostic[];
}

/**
 * Validation of open files: debounced after edits, for the environment each file is read in,
 * re-run for every open file of a project when any of its env files changes (a key moved to
 * `.env.secrets` changes what `.env` is missing).
 */
export class DiagnosticsFeature {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate>>();
  private readonly cache = new Map<string, Cached>();
  /** Severity counts of what was last published, per URI, for the status bar. */
  private readonly counts = new Map<string, { root: string; errors: number; warnings: number }>();
  private readonly published = new Set<string>();

  constructor(
    private readonly session: Session,
    private readonly connection: Connection,
    private readonly errors: ErrorBoundary,
    private readonly onPublished: () => void,
  ) {}

  /** The core findings for a file, cached until the file, its cascade or the settings change. */
  doValidation(model: DocumentModel): CoreDiagnostic[] {
    const { session } = this;
    if (!session.isActive(model)) return [];
    const config = session.config(model);
    const stamp = `${session.profile}\0${session.activeEnvironment}\0${JSON.stringify(session.settings.rules)}\0${session.git.generation}`;
    const cached = this.cache.get(model.uri);
    if (cached && cached.version === model.version && cached.config === config && cached.stamp === stamp) return cached.diagnostics;
    const project = model.project;
    const diagnostics = validateDocument(model.doc, project, {
      profile: session.profile,
      env: session.activeEnvironment,
      severities: session.settings.rules,
      gitTracked: project ? (file) => session.git.tracked(file, project.root) : undefined,
      onRuleError: (rule, file, error) => this.errors.log(`rule ${rule.code} on ${file}`, error),
    });
    this.cache.set(model.uri, { version: model.version, config, stamp, diagnostics });
    return diagnostics;
  }

  /** Validate `model` after the debounce; with `cascade`, every other open file of its project too. */
  schedule(model: DocumentModel, options: { cascade?: boolean; delay?: number } = {}): void {
    const delay = options.delay ?? this.session.settings.diagnostics.debounceMs;
    this.arm(model.uri, delay);
    if (!options.cascade) return;
    const project = model.project;
    if (!project) return;
    for (const other of this.session.workspace.openModels()) {
      if (other !== model && other.project === project) this.arm(other.uri, delay);
    }
  }

  /** Re-validate every open file (settings, environment or files on disk changed). */
  scheduleAll(delay = 0): void {
    for (const model of this.session.workspace.openModels()) this.arm(model.uri, delay);
  }

  /** A closed file: forget it and clear what was published for it. */
  forget(uri: string): void {
    this.cancel(uri);
    this.cache.delete(uri);
    this.counts.delete(uri);
    if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.onPublished();
  }

  /** Errors and warnings published for the open files of a project. */
  health(root: string): { errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    for (const count of this.counts.values()) {
      if (count.root !== root) continue;
      errors += count.errors;
      warnings += count.warnings;
    }
    return { errors, warnings };
  }

  private arm(uri: string, delay: number): void {
    this.cancel(uri);
    const run = () => {
      this.timers.delete(uri);
      this.errors.run('diagnostics', () => this.publish(uri));
    };
    this.timers.set(uri, delay > 0 ? setTimeout(run, delay) : setImmediate(run));
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer === undefined) return;
    clearTimeout(timer as ReturnType<typeof setTimeout>);
    clearImmediate(timer as ReturnType<typeof setImmediate>);
    this.timers.delete(uri);
  }

  private publish(uri: string): void {
    const model = this.session.workspace.find(uri);
    if (!model) return;
    if (!this.session.isActive(model)) {
      // Outside any nself root: nothing to say, and clear what was said while it was inside one.
      this.counts.delete(uri);
      if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.onPublished();
      return;
    }
    const findings = this.doValidation(model);
    const config = this.session.config(model);
    const diagnostics = findings.map((finding) => this.toLsp(finding, model, config));
    void this.connection.sendDiagnostics({ uri, version: model.version, diagnostics });
    this.published.add(uri);
    const project = model.project;
    this.counts.set(uri, {
      root: project?.root ?? '',
      errors: findings.filter((d) => d.severity === 'error').length,
      warnings: findings.filter((d) => d.severity === 'warning').length,
    });
    this.onPublished();
  }

  private toLsp(finding: CoreDiagnostic, model: DocumentModel, config: EffectiveConfig): Diagnostic {
    const doc = model.doc;
    const diagnostic: Diagnostic = {
      range: rangeOf(doc, finding.start, finding.end),
      severity: SEVERITY[finding.severity],
      code: finding.code,
      // One object per code: a big file has thousands of findings of a handful of codes.
      codeDescription: codeDescriptionOf(finding.code),
      source: 'nself',
      // Rule messages may quote a value; the editor never shows a secret one.
      message: this.session.redact(finding.message, config),
    };
    if (finding.related?.length) {
      const related = this.related(finding, model.project, config);
      if (related.length > 0) diagnostic.relatedInformation = related;
    }
    if (finding.tags?.length) diagnostic.tags = finding.tags.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
    if (finding.fixes?.length) diagnostic.data = { fixes: finding.fixes.length };
    return diagnostic;
  }

  private related(finding: CoreDiagnostic, project: Project | undefined, config: EffectiveConfig): DiagnosticRelatedInformation[] {
    const out: DiagnosticRelatedInformation[] = [];
    for (const location of finding.related ?? []) {
      const doc = this.session.documentOf(location.file, project);
      if (!doc) continue;
      out.push({ location: { uri: this.session.uriOf(location.file), range: rangeOf(doc, location.start, location.end) }, message: this.session.redact(location.message, config) });
    }
    return out;
  }
}
