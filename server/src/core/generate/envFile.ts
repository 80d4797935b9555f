import type { ServiceModel } from '../model/types';
import { hashHeader } from './header';
import { planVariables } from './secretEnv';
import type { GenerateOptions } from './types';

/**
 * The env file compose runs with (`--env-file .env.runtime`): the project keys plus every secret
 * value docker-compose.yml refers to as `${VAR}`. Keys are sorted, so the same model always gives
 * the same bytes. It holds secrets: write it with mode 0600 and keep it out of git.
 */
export function generateEnvFile(model: ServiceModel, opts: GenerateOptions = {}): string {
  const values = new Map<string, string>([
    // Compose v1 reads COMPOSE_PROJECT_NAME from the env file, so it finds the right project
    // even without `-p` (it ignores the name: key it cannot parse).
    ['COMPOSE_PROJECT_NAME', model.projectName],
    ['PROJECT_NAME', model.projectName],
    ['BASE_DOMAIN', model.baseDomain],
    ['ENV', model.env],
    ['DOCKER_NETWORK', model.network],
  ]);
  for (const [name, value] of planVariables(model).values) values.set(name, value);

  const lines = [...values.keys()].sort().map((k) => `${k}=${formatEnvValue(values.get(k) ?? '')}`);
  return hashHeader(model, opts) + '# Holds secrets: keep it out of git (mode 600).\n\n' + lines.join('\n') + '\n';
}

/**
 * A value as both Compose v1 (python-dotenv) and v2 read it back unchanged: bare when it has only
 * safe characters, single-quoted (no escapes, no `${}` expansion) otherwise. A value containing a
 * single quote or a line break is double-quoted with `\\`, `"`, `$` and line breaks escaped.
 */
export function formatEnvValue(value: string): string {
  if (value === '') return '';
  if (/^[A-Za-z0-9_./:@%+,=-]+$/.test(value)) return value;
  // A line break inside single quotes would be read as a new line (a new KEY=) by a reader that
  // does not support multi-line values; escaped in double quotes it stays in the value.
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}
