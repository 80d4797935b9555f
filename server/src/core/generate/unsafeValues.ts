/**
 * What each place in a generated file allows, and the values of a model that do not fit.
 *
 * nginx config is text: a route of `api; } server { … }` written into `server_name` adds a server.
 * Compose interpolates `$` in every string it reads. So every value a generator writes is checked
 * against its place (host names, upstreams, image references, sizes, restart policies, variable
 * names…) before anything is written: `generate` refuses the whole target when one fails
 * (`UnsafeValueError`, naming the key and line), and the `unsafe-value` rule reports the same
 * values in the editor and in `nself-env check`. There is no switch that writes them anyway.
 */
import type { ModelService, Origin, ServiceModel } from '../model/types';
import type { Target } from './types';

/** A value that cannot go where a generator would put it. */
export interface UnsafeValue {
  /** The generated file set it was going into. */
  target: Target;
  /** Where it goes, for messages: `nginx server_name`, `compose image`… */
  place: string;
  value: string;
  /** What the place allows, as a phrase: "a host name (letters, digits, `-` and `.`)". */
  expected: string;
  /** The env line the value comes from (key, file, 1-based line), when known. */
  origin: Origin;
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** Compose keys and container names nginx proxies to (`hasura`, `node-exporter`, `my_api`). */
const UPSTREAM_HOST = /^[a-z0-9](?:[a-z0-9_.-]{0,251}[a-z0-9])?$/;
/**
 * Docker image references: `[registry[:port]/]name[/name…][:tag][@sha256:…]`. Stricter than the
 * engine where it does not matter (no `$`, spaces, quotes or control characters can pass).
 */
const IMAGE = /^(?:[A-Za-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MEMORY = /^\d+(?:\.\d+)?[bkmgtBKMGT]?[bB]?$/;
const CPUS = /^\d+(?:\.\d+)?$/;
const RESTART = /^(?:no|always|unless-stopped|on-failure(?::\d+)?)$/;
/** Characters no path, name or option in a compose file may hold. */
const CONTROL = /[\u0000-\u001f\u007f]/;

const HOST_NAME = 'a host name (letters, digits and `-`, in labels separated by `.`)';

/** True for a DNS host name: labels of letters, digits and inner `-`, at most 253 characters. */
export function isHostName(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split('.').every((label) => LABEL.test(label));
}

/** True for a route prefix: empty (the base domain itself) or a host name. */
export function isRoutePrefix(value: string): boolean {
  return value === '' || isHostName(value);
}

/** True for an image reference the engine accepts and that carries nothing else. */
export function isImageReference(value: string): boolean {
  return value.length <= 512 && IMAGE.test(value);
}

/** Every value of `model` that cannot be written into `target`. Empty means safe to write. */
export function unsafeValues(model: ServiceModel, target: Target): UnsafeValue[] {
  const out: UnsafeValue[] = [];
  const bad = (place: string, value: string, expected: string, origin: Origin) => out.push({ target, place, value, expected, origin });
  const domainOrigin = model.baseDomainOrigin ?? { key: 'BASE_DOMAIN' };

  if (target === 'nginx' || target === 'k8s') {
    const where = target === 'nginx' ? 'nginx server_name' : 'Kubernetes Ingress host';
    if (!isHostName(model.baseDomain)) bad(where, model.baseDomain, HOST_NAME, domainOrigin);
    for (const s of model.services) {
      for (const r of s.routes) {
        if (!isRoutePrefix(r.route)) bad(where, r.route, 'a host name prefix (letters, digits and `-`, in labels separated by `.`)', r.origin);
        if (target !== 'nginx') continue;
        const colon = r.upstream.lastIndexOf(':');
        const host = r.upstream.slice(0, colon);
        const port = Number(r.upstream.slice(colon + 1));
        if (colon <= 0 || !UPSTREAM_HOST.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) {
          bad('nginx proxy_pass', r.upstream, 'a service name and a port', s.origin);
        }
      }
    }
  }
  if (target === 'compose' || target === 'stack' || target === 'k8s') {
    for (const s of model.services) {
      if (s.image && !isImageReference(s.image.value)) bad(`${target === 'k8s' ? 'Kubernetes' : 'compose'} image of ${s.id}`, s.image.value, 'an image reference (`name[:tag]`, no `$` or spaces)', s.image.origin);
    }
  }
  if (target === 'compose' || target === 'stack') for (const s of model.services) composeService(s, bad);
  return out;
}

function composeService(s: ModelService, bad: (place: string, value: string, expected: string, origin: Origin) => void): void {
  if (s.kind === 'frontend') return;
  const at = (what: string) => `compose ${what} of ${s.composeKey ?? s.id}`;
  const subOrigin = (sub: string): Origin => (s.custom ? { ...s.origin, key: `CS_${s.custom.index}_${sub}` } : s.origin);
  if (s.build) {
    const origin = s.build.origin;
    for (const [what, value] of [['build context', s.build.context], ['dockerfile', s.build.dockerfile], ['build target', s.build.target]] as const) {
      if (value !== undefined && (value === '' || CONTROL.test(value))) bad(at(what), value, 'a path on one line', origin);
    }
  }
  for (const volume of s.volumes) if (CONTROL.test(volume)) bad(at('volume'), volume, 'a volume on one line (`source:/path[:ro]`)', subOrigin('VOLUMES'));
  for (const name of Object.keys(s.environment)) if (!ENV_NAME.test(name)) bad(at('environment'), name, 'a variable name (letters, digits and `_`)', subOrigin('ENV'));
  if (s.restart !== undefined && !RESTART.test(s.restart)) bad(at('restart policy'), s.restart, '`no`, `always`, `unless-stopped` or `on-failure[:N]`', subOrigin('RESTART_POLICY'));
  const r = s.resources;
  if (r?.memory !== undefined && !MEMORY.test(r.memory)) bad(at('memory limit'), r.memory, 'a size such as `512m` or `1g`', subOrigin('MEMORY'));
  if (r?.cpus !== undefined && !CPUS.test(r.cpus)) bad(at('CPU limit'), r.cpus, 'a number such as `0.5`', subOrigin('CPU'));
}

/** Thrown by `generate` instead of writing a target from values that failed. */
export class UnsafeValueError extends Error {
  constructor(
    readonly target: Target,
    readonly problems: UnsafeValue[],
    where: (origin: Origin) => string,
  ) {
    super(
      `refusing to write the ${TARGET_NAMES[target]}: ` +
        problems
          .slice(0, 5)
          .map((p) => `${p.origin.key ?? 'a value'}${p.origin.file ? ` (${where(p.origin)})` : ''} is not ${p.expected} for the ${p.place}`)
          .join('; ') +
        (problems.length > 5 ? `; and ${problems.length - 5} more` : '') +
        ' [unsafe-value]',
    );
    this.name = 'UnsafeValueError';
  }
}

const TARGET_NAMES: Record<Target, string> = { compose: 'compose file', nginx: 'nginx config', k8s: 'Kubernetes manifests', env: 'env file', stack: 'Swarm stack file' };
