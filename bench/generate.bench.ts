import { stringify } from 'yaml';
import { getCatalog } from '../server/src/core/catalog';
import { generate, TARGETS } from '../server/src/core/generate';
import { deriveServiceModel } from '../server/src/core/model';
import { parseEnv } from '../server/src/core/parser';
import { buildEffectiveConfig } from '../server/src/core/project';
import { row, sample } from './stats';

/** A project with 10 custom services, every optional service and the monitoring bundle. */
export function bigProjectEnv(): string {
  const lines = [
    'PROJECT_NAME=bigapp',
    'BASE_DOMAIN=big.example.com',
    'POSTGRES_PASSWORD=0123456789abcdef0123',
    'HASURA_GRAPHQL_ADMIN_SECRET=0123456789abcdef0123456789abcdef',
    'NSELF_ADMIN_ENABLED=true',
    'MINIO_ENABLED=true',
    'MINIO_ROOT_PASSWORD=0123456789abcdef',
    'REDIS_ENABLED=true',
    'REDIS_PASSWORD=0123456789abcdef',
    'FUNCTIONS_ENABLED=true',
    'MAILPIT_ENABLED=true',
    'SEARCH_ENABLED=true',
    'MEILISEARCH_MASTER_KEY=0123456789abcdef',
    'MLFLOW_ENABLED=true',
    'MONITORING_ENABLED=true',
    'GRAFANA_ADMIN_PASSWORD=0123456789abcdef',
  ];
  const templates = ['express-ts', 'fastapi', 'gin', 'nest-ts', 'flask', 'fiber', 'hono-ts', 'django-rest', 'bullmq-ts', 'rails'];
  templates.forEach((template, i) => {
    lines.push(`CS_${i + 1}=svc${i + 1}:${template}:${8001 + i}:svc${i + 1}`, `CS_${i + 1}_MEMORY=512M`, `CS_${i + 1}_ENV=FEATURE=${i},MODE=fast`);
  });
  for (let n = 1; n <= 3; n++) lines.push(`FRONTEND_APP_${n}_NAME=web${n}`, `FRONTEND_APP_${n}_PORT=${3000 + n - 1}`);
  return lines.join('\n') + '\n';
}

/** Model derivation and each generator on the big project; the peer is `yaml.stringify` of the model. */
export function benchGenerate(): void {
  console.log('\n## Generation: 10 custom services, every optional and monitoring service');
  const doc = parseEnv(bigProjectEnv(), '/bench/.env');
  for (const env of ['dev', 'prod']) {
    const config = () => buildEffectiveConfig([{ path: doc.path, role: 'base', doc }], env, '1.x', env === 'prod');
    const model = deriveServiceModel(config(), getCatalog('1.x'));
    console.log(`${env}: ${model.services.length} services`);
    row(`  derive service model (${env})`, sample(() => deriveServiceModel(config(), getCatalog('1.x')), 200));
    for (const target of TARGETS) row(`  generate ${target} (${env})`, sample(() => generate(model, target), 200));
    row(`  peer: yaml.stringify(model) (${env})`, sample(() => stringify(model), 200));
  }
}
