/**
 * The stack the Swarm tests and bench deploy: `app`, a 3-replica httpd with a healthcheck and a
 * secret in its environment, and `side`, one replica. Built on the private swarm from
 * nself-test/busybox (no registry here).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runRelease, type DeployEvent, type DeployOutcome } from '../../server/src/core/deploy/pipeline';
import type { DeployTarget } from '../../server/src/core/deploy/targets';
import { generateStack, stackName } from '../../server/src/core/generate';
import { planVariables } from '../../server/src/core/generate/secretEnv';
import type { ModelService, ServiceModel } from '../../server/src/core/model/types';
import { swarmBackend } from '../../server/src/core/orchestrators/swarmRelease';
import { SecretMasker } from '../../server/src/core/secrets';
import { SwarmClient } from '../../server/src/node/swarm/swarmClient';

export const TOKEN = 'tok-9c1e7a4b2d6f0e3c';

/** An httpd that answers with its hostname and version, healthy when /health exists. */
export const APP_DOCKERFILE = `FROM nself-test/busybox:latest
ARG VERSION=1
ENV VERSION=$VERSION
CMD ["sh", "-c", "mkdir -p /www && echo \\"$(hostname) v$VERSION\\" > /www/index.html && echo ok > /www/health && exec httpd -f -p \${SERVICE_PORT:-8080} -h /www"]
`;
/** The same server without /health: its healthcheck never passes. */
export const BAD_DOCKERFILE = `FROM nself-test/busybox:latest
CMD ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p \${SERVICE_PORT:-8080} -h /www"]
`;

export function swarmModel(project: string, appImage: string, sideVersion: string): ServiceModel {
  const origin = { isDefault: true };
  const base = { routes: [], ports: [], dependsOn: [], volumes: [], origin, restart: 'unless-stopped' } as const;
  const app: ModelService = {
    ...base,
    routes: [],
    ports: [],
    dependsOn: [],
    volumes: [],
    id: 'app',
    kind: 'custom',
    title: 'app',
    composeKey: 'app',
    image: { value: appImage, origin },
    healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/health'], interval: '2s', timeout: '2s', retries: 3 },
    environment: { SERVICE_PORT: '8080', API_TOKEN: TOKEN },
    resources: { replicas: 3 },
    custom: { index: 1, rawName: 'app', template: 'custom', public: false },
  };
  const side: ModelService = {
    ...base,
    routes: [],
    ports: [],
    dependsOn: [],
    volumes: [],
    id: 'side',
    kind: 'custom',
    title: 'side',
    composeKey: 'side',
    image: { value: 'nself-test/busybox:latest', origin },
    command: ['sleep', '100000'],
    healthcheck: { test: ['CMD', 'true'], interval: '2s', timeout: '2s', retries: 2 },
    environment: { SIDE_VERSION: sideVersion },
    custom: { index: 2, rawName: 'side', template: 'custom', public: false },
  };
  return { projectName: project, baseDomain: 'local.nself.org', env: 'prod', profile: '1.x', network: `${project}_network`, services: [app, side], volumes: [], sources: [] };
}


/** A deploy target that points at the private swarm's engine. */
export function swarmTarget(host: string, name = 'swarm'): DeployTarget {
  return { kind: 'server', name, env: 'prod', host: '127.0.0.1', port: 22, path: '/', production: false, source: { format: 'server.json', line: 0 }, orchestrator: { kind: 'swarm', dockerHost: host, problems: [], source: 'server.json' } } as DeployTarget;
}

/**
 * One release of `model` to the swarm at `host` through the deploy pipeline with the Swarm
 * backend, as `nself-env deploy` runs it (the stack file from the generator, values in the
 * environment of `docker stack deploy`), for a model made by hand (fast healthchecks).
 */
export async function releaseToSwarm(
  host: string,
  model: ServiceModel,
  opts: { dir: string; masker?: SecretMasker; planOnly?: boolean; confirm?: () => Promise<boolean>; onEvent?: (e: DeployEvent) => void; gateMs?: number },
): Promise<DeployOutcome> {
  const endpoint = { host };
  const masker = opts.masker ?? new SecretMasker([TOKEN]);
  const client = new SwarmClient(endpoint, { masker });
  const target = swarmTarget(host);
  const backend = swarmBackend({
    run: (argv, o) => client.run(argv, o),
    endpoint,
    endpointName: host,
    stack: stackName(model),
    stackFile: generateStack(model),
    variables: Object.fromEntries(planVariables(model).values),
    target,
    model,
    masker,
    writeStackFile: async (text) => {
      fs.writeFileSync(path.join(opts.dir, 'docker-stack.yml'), text);
      return opts.dir;
    },
    now: () => new Date().toISOString(),
    gateMs: opts.gateMs,
  });
  const request = { target, model, files: [], masker, problems: [], missingSecrets: [], by: 'test', planOnly: opts.planOnly, confirm: opts.confirm ?? (async () => true), pollMs: 1000, onEvent: opts.onEvent };
  return runRelease(backend, request, new AbortController().signal);
}

/** The secret of the Services-view stack (masked in its log panes). */
export const VIEW_TOKEN = 'sw-tok-4e1d9b7a2c';

/**
 * The stack the Services-view tests deploy straight from a file (no generator): `app`, three
 * replicas that print their host name and the token then idle, and `side`, one idle replica.
 */
export function viewStackFile(): string {
  return [
    'version: "3.8"',
    'services:',
    '  app:',
    '    image: nself-test/busybox:latest',
    '    command: ["sh", "-c", "echo hello-from-$$(hostname) token=$$API_TOKEN; exec sleep 100000"]',
    '    environment:',
    `      API_TOKEN: ${VIEW_TOKEN}`,
    '    deploy:',
    '      replicas: 3',
    '      restart_policy: {condition: on-failure, delay: 1s}',
    '  side:',
    '    image: nself-test/busybox:latest',
    '    command: ["sleep", "100000"]',
    '',
  ].join('\n');
}
