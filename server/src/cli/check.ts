import * as fs from 'fs';
import * as path from 'path';
import { CONTROL_PLANE_CODES, controlPlanePath } from '../core/deploy/controlPlane';
import { deployFileProblems, isDeployFilePath, type TargetProblem } from '../core/deploy/targets';
import { isServerJsonPath, SERVER_JSON_CODES, serverJsonFiles } from '../core/project/serverJson';
import { isSecretKey, SecretMasker } from '../core/secrets';
import { parseEnv, type EnvDocument } from '../core/parser/parse';
import { findProjectRoot, isEnvFileName, nodeHost, Project, snapshotHost } from '../core/project';
import { allRules, DiagnosticSet, validateDocument, validateProject, type Diagnostic, type ValidateOptions } from '../core/rules';
import { gitTrackedFiles } from '../node/git';
import { formatJson, formatSarif, formatText, toCliDiagnostic, type CliDiagnostic } from './format';
import { checkEnvName, displayPath, resolveProfile, UsageError, type CliValues } from './options';
import { version } from './version';

/** `nself-env check`: exit 1 when an error is reported, 2 on usage or I/O problems. */
export async function runCheck(paths: string[], values: CliValues, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const profile = await resolveProfile(values.profile);
  const targets = paths.length ? paths : ['.'];

  const docs = new Map<string, EnvDocument>();
  const found: Diagnostic[] = [];
  /** Deploy target files (control-plane.yaml, server.json) judged, each once however many paths lead to it. */
  const deployFiles = new Map<string, TargetProblem[]>();
  for (const target of targets) {
    const absolute = path.resolve(target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      err.write(`nself-env: ${target}: no such file or folder\n`);
      return 2;
    }
    const root = findProjectRoot(absolute);
    // One reading of the files for the whole check: each cascade file is otherwise read again per environment.
    const project = root ? new Project(root, snapshotHost(nodeHost)) : undefined;
    checkEnvName(values.env, project);
    const options = { profile, env: values.env, gitTracked: root ? lazyGitTracked(root) : undefined, onRuleError: reportRuleError(err) };
    if (stat.isDirectory()) {
      if (project) {
        for (const d of validateProject(project, { ...options, envs: values.env ? [values.env] : undefined })) found.push(d);
        for (const file of project.envFiles()) rememberDoc(docs, project.document(file));
        checkDeployFile(controlPlanePath(project.root), project.host.readText(controlPlanePath(project.root)), deployFiles);
        for (const file of serverJsonFiles(project.host, project.root)) checkDeployFile(file, project.host.readText(file), deployFiles);
      } else {
        const files = fs.readdirSync(absolute).filter(isEnvFileName).map((name) => path.join(absolute, name));
        if (files.length === 0) {
          err.write(`nself-env: ${target}: no nself project and no env files here\n`);
          return 2;
        }
        for (const file of files) for (const d of checkFile(file, project, options, docs)) found.push(d);
      }
    } else if (isDeployFilePath(absolute)) {
      // YAML or JSON, not an env file: judged as the deploy target file it is.
      checkDeployFile(absolute, (project?.host ?? nodeHost).readText(absolute), deployFiles);
    } else {
      for (const d of checkFile(absolute, project, options, docs)) found.push(d);
    }
  }

  // Messages quote values: shown with the same masking policy as the editor's Problems.
  const masker = new SecretMasker(secretValues(docs.values()));
  const list: CliDiagnostic[] = dedupe(found).map((d) => {
    const cli = toCliDiagnostic(d, docs.get(d.file));
    return { ...cli, message: masker.message(cli.message) };
  });
  for (const problems of deployFiles.values()) for (const p of problems) list.push({ ...targetProblemToCli(p), message: masker.message(p.message) });
  if (format === 'json') out.write(formatJson(list));
  else if (format === 'sarif') out.write(formatSarif(list, [...allRules, ...CONTROL_PLANE_CODES, ...SERVER_JSON_CODES], version));
  else {
    out.write(formatText(list));
    err.write(summary(list, docs.size + deployFiles.size) + '\n');
  }
  return list.some((d) => d.severity === 'error') ? 1 : 0;
}

/** A deploy target file (absent: nothing to say), judged once. */
function checkDeployFile(file: string, text: string | undefined, judged: Map<string, TargetProblem[]>): void {
  if (text === undefined || judged.has(file)) return;
  judged.set(file, deployFileProblems(file, text));
}

/** A deploy target file problem with 1-based positions, like every other finding. */
function targetProblemToCli(p: TargetProblem): CliDiagnostic {
  const start = p.range?.start ?? { line: p.line, character: 0 };
  const end = p.range?.end ?? start;
  return {
    file: displayPath(p.file),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: p.severity,
    code: p.code ?? (isServerJsonPath(p.file) ? 'server-json-value' : 'control-plane-value'),
    message: p.message,
  };
}

function checkFile(file: string, project: Project | undefined, options: ValidateOptions, docs: Map<string, EnvDocument>): Diagnostic[] {
  const doc = project ? project.document(file) : readStandalone(file);
  if (!doc) throw new Error(`${file}: cannot read the file`);
  rememberDoc(docs, doc);
  return validateDocument(doc, project, options);
}

/** A file outside any project, read with the same size limit as a project's files. */
function readStandalone(file: string): EnvDocument | undefined {
  const text = nodeHost.readText(file);
  return text === undefined ? undefined : parseEnv(text, file);
}

function rememberDoc(docs: Map<string, EnvDocument>, doc: EnvDocument | undefined): void {
  if (doc) docs.set(doc.path, doc);
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const set = new DiagnosticSet();
  for (const d of list) set.add(d);
  return set.list;
}

/** The secret values written in the checked files (several projects may be checked at once). */
function secretValues(docs: Iterable<EnvDocument>): string[] {
  const values: string[] = [];
  for (const doc of docs) for (const entry of doc.entries) if (isSecretKey(entry.key)) values.push(entry.value.text);
  return values;
}

function summary(list: CliDiagnostic[], files: number): string {
  const count = (severity: string) => list.filter((d) => d.severity === severity).length;
  return `${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} notes in ${files} files`;
}

/** A rule that throws is a bug of ours: said once per rule on stderr, and the check goes on. */
function reportRuleError(err: NodeJS.WritableStream): NonNullable<ValidateOptions['onRuleError']> {
  const said = new Set<string>();
  return (rule, file, error) => {
    if (said.has(rule.code)) return;
    said.add(rule.code);
    err.write(`nself-env: internal error: rule ${rule.code} failed on ${displayPath(file)} (${(error as Error)?.message ?? String(error)}); its findings are missing. Please report it.\n`);
  };
}

/** git's index is read on the first question only: a check of a project without committed secrets never reads it. */
function lazyGitTracked(root: string): (file: string) => boolean | undefined {
  let tracked: ((file: string) => boolean | undefined) | undefined | null = null;
  return (file) => {
    if (tracked === null) tracked = gitTrackedFiles(root);
    return tracked?.(file);
  };
}
