import type { SubKeySpec } from '../../catalog/types';
import type { Rule, Severity } from '../types';
import { wholeValue } from '../familyIndex';
import { familyEntries } from '../entryIndex';
import { memberOf } from './memberOf';
import { quoteValue } from '../references/expansion';
import { judgedValue } from '../values/typedValue';

/** How each format reads, for messages; the catalog pattern is what is checked. */
const FORMAT: Record<string, string> = {
  ROUTE: 'a host name prefix of letters, digits, `.` and `-`',
  API_ROUTE: 'a host name prefix of letters, digits, `.` and `-`',
  SUBDOMAIN: 'a host name prefix of letters, digits, `.` and `-`',
  PUBLIC: '`true` or `false`',
  WEBSOCKET: '`true` or `false`',
  ISOLATE_AUTH: '`true` or `false`',
  MEMORY: 'a size such as `256m` or `1G`',
  CPU: 'a number of CPUs such as `0.5` or `2`',
  REPLICAS: 'a whole number such as `1`',
  RATE_LIMIT: 'a whole number of requests per minute',
  HEALTHCHECK: 'an HTTP path starting with `/`, such as `/health`',
  ENV: '`KEY=value,KEY2=value2`',
  TABLE_PREFIX: 'letters, digits and `_`',
  PATH: 'a relative folder without spaces',
  IMAGE: 'an image reference such as `ghcr.io/acme/api:1.2`',
  ENV_FILE: 'a comma-separated list of relative files',
  VOLUMES: '`host:/container[:ro|rw],…`',
  DEPENDS_ON: '`name[:started|healthy|completed],…`',
  NETWORKS: 'a comma-separated list of network names',
  DOCKERFILE: 'a relative path without spaces',
  BUILD_TARGET: '1–64 letters, digits, `_`, `.` or `-`',
  ENV_PASSTHROUGH: 'a comma-separated list of key names',
  RESTART_POLICY: '`no`, `always`, `on-failure[:N]` or `unless-stopped`',
  URL: 'an `http://` or `https://` URL with a host',
  HEADERS: '`name:value,name:value`',
  TARGET: '`service:port`, such as `hasura:8080`',
  RATE_ZONE: 'one of general, graphql_api, auth, uploads, static, webhooks, functions, user_api',
};

/** Values nself 1.x refuses (hard errors); other formats are warnings because nself passes them on. */
const ENFORCED = new Set([
  'CS_:DEPENDS_ON', 'CS_:VOLUMES', 'CS_:BUILD_TARGET', 'CS_:IMAGE', 'CS_:REPLICAS', 'CS_:ENV', 'CS_:NETWORKS', 'CS_:ENV_FILE', 'CS_:ROUTE',
  'FRONTEND_APP_:IMAGE', 'FRONTEND_APP_:ROUTE', 'REMOTE_SCHEMA_:URL',
]);

const compiled = new WeakMap<SubKeySpec, RegExp>();
function patternOf(spec: SubKeySpec): RegExp | undefined {
  if (!spec.pattern) return undefined;
  let re = compiled.get(spec);
  if (!re) compiled.set(spec, (re = new RegExp(spec.pattern)));
  return re;
}

/** `CS_1_REPLICAS=two`, `CS_2_DEPENDS_ON=db:ready`, `REMOTE_SCHEMA_1_URL=api.local`: values in the wrong format. */
export const subKeyValue: Rule = {
  code: 'subkey-value',
  title: 'Family setting in the wrong format',
  description:
    'Values of `CS_N_*`, `FRONTEND_APP_N_*`, `REMOTE_SCHEMA_N_*` and `INTERNAL_ROUTE_N_*` settings have fixed formats (RESEARCH-NOTES §2.4, §4). Formats nself 1.x enforces are errors; the others warnings. Values built from `${}` are checked as they expand in the environment.',
  severity: 'warning',
  scope: 'file',
  check(context) {
    const { doc, catalog, report } = context;
    for (const { entry, class: c } of familyEntries(doc, catalog)) {
      const member = memberOf(c, catalog);
      if (!member?.spec) continue;
      const value = judgedValue(context, entry);
      if (value === undefined) continue;
      const severity: Severity | undefined = ENFORCED.has(`${member.prefix}:${member.sub}`) ? 'error' : undefined;
      const span = wholeValue(entry);
      const re = patternOf(member.spec);
      if (re && !re.test(value)) {
        const format = FORMAT[member.sub] ?? member.spec.description;
        report({ ...span, severity, message: `\`${entry.key}\` must be ${format}; ${quoteValue(value, entry)} is not.` });
        continue;
      }
      if (member.sub === 'VOLUMES') {
        for (const volume of value.split(',')) {
          const host = volume.trim().split(':')[0];
          if (!host.startsWith('/') && host.split('/').includes('..')) {
            report({ ...span, severity: 'error', message: `The volume \`${volume.trim()}\` of \`${entry.key}\` climbs out of the project with \`..\`; nself 1.x refuses it. Use a path inside the project or an absolute path.` });
          }
        }
      }
      if (member.sub === 'DEPENDS_ON') {
        const seen = new Set<string>();
        for (const dep of value.split(',')) {
          const name = dep.trim().split(':')[0];
          if (seen.has(name)) report({ ...span, severity: 'error', message: `\`${entry.key}\` lists \`${name}\` twice; nself 1.x refuses duplicates. Keep one.` });
          seen.add(name);
        }
      }
    }
  },
};
