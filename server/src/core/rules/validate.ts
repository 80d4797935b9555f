import * as path from 'path';
import { getCatalog } from '../catalog';
import type { Profile } from '../catalog/types';
import type { EnvDocument } from '../parser/parse';
import { buildEffectiveConfig } from '../project/effective';
import { canonicalEnv } from '../project/environments';
import type { Project } from '../project/project';
import type { EffectiveConfig, LayerRole } from '../project/types';
import { boundMessage } from './message';
import { allRules } from './registry';
import type { Diagnostic, Report, Rule, RuleContext, Severity } from './types';

export interface ValidateOptions {
  profile: Profile;
  /** The active environment, used for files shared by every environment (`.env`, `.env.secrets`). */
  env?: string;
  /** Per-code severity overrides from settings; `off` disables a rule. */
  severities?: Record<string, Severity | 'off'>;
  gitTracked?: (file: string) => boolean | undefined;
  rules?: readonly Rule[];
  /**
   * Called when a rule throws (a bug in the rule, never the user's fault). Its findings for that
   * file are dropped; the caller logs the error. Without it, the error is ignored.
   */
  onRuleError?: (rule: Rule, file: string, error: unknown) => void;
}

/** Files that belong to no environment: checked alone, never as part of a cascade. */
const STANDALONE = new Set(['.env.example', '.env.sample', '.env.template']);

/**
 * Diagnostics for one document: its syntax and file rules, plus the findings of the config
 * rules of its environment that land in this file.
 */
export function validateDocument(doc: EnvDocument, project: Project | undefined, options: ValidateOptions): Diagnostic[] {
  const target = contextFor(doc, project, options);
  const out: Diagnostic[] = [];
  for (const rule of activeRules(options)) {
    if (rule.scope === 'config') continue;
    runRule(rule, target, options, out);
  }
  for (const finding of configFindings(target, options)) if (finding.file === doc.path) out.push(finding);
  return sortDiagnostics(out);
}

/** Every finding in a project: each env file, and the config rules of each environment. */
export function validateProject(project: Project, options: ValidateOptions & { envs?: string[] }): Diagnostic[] {
  const out = new DiagnosticSet();
  const add = (d: Diagnostic) => out.add(d);
  const files = project.envFiles();
  for (const file of files) {
    const doc = project.document(file);
    if (doc) validateDocument(doc, project, options).forEach(add);
  }
  for (const env of options.envs ?? project.environments()) {
    const config = project.effective(env, options.profile);
    if (!config.layers.some((layer) => layer.doc)) continue;
    const anchor = config.layers.find((layer) => layer.doc)!.doc!;
    const target: Target = { doc: anchor, project, env: config.env, config, role: undefined };
    configFindings(target, options).forEach(add);
  }
  return sortDiagnostics(out.list);
}

/**
 * Findings without repeats: a file shared by every environment gets the same finding from each
 * of them. Equal means same file, start, code and message. Indexed by file and start, so checking
 * tens of thousands of findings builds no key strings.
 */
export class DiagnosticSet {
  readonly list: Diagnostic[] = [];
  private readonly byFile = new Map<string, Map<number, Diagnostic[]>>();

  /** Adds `d` unless an equal finding is there already; true when added. */
  add(d: Diagnostic): boolean {
    let byStart = this.byFile.get(d.file);
    if (!byStart) this.byFile.set(d.file, (byStart = new Map()));
    const same = byStart.get(d.start);
    if (!same) byStart.set(d.start, [d]);
    else if (same.some((o) => o === d || (o.code === d.code && o.message === d.message))) return false;
    else same.push(d);
    this.list.push(d);
    return true;
  }
}

interface Target {
  doc: EnvDocument;
  project?: Project;
  env: string;
  config: EffectiveConfig;
  role?: LayerRole;
}

function contextFor(doc: EnvDocument, project: Project | undefined, options: ValidateOptions): Target {
  const activeEnv = canonicalEnv(options.env ?? 'dev') ?? 'dev';
  const standalone = !project || STANDALONE.has(path.basename(doc.path)) || !project.envFiles().includes(doc.path);
  if (standalone) {
    const env = (project?.environmentOf(doc.path) && canonicalEnv(project.environmentOf(doc.path)!)) || activeEnv;
    const config = buildEffectiveConfig([{ path: doc.path, role: 'base', doc }], env, options.profile, false);
    return { doc, project: undefined, env, config };
  }
  const env = project.environmentOf(doc.path) ?? activeEnv;
  const config = project.effective(env, options.profile);
  const layer = config.layers.find((l) => l.path === doc.path);
  if (!layer) {
    // A file outside the active cascade (e.g. `.env.local` seen from prod): check it in dev.
    const devConfig = project.effective('dev', options.profile);
    return { doc, project, env: devConfig.env, config: devConfig, role: devConfig.layers.find((l) => l.path === doc.path)?.role };
  }
  return { doc, project, env: config.env, config, role: layer.role };
}

const configCache = new WeakMap<EffectiveConfig, Map<string, Diagnostic[]>>();

function configFindings(target: Target, options: ValidateOptions): Diagnostic[] {
  const key = JSON.stringify(options.severities ?? {}) + (options.rules ? options.rules.map((r) => r.code).join() : '');
  let byOptions = configCache.get(target.config);
  const cached = byOptions?.get(key);
  if (cached) return cached;
  const out: Diagnostic[] = [];
  for (const rule of activeRules(options)) {
    if (rule.scope === 'config') runRule(rule, target, options, out);
  }
  if (!byOptions) configCache.set(target.config, (byOptions = new Map()));
  byOptions.set(key, out);
  return out;
}

function activeRules(options: ValidateOptions): Rule[] {
  return (options.rules ?? allRules).filter(
    (rule) => (!rule.profiles || rule.profiles.includes(options.profile)) && options.severities?.[rule.code] !== 'off',
  );
}

function runRule(rule: Rule, target: Target, options: ValidateOptions, out: Diagnostic[]): void {
  const override = options.severities?.[rule.code];
  const context: RuleContext = {
    doc: target.doc,
    catalog: getCatalog(options.profile),
    profile: options.profile,
    env: target.env,
    config: target.config,
    project: target.project,
    role: target.role,
    gitTracked: options.gitTracked,
    report(finding: Report) {
      out.push({
        file: (finding.doc ?? target.doc).path,
        start: finding.start,
        end: finding.end,
        severity: override && override !== 'off' ? override : finding.severity ?? rule.severity,
        code: rule.code,
        message: boundMessage(finding.message),
        fixes: finding.fixes?.map((fix) => ({ ...fix, title: boundMessage(fix.title) })),
        related: finding.related?.map((r) => ({ ...r, message: boundMessage(r.message) })),
        tags: finding.tags,
      });
    },
  };
  const before = out.length;
  try {
    rule.check(context);
  } catch (error) {
    // A rule bug must never take the check down, nor turn into a code nobody documented: drop
    // what the rule reported for this file and let the caller log the error.
    out.length = before;
    options.onRuleError?.(rule, target.doc.path, error);
  }
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => (a.file === b.file ? a.start - b.start || a.code.localeCompare(b.code) : a.file.localeCompare(b.file)));
}
