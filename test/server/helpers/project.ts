import * as path from 'path';
import { fixture } from './testConnection';

/** The secret written in fixtures; tests assert it never shows up where masking applies. */
export const DEV_SECRET = 'SuperSecretDevPassword123';

/** A small but complete nself project: base, dev, secrets, a service folder and a deploy target. */
export function demoProject(extra: Record<string, string> = {}): { root: string; file: (name: string) => string } {
  const root = fixture({
    '.env': [
      '# === Core ===',
      'PROJECT_NAME=demo',
      'BASE_DOMAIN=localhost',
      '',
      '# === Services ===',
      'REDIS_ENABLED=true',
      'CS_1=api:express-js:8001:api',
      'CS_2=worker:bullmq-js',
      'FRONTEND_APP_1_NAME=web',
      'FRONTEND_APP_1_PORT=3000',
      'API_URL=http://api.${BASE_DOMAIN}',
      'LOG_LEVEL=info',
      '',
    ].join('\n'),
    '.env.dev': ['# Dev overrides', 'LOG_LEVEL=debug', `POSTGRES_PASSWORD=${DEV_SECRET}`, 'DB_URL=postgres://app:${POSTGRES_PASSWORD}@postgres/app', ''].join('\n'),
    'services/api/index.js': '// api\n',
    '.environments/prod/server.json': JSON.stringify({ name: 'prod', type: 'production', host: 'example.com', user: 'deploy' }, null, 2),
    '.environments/prod/.env': '# Production target (.environments/prod)\nBASE_DOMAIN=example.com\n',
    ...extra,
  });
  return { root, file: (name: string) => path.join(root, name) };
}
