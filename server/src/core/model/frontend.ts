/**
 * Frontend apps (FRONTEND_APP_1..20): not containers. They run on the host; nginx routes
 * `<route>.<BASE_DOMAIN>` to `host.docker.internal:<port>`, and an app with a remote schema gets
 * a second vhost for its API.
 */
import { sanitizeName } from '../catalog/customService';
import type { ModelContext } from './context';
import type { ModelService, Origin } from './types';

const HOST_UPSTREAM = 'host.docker.internal';

function isDomainFragment(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46;
    if (!ok) return false;
  }
  return value.length > 0;
}

/** The model entry of frontend app N, or undefined when it does not exist or cannot be routed. */
export function frontendModel(index: number, ctx: ModelContext, withRoutes: boolean): ModelService | undefined {
  const key = (sub: string) => `FRONTEND_APP_${index}_${sub}`;
  const get = (sub: string) => ctx.value(key(sub)) || undefined;
  const nameKey = get('NAME') ? 'NAME' : get('DISPLAY_NAME') ? 'DISPLAY_NAME' : undefined;
  if (!nameKey) return undefined;

  // The id and default route come from NAME (the app id), else SYSTEM_NAME, else DISPLAY_NAME.
  const idSource = get('NAME') ?? get('SYSTEM_NAME') ?? get('DISPLAY_NAME')!;
  const name = sanitizeName(idSource);
  if (!name) return undefined;
  const declared = ctx.origin(key(nameKey));

  const port = ctx.port(key('PORT'), 3000 + index - 1);
  const portOrigin: Origin = get('PORT') ? ctx.origin(key('PORT')) : { key: key('PORT'), isDefault: true };
  const routeValue = get('ROUTE') ?? name;
  // 1.x skips an app whose route is not a hostname fragment (SanitizeDomain).
  if (!isDomainFragment(routeValue)) return undefined;
  const routeOrigin: Origin = get('ROUTE') ? ctx.origin(key('ROUTE')) : declared;

  const model: ModelService = {
    id: `frontend:${name}`,
    kind: 'frontend',
    title: get('DISPLAY_NAME') ?? name,
    ports: [{ host: port, container: port, name: 'http', origin: portOrigin }],
    routes: [],
    environment: {},
    dependsOn: [],
    volumes: [],
    origin: declared,
    frontend: { index, name, framework: get('FRAMEWORK') },
  };
  if (!withRoutes) return model;

  model.routes.push(ctx.route(routeValue, `${HOST_UPSTREAM}:${port}`, false, routeOrigin));
  if (get('REMOTE_SCHEMA_NAME')) {
    const apiPort = ctx.port(key('API_PORT'), 4000 + index);
    const apiRoute = get('API_ROUTE') ?? `api.${name}`;
    const apiOrigin = get('API_ROUTE') ? ctx.origin(key('API_ROUTE')) : ctx.origin(key('REMOTE_SCHEMA_NAME'));
    if (isDomainFragment(apiRoute)) model.routes.push(ctx.route(apiRoute, `${HOST_UPSTREAM}:${apiPort}`, false, apiOrigin));
  }
  return model;
}
