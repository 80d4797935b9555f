import * as path from 'path';
import type { Profile } from '../catalog/types';
import { parseEnv, type EnvDocument } from '../parser/parse';
import { buildEffectiveConfig } from './effective';
import { canonicalEnv, cascadeFileNames, environmentOfFile, isEnvFileName, isGeneratedEnvFile } from './environments';
import { parseServerJson, type ServerJson, type ServerJsonProblem } from './serverJson';
import { nodeHost } from './discover';
import type { CascadeLayer, EffectiveConfig, LayerRole, ProjectHost } from './types';

/** A deploy target: `.environments/<name>/`. */
export interface DeployTarget {
  name: string;
  dir: string;
  server?: ServerJson;
  serverProblems: ServerJsonProblem[];
  /** True when `server.json` exists. */
  hasServerJson: boolean;
}

/**
 * One nself project: its env files, environments, deploy targets and effective configs.
 * Documents are parsed once per text and cached; an effective config is cached until one of the
 * files of its own cascade changes (a new parse of `.env.prod` leaves the dev config alone).
 */
export class Project {
  private readonly docs = new Map<string, EnvDocument>();
  private readonly configs = new Map<string, EffectiveConfig>();

  constructor(
    readonly root: string,
    readonly host: ProjectHost = nodeHost,
  ) {}

  /** The parsed document for a file, or undefined when it does not exist. */
  document(file: string): EnvDocument | undefined {
    const text = this.host.readText(file);
    const cached = this.docs.get(file);
    if (text === undefined) {
      if (cached) this.invalidate(file);
      return undefined;
    }
    if (cached && cached.text === (cached.bom ? text.slice(1) : text)) return cached;
    // Configs built on the previous parse see a different document in their layers now, and are
    // rebuilt when next asked for (see `effective`); the others stay.
    const doc = parseEnv(text, file);
    this.docs.set(file, doc);
    return doc;
  }

  /** Forget cached state for a file (call when it changed on disk or in an editor). */
  invalidate(file: string): void {
    this.docs.delete(file);
  }

  /** Every env file directly in the root and in `.environments/*`, generated ones excluded. */
  envFiles(): string[] {
    const files = (this.host.listDir(this.root) ?? [])
      .filter((name) => isEnvFileName(name) && !isGeneratedEnvFile(name))
      .sort()
      .map((name) => path.join(this.root, name));
    for (const target of this.targets()) {
      for (const name of (this.host.listDir(target.dir) ?? []).filter(isEnvFileName).sort()) files.push(path.join(target.dir, name));
    }
    return files;
  }

  /** `dev`, `staging`, `prod` and every custom environment that has a `.env.<name>` file. */
  environments(): string[] {
    const envs = new Set(['dev', 'staging', 'prod']);
    for (const name of this.host.listDir(this.root) ?? []) {
      const env = isEnvFileName(name) ? environmentOfFile(name) : undefined;
      if (env) envs.add(env);
    }
    return [...envs];
  }

  targets(): DeployTarget[] {
    const dir = path.join(this.root, '.environments');
    const names = this.host.listDir(dir) ?? [];
    const targets: DeployTarget[] = [];
    for (const name of names.sort()) {
      const targetDir = path.join(dir, name);
      if (!this.host.listDir(targetDir)) continue;
      const text = this.host.readText(path.join(targetDir, 'server.json'));
      const parsed = text === undefined ? { problems: [] } : parseServerJson(text);
      targets.push({ name, dir: targetDir, server: parsed.value, serverProblems: parsed.problems, hasServerJson: text !== undefined });
    }
    return targets;
  }

  /**
   * The cascade for an environment name, or for a deploy target (a folder under
   * `.environments/`), whose own `.env` and `.env.secrets` come last and drop `.env.local`.
   */
  cascade(env: string, profile: Profile, options: { deploy?: boolean } = {}): CascadeLayer[] {
    return this.layersFor(env, this.targets().find((t) => t.name === env), profile, options.deploy === true);
  }

  /** The effective config of an environment (or deploy target), cached until a file of its cascade changes. */
  effective(env: string, profile: Profile, options: { deploy?: boolean } = {}): EffectiveConfig {
    const cacheKey = `${env}\0${profile}\0${options.deploy === true}`;
    // The layers are read (and re-parsed if their text changed) on every call; the cached config
    // is good while it was built on exactly these documents, for the same environment.
    const target = this.targets().find((t) => t.name === env);
    const layers = this.layersFor(env, target, profile, options.deploy === true);
    const canonical = target ? targetEnvironment(target) : canonicalEnv(env) ?? 'dev';
    const deploy = options.deploy === true || target !== undefined;
    const cached = this.configs.get(cacheKey);
    if (cached && cached.env === canonical && cached.deploy === deploy && sameLayers(cached.layers, layers)) return cached;
    const config = buildEffectiveConfig(layers, canonical, profile, deploy);
    this.configs.set(cacheKey, config);
    return config;
  }

  private layersFor(env: string, target: DeployTarget | undefined, profile: Profile, deployRequested: boolean): CascadeLayer[] {
    const deploy = deployRequested || target !== undefined;
    const baseEnv = target ? targetEnvironment(target) : env;
    const layers: CascadeLayer[] = cascadeFileNames(baseEnv, profile, deploy).map(({ name, role }) => {
      const file = path.join(this.root, name);
      return { path: file, role, doc: this.document(file) };
    });
    if (target) {
      for (const [name, role] of [['.env', 'target'], ['.env.secrets', 'target-secrets']] as [string, LayerRole][]) {
        const file = path.join(target.dir, name);
        layers.push({ path: file, role, doc: this.document(file) });
      }
    }
    return layers;
  }

  /** The environment a file belongs to when it is environment-specific (`.env.prod` → `prod`). */
  environmentOf(file: string): string | undefined {
    const dir = path.dirname(file);
    if (path.basename(path.dirname(dir)) === '.environments') return path.basename(dir);
    return environmentOfFile(path.basename(file));
  }

  /** The role a file plays in the cascade of `env`, if it is part of it. */
  roleIn(file: string, env: string, profile: Profile): LayerRole | undefined {
    return this.cascade(env, profile).find((layer) => layer.path === file)?.role;
  }
}

/** True when two cascades are the same files with the same parsed documents (by identity). */
function sameLayers(a: readonly CascadeLayer[], b: readonly CascadeLayer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.path !== b[i]!.path || a[i]!.doc !== b[i]!.doc || a[i]!.role !== b[i]!.role) return false;
  return true;
}

/** The environment whose cascade a deploy target builds on: `server.json` type, else its name. */
function targetEnvironment(target: DeployTarget): string {
  const type = target.server?.type;
  if (type === 'production' || type === 'prod') return 'prod';
  if (type === 'staging') return 'staging';
  if (type === 'local' || type === 'development' || type === 'dev') return 'dev';
  return canonicalEnv(target.name) ?? 'dev';
}
