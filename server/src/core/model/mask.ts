import type { EffectiveConfig } from '../project/types';
import { isSecretKey, SecretMasker } from '../secrets';
import type { ServiceModel } from './types';

/**
 * A copy of the model whose secret values are masked, for every display: tree views, hovers,
 * previews and CLI output. Only what is written to disk by a build keeps the real values.
 *
 * `secrets` are the values of the environment's secret keys (see `secretValuesOf`): a custom
 * service can take them under a harmless name (`CS_1_ENV=AUTH_HEADER=Bearer ${API_TOKEN}`) or in
 * its command, where no key tells that they are secret. The policy is `SecretMasker`'s, the same
 * as every other display's.
 */
export function maskServiceModel(model: ServiceModel, secrets: readonly string[] = []): ServiceModel {
  const masker = new SecretMasker(secrets);
  const hide = (text: string) => masker.text(text);
  return {
    ...model,
    services: model.services.map((service) => {
      const masked = {
        ...service,
        environment: Object.fromEntries(Object.entries(service.environment).map(([key, value]) => [key, masker.value(key, value)])),
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
