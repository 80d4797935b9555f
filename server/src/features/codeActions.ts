import * as path from 'path';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CreateFile,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { parseEnv, type EntryLine, type EnvDocument } from '../core/parser';
import type { Project } from '../core/project';
import { appendLineEdit, deleteLineEdit, insertLineAfter, type Diagnostic as CoreDiagnostic, type Fix, type TextEdit } from '../core/rules';
import { isSecretKey } from '../core/secrets';
import { offsetAt, rangeOf } from '../service/convert';
import type { DocumentModel } from '../service/documentModel';
import { familyMember } from '../service/keys';
import { lineAt } from '../service/locate';
import { freePort, takenPorts } from '../service/ports';
import type { Session } from '../service/session';
import type { DiagnosticsFeature } from './diagnostics';

/** `CodeActionKind.RefactorMove` is newer than the protocol types in use. */
export const REFACTOR_MOVE = 'refactor.move';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.nself`;
const EMPTY = parseEnv('');

/**
 * Quick fixes for every fix the rules provide (multi-file, creating files when needed), "fix all
 * of this kind", `source.fixAll.nself`, and two refactorings the rules do not cover: move a secret
 * to `.env.secrets`, add the missing FRONTEND_APP_N_PORT.
 */
export function getCodeActions(session: Session, diagnostics: DiagnosticsFeature, params: CodeActionParams): CodeAction[] | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const doc = model.doc;
  const from = offsetAt(doc, params.range.start);
  const to = offsetAt(doc, params.range.end);
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const findings = diagnostics.doValidation(model).filter((d) => d.file === doc.path);
  const edits = new EditBuilder(session, model.project);
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    const here = findings.filter((d) => d.start <= to && d.end >= from && d.fixes?.length);
    for (const finding of here) {
      const lsp = matching(params.context.diagnostics, finding, doc);
      for (const fix of finding.fixes!) {
        // Fix titles may quote a value (`Change to …`): shown like rule messages.
        actions.push({ title: session.redact(fix.title, session.config(model)), kind: CodeActionKind.QuickFix, diagnostics: lsp ? [lsp] : undefined, isPreferred: fix.preferred, edit: edits.build(fix.edits) });
      }
    }
    for (const code of new Set(here.map((d) => d.code))) {
      const all = findings.filter((d) => d.code === code && d.fixes?.length);
      if (all.length < 2) continue;
      actions.push({ title: `Fix all ${code} problems in this file (${all.length})`, kind: CodeActionKind.QuickFix, edit: edits.build(mergeFixes(all)) });
    }
  }
  // Source actions only when asked for (`source`, `source.fixAll`, on save): never in the light bulb.
  if (only && wants(FIX_ALL_KIND)) {
    const fixable = findings.filter((d) => d.fixes?.some((f) => f.preferred));
    if (fixable.length > 0) actions.push({ title: 'Fix all nself problems in this file', kind: FIX_ALL_KIND, edit: edits.build(mergeFixes(fixable, true)) });
  }

  const line = lineAt(doc, from);
  if (line?.kind === 'entry') {
    if (wants(REFACTOR_MOVE) || wants(CodeActionKind.QuickFix)) {
      const move = moveSecret(session, model, line, findings);
      if (move) actions.push({ title: move.title, kind: move.kind, edit: edits.build(move.edits) });
    }
    if (wants(CodeActionKind.QuickFix)) {
      const port = addFrontendPort(session, model, line);
      // The frontend-missing-port rule may already offer it (on the NAME line).
      const offered = actions.some((a) => a.title.startsWith(port?.title.split('=')[0] ?? '\0'));
      if (port && !offered) actions.push({ title: port.title, kind: CodeActionKind.QuickFix, edit: edits.build(port.edits) });
    }
  }
  return actions;
}

function matching(list: Diagnostic[], finding: CoreDiagnostic, doc: EnvDocument): Diagnostic | undefined {
  const range = rangeOf(doc, finding.start, finding.end);
  return list.find(
    (d) =>
      d.code === finding.code &&
      d.range.start.line === range.start.line &&
      d.range.start.character === range.start.character &&
      d.range.end.line === range.end.line &&
      d.range.end.character === range.end.character,
  );
}

/** One fix per finding (the preferred one), skipping any whose edits overlap an earlier pick. */
function mergeFixes(findings: CoreDiagnostic[], preferredOnly = false): TextEdit[] {
  const out: TextEdit[] = [];
  for (const finding of findings) {
    const fix: Fix | undefined = finding.fixes!.find((f) => f.preferred) ?? (preferredOnly ? undefined : finding.fixes![0]);
    if (!fix) continue;
    const clash = fix.edits.some((e) => out.some((o) => o.file === e.file && e.start < Math.max(o.end, o.start + 1) && o.start < Math.max(e.end, e.start + 1)));
    if (!clash) out.push(...fix.edits);
  }
  return out;
}

/** Core edits (offsets per file) → a WorkspaceEdit, creating files that do not exist yet. */
class EditBuilder {
  constructor(
    private readonly session: Session,
    private readonly project: Project | undefined,
  ) {}

  build(edits: TextEdit[]): WorkspaceEdit {
    const byFile = new Map<string, TextEdit[]>();
    for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
    const supportsChanges = this.session.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const canCreate = this.session.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true;
    const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
    const changes: Record<string, LspTextEdit[]> = {};
    for (const [file, list] of byFile) {
      const uri = this.session.uriOf(file);
      const existing = this.session.documentOf(file, this.project);
      const doc = existing ?? EMPTY;
      // A missing file is created, then filled: its edits all insert at offset 0, in order.
      const lspEdits: LspTextEdit[] = existing
        ? list.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText }))
        : [{ range: rangeOf(EMPTY, 0, 0), newText: list.map((e) => e.newText).join('') }];
      if (!existing && canCreate) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      const open = this.session.workspace.find(uri);
      documentChanges.push({ textDocument: { uri, version: open ? open.version : null }, edits: lspEdits });
      changes[uri] = lspEdits;
    }
    return supportsChanges ? { documentChanges } : { changes };
  }
}

/**
 * Move a secret to the `.env.secrets` beside it, only where that keeps every environment's value:
 * from a deploy target's `.env` (its `.env.secrets` serves that target alone), or from the root
 * `.env` when no environment file sets the key too (1.x: `.env.secrets` would then win over it).
 * A root `.env.<env>` never qualifies: `.env.secrets` applies to every environment.
 */
function moveSecret(session: Session, model: DocumentModel, entry: EntryLine, findings: CoreDiagnostic[]): { title: string; kind: string; edits: TextEdit[] } | undefined {
  const project = model.project;
  if (!model.path || !project || !isSecretKey(entry.key) || entry.value.text.trim() === '') return undefined;
  if (session.profile !== '1.x' || path.basename(model.path) !== '.env') return undefined;
  const dir = path.dirname(model.path);
  const isTarget = path.basename(path.dirname(dir)) === '.environments';
  if (!isTarget && dir !== project.root) return undefined;
  const target = path.join(dir, '.env.secrets');
  if (!isTarget) {
    const overridden = project
      .envFiles()
      .filter((f) => path.dirname(f) === dir && f !== model.path && !['.env.secrets', '.env.local'].includes(path.basename(f)))
      .some((f) => session.documentOf(f, project)?.entries.some((e) => e.key === entry.key));
    if (overridden) return undefined;
  }
  const related = findings.filter((d) => d.start <= entry.keySpan.end && d.end >= entry.keySpan.start);
  // The secret-in-tracked-file rule may already offer this move; do not offer it twice.
  if (related.some((d) => d.fixes?.some((f) => f.edits.some((e) => e.file === target)))) return undefined;
  const doc = model.doc;
  const text = doc.text.slice(entry.keySpan.start, entry.end);
  const edits: TextEdit[] = [deleteLineEdit(doc, entry)];
  const secrets = session.documentOf(target, project);
  const existing = secrets?.entries.filter((e) => e.key === entry.key).pop();
  if (secrets && existing) edits.push({ file: target, start: existing.start, end: existing.end, newText: text });
  else edits.push(appendLineEdit(target, secrets, text));
  return { title: `Move ${entry.key} to .env.secrets`, kind: related.length > 0 ? CodeActionKind.QuickFix : REFACTOR_MOVE, edits };
}

/** A frontend app with a NAME but no PORT in this environment: add the port it will get. */
function addFrontendPort(session: Session, model: DocumentModel, entry: EntryLine): { title: string; edits: TextEdit[] } | undefined {
  const member = familyMember(entry.key, session.catalog);
  if (member?.kind !== 'frontend') return undefined;
  const n = member.index;
  const config = session.config(model);
  const prefix = `FRONTEND_APP_${n}_`;
  if (config.binding(`${prefix}PORT`) || model.doc.entries.some((e) => e.key === `${prefix}PORT`)) return undefined;
  if (!config.binding(`${prefix}NAME`) && !config.binding(`${prefix}DISPLAY_NAME`) && !model.doc.entries.some((e) => e.key === `${prefix}NAME` || e.key === `${prefix}DISPLAY_NAME`)) return undefined;
  const port = freePort(3000 + n - 1, takenPorts(session.catalog, config, session.serviceModel(config), undefined, n));
  const last = model.doc.entries.filter((e) => e.key.startsWith(prefix)).pop() ?? entry;
  return { title: `Add ${prefix}PORT=${port}`, edits: [insertLineAfter(model.doc, last, `${prefix}PORT=${port}`)] };
}
