import type { EffectiveConfig } from '../project/types';
import { isSecretKey, maskValue, SECRET_MASK } from '../secrets';
import type { ServiceModel } from './types';

/** Shorter secret values would be masked wherever they occur by chance. */
const MIN_EMBEDDED = 4;

/**
 * A copy of the model whose secret values are masked, for every display: tree views, hovers,
 * previews and CLI output. Only what is written to disk by a build keeps the real values.
 *
 * `secrets` are the values of the environment's secret keys (see `secretValuesOf`): a custom
 * service can take them under a harmless name (`CS_1_ENV=AUTH_HEADER=Bearer ${API_TOKEN}`) or in
 * its command, where no key tells that they are secret.
 */
export function maskServiceModel(model: ServiceModel, secrets: readonly string[] = []): ServiceModel {
  const embedded = [...new Set(secrets.filter((s) => s.length >= MIN_EMBEDDED))].sort((a, b) => b.length - a.length);
  const hide = (text: string): string => {
    let out = text;
    for (const secret of embedded) if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
    return out;
  };
  return {
    ...model,
    services: model.services.map((service) => {
      const masked = {
        ...service,
        environment: Object.fromEntries(
          Object.entries(service.environment).map(([key, value]) => [key, isSecretKey(key) || containsCredentials(value) ? maskValue(value) : hide(value)]),
        ),
      };
      if (service.command) masked.command = service.command.map(hide);
      if (service.healthcheck) masked.healthcheck = { ...service.healthcheck, test: service.healthcheck.test.map(hide) };
      return masked;
    }),
  };
}

/** The values of an environment's secret keys, for `maskServiceModel`. */
export function secretValuesOf(config: EffectiveConfig): string[] {
  const found = new Set<string>();
  for (const layer of config.layers) {
    for (const entry of layer.doc?.entries ?? []) {
      if (!isSecretKey(entry.key)) continue;
      const value = config.get(entry.key);
      if (value) found.add(value);
    }
  }
  return [...found];
}

/** URLs like `postgres://user:password@host` carry a secret even under a harmless key. */
function containsCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value);
}
