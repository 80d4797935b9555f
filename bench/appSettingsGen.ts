/**
 * The common way a project file grows to 10,000 lines: the app's own settings, which nself does
 * not read and nobody declared in `ENV_ALLOWLIST`, with `${}` references to nself's keys and to
 * each other, in sections with comments. Deterministic, so figures compare across runs.
 */
const AREAS = ['CACHE', 'QUEUE', 'MAIL', 'PAYMENT', 'SEARCH', 'UPLOAD', 'REPORT', 'BILLING', 'ANALYTICS', 'NOTIFY'];

export function generateAppSettings(lines: number): string {
  const out = ['# Local settings of the app (nself does not read these)'];
  for (let n = 0; out.length < lines; n++) {
    const area = AREAS[n % AREAS.length];
    const lower = area.toLowerCase();
    switch (n % 10) {
      case 0: out.push(`# --- ${lower} ${n} ---`); break;
      case 1: out.push(`ACME_${area}_HOST_${n}=${lower}.internal`); break;
      case 2: out.push(`ACME_${area}_URL_${n}=https://${lower}.\${BASE_DOMAIN}/v${n}`); break;
      case 3: out.push(`ACME_${area}_TIMEOUT_${n}=${(n % 90) + 10}`); break;
      // A reference to another app setting, two lines up.
      case 4: out.push(`ACME_${area}_ENDPOINT_${n}=\${ACME_${AREAS[(n - 2) % AREAS.length]}_URL_${n - 2}}/api`); break;
      case 5: out.push(''); break;
      case 6: out.push(`ACME_${area}_NAME_${n}="\${PROJECT_NAME}-${lower}-${n}"`); break;
      case 7: out.push(`ACME_${area}_RETRIES_${n}=${n % 5}`); break;
      case 8: out.push(`ACME_${area}_DB_${n}=postgres://app@postgres:5432/\${POSTGRES_DB}`); break;
      default: out.push(`ACME_${area}_MODE_${n}=fast`);
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}
