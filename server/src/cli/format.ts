import type { Diagnostic, Rule } from '../core/rules/types';
import type { EnvDocument } from '../core/parser/parse';
import { escapeControls } from '../core/rules/message';
import { displayPath } from './options';

/** A diagnostic with 1-based positions, as every CLI format reports it. */
export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

/** Shown paths by file: thousands of findings share a handful of files, and path.relative is not free. */
const shownPaths = new Map<string, string>();

export function toCliDiagnostic(d: Diagnostic, doc: EnvDocument | undefined): CliDiagnostic {
  const start = doc ? doc.lineIndex.positionAt(d.start) : { line: 0, character: 0 };
  const end = doc ? doc.lineIndex.positionAt(d.end) : start;
  const memo = `${process.cwd()}\0${d.file}`;
  let file = shownPaths.get(memo);
  if (file === undefined) {
    if (shownPaths.size > 1000) shownPaths.clear();
    shownPaths.set(memo, (file = displayPath(d.file)));
  }
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/**
 * `file:line:col severity code message`, like a compiler: one finding per line, always. Control
 * characters and line separators in a message (a value may hold them) or a file name are escaped.
 */
export function formatText(list: CliDiagnostic[]): string {
  return list.map((d) => `${escapeControls(d.file)}:${d.line}:${d.column} ${d.severity} ${d.code} ${escapeControls(d.message)}`).join('\n') + (list.length ? '\n' : '');
}

export function formatJson(list: CliDiagnostic[]): string {
  return JSON.stringify(list, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const DOCS = 'https://github.com/nself-org/nself-vscode/blob/main/docs/rules.md';

/** SARIF 2.1.0 for code scanning: one run, every rule that fired described once. */
export function formatSarif(list: CliDiagnostic[], rules: readonly Pick<Rule, 'code' | 'title' | 'description' | 'severity'>[], version: string): string {
  const used = new Set(list.map((d) => d.code));
  const driverRules = rules
    .filter((rule) => used.has(rule.code))
    .map((rule) => ({
      id: rule.code,
      name: rule.code,
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.description },
      defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
      helpUri: `${DOCS}#${rule.code}`,
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'nself-env', version, informationUri: 'https://github.com/nself-org/nself-vscode', rules: driverRules } },
        results: list.map((d) => ({
          ruleId: d.code,
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file.split('\\').join('/') },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
