import * as vscode from 'vscode';
import { normalizeSettings, type Settings } from '../../server/src/settings';

/** The configuration section every setting lives under. */
export const SECTION = 'nself';

/**
 * The settings the client reads. The shared ones go through the server's schema, so both sides
 * agree on defaults and on what a malformed value means; `build.useCli` is the client's own.
 */
export interface ClientSettings extends Settings {
  build: { useCli: boolean };
}

export function readSettings(scope?: vscode.ConfigurationScope): ClientSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const shared = normalizeSettings({
    profile: config.get('profile'),
    environment: config.get('environment'),
    rules: config.get('rules'),
    maskSecrets: config.get('maskSecrets'),
    diagnostics: { debounceMs: config.get('diagnostics.debounceMs') },
  });
  // `nself.build.useCli` is a restricted setting: in an untrusted workspace VS Code ignores the
  // workspace value, and the build checks trust again before running anything.
  return { ...shared, build: { useCli: config.get<boolean>('build.useCli') === true } };
}
