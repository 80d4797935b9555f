/**
 * `nself-env deploy <target>` for targets whose `orchestrator` is `swarm` or `kubernetes`: the
 * same inputs (loadDeployInputs: target, model of the deploy cascade, masker, problems), the same
 * pre-flight refusals, plan on stdout, confirmation (typed project name for production), progress
 * on stderr and exit codes as the single-server deploy; the orchestrator does the rolling update,
 * the gate reads its state, and the rollback is its own (Swarm's `failure_action: rollback`,
 * `kubectl rollout undo`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import type { ServerTarget } from '../core/deploy/targets';
import { generate, kubernetesObjects, stackName } from '../core/generate';
import { k8sName } from '../core/generate/kubernetes';
import { planVariables } from '../core/generate/secretEnv';
import { runKubernetesDeploy, type KubeTarget, type PlanChange } from '../core/orchestrators/kubernetes';
import { stackDeployArgv, type SwarmEndpoint } from '../core/orchestrators/swarm';
import type { DeployInputs } from '../node/deployInputs';
import { kubectlRunner } from '../node/kubernetes/kubectl';
import { StagedWrite } from '../node/stagedWrite';
import { SwarmClient } from '../node/swarm/swarmClient';

export const ORCHESTRATED_EXIT = { ok: 0, rolledBack: 1, declined: 3, stopped: 4, failedAfterSwitch: 5 } as const;

export interface OrchestratedIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  json: boolean;
  planOnly: boolean;
  confirm(target: ServerTarget, projectName: string): Promise<boolean>;
  /** How long the gate may wait (default 10 minutes: the rolling update itself waits for health). */
  gateTimeoutMs?: number;
}

/** Pre-flight shared by both kinds: configuration errors and missing secrets stop before anything runs. */
function preflight(inputs: DeployInputs, io: OrchestratedIo): number | undefined {
  const errors = inputs.problems.filter((p) => p.severity === 'error');
  if (errors.length === 0 && inputs.missingSecrets.length === 0) return undefined;
  for (const p of errors) io.err.write(`error: ${p.file}:${p.line + 1}: ${inputs.masker.message(p.message)}\n`);
  if (inputs.missingSecrets.length) io.err.write(`error: required secrets have no value for ${inputs.target.name}: ${inputs.missingSecrets.join(', ')}\n`);
  if (io.json) io.out.write(JSON.stringify({ result: 'failed', target: inputs.target.name, problems: errors.map((p) => p.message), missingSecrets: inputs.missingSecrets }, null, 2) + '\n');
  return ORCHESTRATED_EXIT.stopped;
}

/** Where the docker CLI reaches the manager: docker_host, docker_context, else ssh to the target's host. */
export function swarmEndpoint(target: ServerTarget): SwarmEndpoint {
  const o = target.orchestrator;
  if (o?.dockerHost) return { host: o.dockerHost };
  if (o?.dockerContext) return { context: o.dockerContext };
  return { host: `ssh://${target.user ? `${target.user}@` : ''}${target.host}${target.port && target.port !== 22 ? `:${target.port}` : ''}` };
}

export async function deploySwarm(inputs: DeployInputs, io: OrchestratedIo): Promise<number> {
  const stopped = preflight(inputs, io);
  if (stopped !== undefined) return stopped;
  const target = inputs.target as ServerTarget;
  const model = inputs.model;
  const [file] = generate(model, 'stack', { endpointMode: target.orchestrator?.endpointMode });
  const stack = stackName(model);
  const endpoint = swarmEndpoint(target);
  const doc = parse(file!.content, { version: '1.1' }) as { services: Record<string, { image: string; deploy?: { replicas?: number } }> };
  const plan = [
    `Plan: Docker Swarm stack ${stack} on ${'host' in endpoint ? endpoint.host : 'context' in endpoint ? `docker context ${endpoint.context}` : 'the default engine'} (target ${target.name})`,
    ...Object.entries(doc.services).map(([key, s]) => `  ${stack}_${key}: ${s.image} × ${s.deploy?.replicas ?? 1}`),
    'Secrets: from the env snapshot, in the environment of the command (not in the stack file).',
    `Runs: ${stackDeployArgv(endpoint, 'docker-stack.yml', stack).join(' ')}`,
    'A service whose new tasks fail (health included) is rolled back by Swarm (failure_action: rollback).',
    '',
  ].join('\n');
  if (!io.json) io.out.write(plan);
  if (io.planOnly) {
    if (io.json) io.out.write(JSON.stringify({ result: 'planned', target: target.name, kind: 'swarm', stack, stackFile: file!.content }, null, 2) + '\n');
    return ORCHESTRATED_EXIT.ok;
  }
  if (!(await io.confirm(target, model.projectName))) return ORCHESTRATED_EXIT.declined;

  const client = new SwarmClient(endpoint, { masker: inputs.masker });
  let report;
  try {
    report = await client.deployStack({
      stack,
      stackFile: file!.content,
      variables: Object.fromEntries(planVariables(model).values),
      gateTimeoutMs: io.gateTimeoutMs ?? 10 * 60_000,
      onLine: (l) => io.err.write(`    ${l}\n`),
    });
  } catch (error) {
    io.err.write(`nself-env: ${inputs.masker.text((error as Error).message)}\n`);
    if (io.json) io.out.write(JSON.stringify({ result: 'failed', target: target.name, kind: 'swarm', message: inputs.masker.text((error as Error).message) }, null, 2) + '\n');
    return ORCHESTRATED_EXIT.stopped;
  }
  const rolledBack = report.gate.services.some((s) => s.rolledBack);
  const result = report.gate.passed ? 'ok' : rolledBack ? 'rolled-back' : 'failed';
  if (io.json) {
    io.out.write(JSON.stringify({ result, target: target.name, kind: 'swarm', stack, services: report.gate.services, failures: report.failures, ms: report.totalMs }, null, 2) + '\n');
  } else if (report.gate.passed) {
    io.err.write(`Stack ${stack} is live on ${target.name}: ${report.gate.services.map((s) => `${s.name} ${s.running}/${s.desired}`).join(', ')} (${(report.totalMs / 1000).toFixed(1)} s).\n`);
  } else {
    io.err.write(`The health gate failed on ${target.name}:\n${report.failures.map((f) => `  ${f}`).join('\n')}\n`);
    if (rolledBack) io.err.write('Swarm rolled the failed services back to their previous spec. Database migrations are not undone.\n');
  }
  return report.gate.passed ? ORCHESTRATED_EXIT.ok : rolledBack ? ORCHESTRATED_EXIT.rolledBack : ORCHESTRATED_EXIT.failedAfterSwitch;
}

