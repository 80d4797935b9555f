/**
 * A realistic env file of any length: the sections, quoting styles, references and key
 * families real nself projects use, repeated with fresh names so keys stay unique.
 */
export function generateEnvText(lines: number): string {
  const out: string[] = [
    '# Generated benchmark project',
    'PROJECT_NAME=benchapp',
    'BASE_DOMAIN=local.nself.org',
    'ENV=dev',
    'POSTGRES_PASSWORD=bench-postgres-password-123456',
    'HASURA_GRAPHQL_ADMIN_SECRET=bench-admin-secret-0123456789abcdef0123',
    'HASURA_GRAPHQL_JWT_SECRET=\'{"type":"HS256","key":"0123456789abcdef0123456789abcdef"}\'',
    'REDIS_ENABLED=true',
    'MINIO_ENABLED=true',
    'CS_1=api:express-ts:8001:api',
    'CS_2=worker:bullmq-ts:8002',
    'FRONTEND_APP_1_NAME=web',
    'FRONTEND_APP_1_PORT=3000',
  ];
  let i = 0;
  while (out.length < lines) {
    const n = i++;
    switch (n % 8) {
      case 0: out.push(`# --- section ${n} ---`); break;
      case 1: out.push(`APP_SETTING_${n}=value-${n}`); break;
      case 2: out.push(`APP_URL_${n}="https://svc${n}.\${BASE_DOMAIN}/path"`); break;
      case 3: out.push(`APP_LITERAL_${n}='literal $NOT_EXPANDED ${n}'`); break;
      case 4: out.push(`APP_FLAG_${n}=true # inline comment`); break;
      case 5: out.push(''); break;
      case 6: out.push(`export APP_EXPORTED_${n}=\${PROJECT_NAME:-app}-${n}`); break;
      default: out.push(`APP_PORT_${n}=${10000 + (n % 50000)}`);
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}
