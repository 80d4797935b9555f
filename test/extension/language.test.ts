import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, demoFile, lineOf, nselfDiagnostics, openDoc, repoRoot, tempDemoCopy, waitFor } from './helpers';
import { PATIENCE } from '../helpers/patience';

function codeOf(d: vscode.Diagnostic): string {
  return String(d.code && typeof d.code === 'object' ? d.code.value : d.code);
}

/** Every diagnostic of a file, for failure messages. */
function describe_(uri: vscode.Uri): string {
  return vscode.languages.getDiagnostics(uri).map((d) => `${d.source}:${d.range.start.line + 1}:${codeOf(d)}`).join(' ') || 'none';
}

describe('nself: language features in examples/demo', function () {
  this.timeout(PATIENCE.build);
  let env: vscode.TextDocument;

  before(async () => {
    await activeExtension();
    env = await openDoc(demoFile('.env'));
  });

  it('publishes diagnostics while typing (syntax rule on an unsaved edit, in a temp copy)', async () => {
    const root = tempDemoCopy();
    try {
      const doc = await openDoc(vscode.Uri.file(path.join(root, '.env')));
      const line = lineOf(doc, 'PROJECT_NAME=');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(line, 0), 'MY_SETTING = spaced\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const diags = await waitFor('a diagnostic on the inserted line', () => {
        const d = nselfDiagnostics(doc.uri).filter((x) => x.range.start.line === line);
        return d.length > 0 ? d : undefined;
      });
      console.log(`[language] typed line: ${diags.map((d) => `${codeOf(d)}: ${d.message}`).join(' | ')}`);
      // Deleting the line again clears it, without saving anything.
      const undo = new vscode.WorkspaceEdit();
      undo.delete(doc.uri, new vscode.Range(line, 0, line + 1, 0));
      assert.ok(await vscode.workspace.applyEdit(undo));
      await waitFor('the diagnostic to go with the line', () => !nselfDiagnostics(doc.uri).some((d) => d.range.start.line === line));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      // Retries: once, on a busy run, a file appeared in the copy while it was removed (ENOTEMPTY).
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });

  it('publishes diagnostics for the deliberate mistakes in .env (README of the example)', async () => {
    const diags = await waitFor(`nself diagnostics on .env (all: ${describe_(env.uri)})`, () => {
      const d = nselfDiagnostics(env.uri);
      return d.length > 0 ? d : undefined;
    });
    console.log(`[language] .env: ${diags.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).join(' ')}`);
    // README of the example: CS_4's template is a typo (`expres-ts`): an error on that line.
    const cs4 = lineOf(env, 'CS_4=');
    await waitFor('an error on the CS_4 line (unknown template expres-ts)', () =>
      nselfDiagnostics(env.uri).some((d) => d.range.start.line === cs4 && d.severity === vscode.DiagnosticSeverity.Error),
    );
    // And `SEARCH_ENABLED=yes`: flags are exactly true/false.
    const search = lineOf(env, 'SEARCH_ENABLED=');
    await waitFor('a diagnostic on SEARCH_ENABLED=yes', () => nselfDiagnostics(env.uri).some((d) => d.range.start.line === search));
  });

  it('completes nself keys', async () => {
    const line = lineOf(env, 'REDIS_ENABLED=');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', env.uri, new vscode.Position(line, 2));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.some((l) => l.startsWith('RE')), `no key completions: ${labels.slice(0, 20).join(', ')}`);
    assert.ok(labels.some((l) => /_ENABLED$/.test(l)), `no *_ENABLED flag among ${labels.length} completions`);
  });

  it('hovers a custom service with its derived names', async () => {
    const line = lineOf(env, 'CS_1=');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', env.uri, new vscode.Position(line, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.length > 0, 'no hover on CS_1');
    assert.match(text, /api/, text);
  });

  it('offers a quick fix for SEARCH_ENABLED=yes', async () => {
    const line = lineOf(env, 'SEARCH_ENABLED=');
    await waitFor('the diagnostic to fix', () => nselfDiagnostics(env.uri).some((d) => d.range.start.line === line));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', env.uri, env.lineAt(line).range);
    const fixes = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
    assert.ok(fixes.length > 0, `no quick fix; actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(fixes.some((a) => /true/.test(a.title)), `no fix to true: ${fixes.map((a) => a.title).join(' | ')}`);
  });

  it('lists document symbols for the keys', async () => {
    const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>('vscode.executeDocumentSymbolProvider', env.uri);
    const names: string[] = [];
    const walk = (list: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
      for (const s of list) {
        names.push(s.name);
        if ('children' in s) walk(s.children);
      }
    };
    walk(symbols ?? []);
    assert.ok(names.some((n) => n.includes('PROJECT_NAME')), `symbols: ${names.slice(0, 30).join(', ')}`);
    assert.ok(names.some((n) => n.includes('CS_1') || n.includes('api')), `no symbol for CS_1: ${names.slice(0, 30).join(', ')}`);
  });

  it('stays silent on a plain .env outside any nself project', async () => {
    const plain = vscode.Uri.file(path.join(await repoRoot(), 'test/extension/fixtures/plain/.env'));
    const doc = await openDoc(plain);
    // A file of an nself project opened right after is validated after this one (documents are
    // synced in order, validated in order): once its problems show, anything this file was going
    // to get has arrived. No fixed sleep, which a busy machine outlasts.
    const control = tempDemoCopy();
    try {
      const controlDoc = await openDoc(vscode.Uri.file(path.join(control, '.env')));
      await waitFor('diagnostics of a project file opened after the plain one', () => nselfDiagnostics(controlDoc.uri).length > 0);
    } finally {
      fs.rmSync(control, { recursive: true, force: true });
    }
    assert.deepStrictEqual(nselfDiagnostics(doc.uri).map((d) => d.message), []);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 1));
    const ours = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).filter((t) => /nself/i.test(t));
    assert.deepStrictEqual(ours, []);
  });
});
