import type { Catalog, Profile } from '../catalog/types';
import type { EnvDocument } from '../parser/parse';
import type { EffectiveConfig, LayerRole } from '../project/types';
import type { Project } from '../project/project';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A replacement of `[start, end)` in a file's text (offsets into `EnvDocument.text`). */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

/** A quick fix: edits that are safe to apply without asking. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor applies on "auto fix". */
  preferred?: boolean;
}

export interface RelatedLocation {
  file: string;
  start: number;
  end: number;
  message: string;
}

/** One finding, positioned by offsets in `file`. */
export interface Diagnostic {
  file: string;
  start: number;
  end: number;
  severity: Severity;
  code: string;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  tags?: ('unnecessary' | 'deprecated')[];
}

/** What a rule reports; the runner fills in the file (unless given), code and severity. */
export interface Report {
  start: number;
  end: number;
  message: string;
  /** Report on another file of the cascade (cross-file rules). Defaults to the checked document. */
  doc?: EnvDocument;
  fixes?: Fix[];
  related?: RelatedLocation[];
  tags?: ('unnecessary' | 'deprecated')[];
  /** Overrides the rule's default severity for this finding (e.g. warning in dev, error in prod). */
  severity?: Severity;
}

export interface RuleContext {
  /** The file being checked (for `config` rules: each file of the cascade in turn is not needed; see Rule.scope). */
  doc: EnvDocument;
  catalog: Catalog;
  profile: Profile;
  /** The canonical environment the check is for: dev, staging, prod or a custom name. */
  env: string;
  /** The effective config of that environment (for a lone file: that file alone). */
  config: EffectiveConfig;
  /** The project, when the file is inside one. */
  project?: Project;
  /** The role the file plays in the cascade, when it is part of it. */
  role?: LayerRole;
  /** Whether git tracks the file; undefined when unknown. */
  gitTracked?: (file: string) => boolean | undefined;
  report(finding: Report): void;
}

/**
 * One check. `syntax` and `file` rules look at one document; `config` rules look at the effective
 * config of an environment and may report on any file of its cascade.
 */
export interface Rule {
  /** Stable code, used by fixes, JSON/SARIF output, settings and suppressions. Never renamed. */
  code: string;
  /** One-line summary for the rule table. */
  title: string;
  /** What it checks and why, in a sentence or two, for docs and hovers. */
  description: string;
  severity: Severity;
  scope: 'syntax' | 'file' | 'config';
  /** Limits the rule to one profile; absent means both. */
  profiles?: Profile[];
  check(context: RuleContext): void;
}
