import { getCatalog } from '../core/catalog';
import { maskServiceModel, secretValuesOf } from '../core/model/mask';
import { deriveServiceModel } from '../core/model/serviceModel';
import type { ServiceModel } from '../core/model/types';
import { checkEnvName, openProject, resolveProfile, UsageError, type CliValues } from './options';

/** `nself-env services`: the service model of an environment, secrets masked unless --reveal. */
export async function runServices(paths: string[], values: CliValues, out: NodeJS.WritableStream, _err: NodeJS.WritableStream): Promise<number> {
  if (paths.length > 1) throw new UsageError('services takes one project folder');
  const { model, secrets } = await loadModel(paths[0] ?? '.', values);
  const shown = values.reveal ? model : maskServiceModel(model, secrets);
  if (values.json) {
    out.write(JSON.stringify(shown, null, 2) + '\n');
    return 0;
  }
  out.write(`${model.projectName} (${model.env}, ${model.profile}) on ${model.baseDomain}\n`);
  const rows = shown.services.map((s) => [s.kind, s.composeKey ?? s.id, s.containerName ?? '-', s.ports.map((p) => `${p.bind ? p.bind + ':' : ''}${p.host}`).join(',') || '-', s.routes.map((r) => r.url).join(' ') || '-']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 4));
  for (const row of rows) out.write(row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join('  ') + '\n');
  return 0;
}

/**
 * The service model of the project at `target` for `--env` (default dev), with the values of the
 * environment's secret keys to mask it with.
 */
export async function loadModel(target: string, values: CliValues): Promise<{ model: ServiceModel; secrets: string[] }> {
  const project = openProject(target);
  checkEnvName(values.env, project);
  const profile = await resolveProfile(values.profile);
  const config = project.effective(values.env ?? 'dev', profile);
  return { model: deriveServiceModel(config, getCatalog(profile)), secrets: secretValuesOf(config) };
}
