/**
 * The pipeline's backend for a target whose `orchestrator` is `swarm` or `kubernetes`, with its
 * I/O: the docker CLI (node/swarm/swarmClient.ts) or kubectl (node/kubernetes/kubectl.ts), and
 * the files they read in a private temporary folder (0700; the Kubernetes manifests hold the
 * Secrets' values, so they are 0600) that `close()` removes. The editor and `nself-env deploy`
 * both open targets here, so they run the same thing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DeployBackend } from '../core/deploy/backend';
import type { ServerTarget } from '../core/deploy/targets';
import { generate, kubernetesObjects, stackName } from '../core/generate';
import { k8sName } from '../core/generate/kubernetes';
import { planVariables } from '../core/generate/secretEnv';
import { kubernetesBackend } from '../core/orchestrators/kubernetesRelease';
import { endpointName, swarmEndpointOf } from '../core/orchestrators/swarm';
import { swarmBackend } from '../core/orchestrators/swarmRelease';
import type { DeployInputs } from './deployInputs';
import { kubectlRunner } from './kubernetes/kubectl';
import { StagedWrite } from './stagedWrite';
import { SwarmClient } from './swarm/swarmClient';

export interface OpenedBackend {
  kind: 'swarm' | 'kubernetes';
  backend: DeployBackend;
  /** Removes the temporary files. */
  close(): void;
}

/** The backend of an orchestrated target; undefined for a single server. */
export async function openOrchestratedBackend(inputs: DeployInputs, env: NodeJS.ProcessEnv = process.env): Promise<OpenedBackend | undefined> {
  const target = inputs.target as ServerTarget;
  const kind = target.orchestrator?.kind;
  if (kind !== 'swarm' && kind !== 'kubernetes') return undefined;
  if (target.orchestrator!.problems.length) throw new Error(`${target.name}: ${target.orchestrator!.problems.join('; ')}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nself-${kind}-`));
  const close = (): void => fs.rmSync(dir, { recursive: true, force: true });
  const write = async (name: string, text: string, mode: number): Promise<void> => {
    const staged = new StagedWrite(dir);
    try {
      await staged.stage(name, text, mode);
      await staged.commit();
    } catch (error) {
      await staged.rollback();
      throw error;
    }
  };
  try {
    const model = inputs.model;
    if (kind === 'swarm') {
      const endpoint = swarmEndpointOf(target);
      const client = new SwarmClient(endpoint, { masker: inputs.masker, env });
      const [file] = generate(model, 'stack', { endpointMode: target.orchestrator?.endpointMode });
      const backend = swarmBackend({
        run: (argv, opts) => client.run(argv, opts),
        endpoint,
        endpointName: endpointName(endpoint),
        stack: stackName(model),
        stackFile: file!.content,
        variables: Object.fromEntries(planVariables(model).values),
        target,
        model,
        masker: inputs.masker,
        writeStackFile: async (text) => {
          await write('docker-stack.yml', text, 0o644);
          return dir;
        },
        now: () => new Date().toISOString(),
      });
      return { kind, backend, close };
    }
    const kube = { context: target.orchestrator?.kubeContext, namespace: target.orchestrator?.namespace ?? k8sName(model.projectName) };
    const [file] = generate(model, 'k8s', { namespace: kube.namespace });
    await write('manifests.yaml', file!.content, 0o600);
    const deployments = kubernetesObjects(model, { namespace: kube.namespace }).filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name as string);
    const backend = kubernetesBackend({ run: kubectlRunner({ env }), kube, manifest: path.join(dir, 'manifests.yaml'), deployments, partOf: k8sName(model.projectName), target, model, masker: inputs.masker });
    return { kind, backend, close };
  } catch (error) {
    close();
    throw error;
  }
}
