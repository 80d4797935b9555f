/** A small model and file set for the deploy unit tests. */
import { deployFile, type DeployFile } from '../../../server/src/core/deploy/plan';
import type { DeployTarget } from '../../../server/src/core/deploy/targets';
import type { ModelService, ServiceModel } from '../../../server/src/core/model/types';

const origin = {};
function service(key: string, extra: Partial<ModelService> = {}): ModelService {
  return { id: key, kind: 'custom', title: key, composeKey: key, ports: [], routes: [], environment: {}, dependsOn: [], volumes: [], origin, ...extra } as ModelService;
}

export const MODEL: ServiceModel = {
  projectName: 'demo',
  baseDomain: 'example.com',
  env: 'staging',
  profile: '1.x',
  network: 'demo_network',
  services: [
    service('api', { build: { context: './services/api', origin }, routes: [{ route: 'api', host: 'api.example.com', url: 'https://api.example.com', upstream: 'api:8001', websocket: false, origin }] }),
    service('postgres', { image: { value: 'postgres:16-alpine', origin } }),
    { id: 'frontend:web', kind: 'frontend', title: 'web', ports: [], routes: [], environment: {}, dependsOn: [], volumes: [], origin } as unknown as ModelService,
  ],
  volumes: [],
  sources: [],
};

export function target(name = 'staging', production = false): DeployTarget {
  return { kind: 'server', name, env: name, host: 'server.example.com', port: 22, user: 'deploy', path: '/opt/nself', production, source: { format: 'server.json', line: 0 } };
}

export function files(apiBody = 'console.log(1)\n', secret = 's3cret-value-123'): DeployFile[] {
  return [
    deployFile('docker-compose.yml', 'services:\n  postgres:\n    image: postgres:16-alpine\n  api:\n    build: ./services/api\n'),
    deployFile('.env.runtime', `PROJECT_NAME=demo\nPOSTGRES_PASSWORD=${secret}\n`, 0o600, true),
    deployFile('services/api/index.js', apiBody),
  ];
}
