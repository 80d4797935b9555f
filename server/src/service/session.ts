import type { ClientCapabilities } from 'vscode-languageserver';
import { getCatalog } from '../core/catalog';
import type { Catalog, Profile } from '../core/catalog/types';
import { deriveServiceModel } from '../core/model';
import type { ServiceModel } from '../core/model/types';
import type { EnvDocument } from '../core/parser';
import { buildEffectiveConfig, canonicalEnv, type EffectiveConfig, type Project } from '../core/project';
import { secretValuesOf } from '../core/model/mask';
import { SecretMasker } from '../core/secrets';
import { defaultSettings, resolveProfile, type Settings } from '../settings';
import { pathToUri } from './convert';
import type { DocumentModel } from './documentModel';
import { GitTracker } from './gitTracker';
import { Workspace } from './workspace';

/**
 * What every feature reads: the workspace, the settings, the profile and the active environment,
 * plus the derived views (effective config, service model) with their caches.
 */
export class Session {
  readonly workspace = new Workspace();
  /** Which files git tracks; `onChange` is wired by the language service. */
  readonly git = new GitTracker(() => this.onGitChange());
  onGitChange: () => void = () => undefined;
  settings: Settings = defaultSettings;
  capabilities: ClientCapabilities = {};
  nselfVersion: string | undefined;
  /** Whether the client said the workspace is trusted (`initializationOptions.trusted: true`). */
  trusted = false;
  /** Set by `nself/setActiveEnvironment`; wins over the setting until cleared. */
  environmentOverride: string | undefined;

  private readonly standaloneConfigs = new WeakMap<EnvDocument, EffectiveConfig>();
  private readonly models = new WeakMap<EffectiveConfig, ServiceModel | null>();
  private readonly maskers = new WeakMap<EffectiveConfig, SecretMasker>();

  get profile(): Profile {
    return resolveProfile(this.settings.profile, this.nselfVersion);
  }

  get catalog(): Catalog {
    return getCatalog(this.profile);
  }

  /** The environment name as the user picked it (may be a deploy target). */
  get activeEnvironment(): string {
    return this.environmentOverride ?? this.settings.environment;
  }

  /**
   * True when language features apply: inside an nself root, or a buffer that is not a file
   * (untitled), which is checked on its own. Other `.env` files belong to other extensions, and
   * the deploy target files (`.nself/control-plane.yaml`, `.environments/<name>/server.json`) get
   * only their own diagnostics.
   */
  isActive(model: DocumentModel): boolean {
    if (model.kind !== 'env') return false;
    return model.path === undefined || model.project !== undefined;
  }

  /** The environment a file is read in: its own (`.env.prod` → prod, a target's folder) or the active one. */
  envFor(model: DocumentModel): string {
    const own = model.path ? model.project?.environmentOf(model.path) : undefined;
    return own ?? this.activeEnvironment;
  }

  /** The effective config the file takes part in (for a lone buffer: the buffer alone). */
  config(model: DocumentModel): EffectiveConfig {
    const project = model.project;
    const doc = model.doc;
    if (project) {
      const config = project.effective(this.envFor(model), this.profile);
      if (config.layers.some((layer) => layer.path === model.path)) return config;
      // A file outside the cascade of its environment (e.g. `.env.example`): read it alone.
    }
    let config = this.standaloneConfigs.get(doc);
    if (!config) {
      config = buildEffectiveConfig([{ path: doc.path, role: 'base', doc }], canonicalEnv(this.envFor(model)) ?? 'dev', this.profile, false);
      this.standaloneConfigs.set(doc, config);
    }
    return config;
  }

  /** The service model of a config, derived once per config; undefined if the derivation fails. */
  serviceModel(config: EffectiveConfig): ServiceModel | undefined {
    let model = this.models.get(config);
    if (model === undefined && !this.models.has(config)) {
      try {
        model = deriveServiceModel(config, getCatalog(config.profile));
      } catch {
        model = null;
      }
      this.models.set(config, model ?? null);
    }
    return model ?? undefined;
  }

  /**
   * The masking policy for what features show of a config (`core/secrets.ts`), honouring
   * `nself.maskSecrets`; one per config, since it knows that environment's secret values.
   */
  masker(config?: EffectiveConfig): SecretMasker {
    const enabled = this.settings.maskSecrets;
    if (!config) return new SecretMasker([], enabled);
    let masker = this.maskers.get(config);
    if (!masker || masker.enabled !== enabled) this.maskers.set(config, (masker = new SecretMasker(secretValuesOf(config), enabled)));
    return masker;
  }

  /** A key's value as hovers, completions, symbols and inlay hints show it. */
  display(key: string, value: string, config?: EffectiveConfig): string {
    return this.masker(config).value(key, value);
  }

  /** A message that may quote values (rule messages, fix titles), as the editor shows it. */
  redact(text: string, config: EffectiveConfig): string {
    return this.masker(config).message(text);
  }

  /** The parsed document of any file: the open buffer's model, else the project's read of the disk. */
  documentOf(file: string, project: Project | undefined): EnvDocument | undefined {
    const open = this.workspace.modelOfPath(file) ?? this.workspace.find(file);
    if (open) return open.doc;
    return project?.document(file);
  }

  /** The URI to use for a file: the one the client opened it with, else a `file:` URI. */
  uriOf(file: string): string {
    return this.workspace.modelOfPath(file)?.uri ?? this.workspace.find(file)?.uri ?? pathToUri(file);
  }

  /** Where a value comes from, as `file:line` relative to the project root. */
  where(file: string, line: number): string {
    const root = file.includes('/') || file.includes('\\') ? this.workspace.projectForPath(file)?.root : undefined;
    const shown = root && file.startsWith(root) ? file.slice(root.length + 1) : file;
    return `${shown}:${line + 1}`;
  }
}
