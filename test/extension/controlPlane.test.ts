import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, nselfDiagnostics, openDoc, tempDemoCopy, waitFor } from './helpers';
import { PATIENCE } from '../helpers/patience';

const codeOf = (d: vscode.Diagnostic) => String(d.code && typeof d.code === 'object' ? d.code.value : d.code);
const shape = (list: vscode.Diagnostic[]) => list.map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();

describe('nself: deploy target file diagnostics in the editor (control-plane.yaml, server.json)', function () {
  this.timeout(PATIENCE.build);
  let root: string;

  before(async () => {
    await activeExtension();
    root = tempDemoCopy();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows each problem once, on the key or value at fault, live while typing', async () => {
    const file = path.join(root, '.nself', 'control-plane.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, ['schema_version: 2', 'environments:', '  staging:', '    kind: remote', '    servers:', '      - host: [deploy]', '        sever: x', ''].join('\n'));
    const doc = await openDoc(vscode.Uri.file(file));
    const found = await waitFor('control-plane diagnostics', () => {
      const list = nselfDiagnostics(doc.uri);
      return list.length >= 2 ? list : undefined;
    });
    // One publisher only (the language server): the client's own collection is gone.
    assert.deepStrictEqual(shape(vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d).startsWith('control-plane'))), ['control-plane-type 5:14-5:22', 'control-plane-unknown-key 6:8-6:13']);
    assert.ok(found.every((d) => d.source === 'nself'));
    // Fixed in the buffer, not saved: the problems go.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(5, 0, 7, 0), '      - host: deploy@stage.example.com\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the problems to clear', () => nselfDiagnostics(doc.uri).length === 0);
  });

  it('server.json the same way: each problem once, on the value at fault, live while typing', async () => {
    const file = path.join(root, '.environments', 'qa', 'server.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, ['{', '  "name": "qa",', '  "host": "a;b",', '  "user": "deploy",', '  "hots": "x"', '}', ''].join('\n'));
    const doc = await openDoc(vscode.Uri.file(file));
    await waitFor('server.json diagnostics', () => nselfDiagnostics(doc.uri).length >= 2);
    // VS Code's own JSON support may add its diagnostics; ours come once, from the language server.
    assert.deepStrictEqual(shape(vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d).startsWith('server-json'))), ['server-json-unknown-key 4:2-4:8', 'server-json-value 2:10-2:15']);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(2, 0, 5, 0), '  "host": "qa.example.com",\n  "user": "deploy"\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the problems to clear', () => nselfDiagnostics(doc.uri).length === 0);
  });
});