function planLines(plan: PlanChange[]): string[] {
  return plan.map((c) => `  ${c.action === 'create' ? '+' : '~'} ${c.kind}/${c.name}${c.action === 'change' ? ` (+${c.added} -${c.removed} lines)` : ''}`);
}

export async function deployKubernetes(inputs: DeployInputs, io: OrchestratedIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stopped = preflight(inputs, io);
  if (stopped !== undefined) return stopped;
  const target = inputs.target as ServerTarget;
  const model = inputs.model;
  const kube: KubeTarget = { context: target.orchestrator?.kubeContext, namespace: target.orchestrator?.namespace ?? k8sName(model.projectName) };
  const [file] = generate(model, 'k8s', { namespace: kube.namespace });
  const deployments = kubernetesObjects(model, { namespace: kube.namespace }).filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name as string);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-k8s-'));
  try {
    // The manifests hold the Secrets' values: written 0600 into a private temp folder, removed after.
    const write = new StagedWrite(dir);
    await write.stage('manifests.yaml', file!.content, 0o600);
    await write.commit();
    const manifest = path.join(dir, 'manifests.yaml');
    io.err.write(`==> Kubernetes: namespace ${kube.namespace}${kube.context ? `, context ${kube.context}` : ''} (target ${target.name})\n`);
    const run = kubectlRunner({ env, onLine: (l) => io.err.write(`    ${inputs.masker.text(l)}\n`) });
    const result = await runKubernetesDeploy(
      async (argv) => {
        io.err.write(`    $ ${argv.join(' ')}\n`);
        return run(argv);
      },
      {
        target: kube,
        manifest,
        deployments,
        partOf: k8sName(model.projectName),
        planOnly: io.planOnly,
        confirm: async (plan) => {
          if (!io.json) io.out.write(['Plan (kubectl diff --server-side):', ...planLines(plan), ''].join('\n'));
          return io.confirm(target, model.projectName);
        },
      },
    );
    if (io.planOnly && !io.json) io.out.write(['Plan (kubectl diff --server-side):', ...planLines(result.plan), ''].join('\n'));
    const summary = { result: result.outcome, target: target.name, kind: 'kubernetes', namespace: kube.namespace, plan: result.plan, gate: result.gate, rollback: result.rollback, error: result.error ? inputs.masker.text(result.error) : undefined };
    if (io.json) io.out.write(JSON.stringify(summary, null, 2) + '\n');
    else if (result.error) io.err.write(`nself-env: ${inputs.masker.text(result.error)}\n`);
    else io.err.write(result.outcome === 'deployed' ? `Deployed to ${target.name}: every Deployment rolled out.\n` : result.outcome === 'unchanged' ? `Nothing changes on ${target.name}.\n` : 'Plan only: nothing was changed.\n');
    if (result.outcome === 'rolled-back') io.err.write('The changed Deployments were rolled back (kubectl rollout undo). Database migrations are not undone.\n');
    switch (result.outcome) {
      case 'deployed':
      case 'unchanged':
        return ORCHESTRATED_EXIT.ok;
      case 'planned':
        return io.planOnly ? ORCHESTRATED_EXIT.ok : ORCHESTRATED_EXIT.declined;
      case 'rolled-back':
        return ORCHESTRATED_EXIT.rolledBack;
      default:
        return result.applied.length > 0 ? ORCHESTRATED_EXIT.failedAfterSwitch : ORCHESTRATED_EXIT.stopped;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
