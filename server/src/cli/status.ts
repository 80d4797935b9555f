import { maskServiceModel } from '../core/model/mask';
import { SecretMasker } from '../core/secrets';
import { GROUP_TITLES, type StackRow } from '../core/stack/rows';
import { EngineError, openEngine } from '../node/docker/engine';
import { readStackOnce } from '../node/docker/stackState';
import { loadModel } from './services';
import { UsageError, type CliValues } from './options';

/** Exit status when the engine cannot be reached (distinct from 1 "a service is not OK"). */
export const EXIT_ENGINE_UNREACHABLE = 3;

/**
 * `nself-env status [PATH] [--env NAME] [--json]`: the services view's rows from the same stack-state
 * code, as a table or JSON. Exit 0 when every service that should run is OK, 1 when one is not,
 * 3 when the engine cannot be reached. `--docker-host` or DOCKER_HOST / contexts pick the engine.
 */
export async function runStatus(paths: string[], values: CliValues & { 'docker-host'?: string }, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  if (paths.length > 1) throw new UsageError('status takes one project folder');
  const { model, secrets } = await loadModel(paths[0] ?? '.', values);
  const shown = maskServiceModel(model, secrets);
  const masker = new SecretMasker(secrets);
  let snapshot;
  try {
    const engine = openEngine(values['docker-host']);
    snapshot = await readStackOnce(engine.docker, engine.endpoint, shown);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (values.json) out.write(JSON.stringify({ project: model.projectName, env: model.env, error: { kind: error.problem.kind, message: error.problem.message, hint: error.problem.hint } }, null, 2) + '\n');
    err.write(`nself-env: ${error.problem.message}\n  ${error.problem.hint}\n`);
    return EXIT_ENGINE_UNREACHABLE;
  }
  const { rows, summary } = snapshot;
  if (values.json) {
    const json = {
      project: model.projectName,
      env: model.env,
      up: summary.up,
      total: summary.total,
      ok: summary.failed.length === 0 && summary.pending.length === 0,
      services: rows.map((r) => ({
        name: r.name,
        group: r.group,
        state: r.state,
        verdict: r.verdict,
        shouldRun: r.shouldRun,
        exitCode: r.exitCode,
        container: r.containerName,
        containerId: r.containers[0]?.id,
        image: r.image,
        hostPort: r.hostPort,
        url: r.url,
        description: r.description,
        health: r.healthOutput.map((h) => masker.text(h)),
      })),
    };
    out.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    out.write(`${model.projectName} (${model.env}): ${summary.up}/${summary.total} up\n`);
    const table = rows.map((r) => [GROUP_TITLES[r.group], r.name, stateText(r), r.description]);
    const widths = [0, 1, 2].map((i) => Math.max(...table.map((t) => t[i]!.length), 4));
    for (const row of table) out.write(row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd() + '\n');
    for (const r of rows.filter((x) => x.healthOutput.length)) out.write(`  ${r.name} health: ${masker.text(r.healthOutput.at(-1)!).split('\n')[0]}\n`);
  }
  // Pending (starting, restarting) is not OK yet: a script waiting on status keeps waiting.
  return summary.failed.length === 0 && summary.pending.length === 0 ? 0 : 1;
}

function stateText(r: StackRow): string {
  const mark = r.verdict === 'ok' ? '✓' : r.verdict === 'pending' ? '…' : '✗';
  return `${mark} ${r.state === 'exited' ? `exited ${r.exitCode ?? ''}`.trim() : r.state}`;
}
