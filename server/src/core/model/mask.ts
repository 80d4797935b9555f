import { isSecretKey, maskValue } from '../secrets';
import type { ServiceModel } from './types';

/**
 * A copy of the model whose secret values are masked, for every display: tree views, hovers,
 * previews and CLI output. Only what is written to disk by a build keeps the real values.
 */
export function maskServiceModel(model: ServiceModel): ServiceModel {
  return {
    ...model,
    services: model.services.map((service) => ({
      ...service,
      environment: Object.fromEntries(
        Object.entries(service.environment).map(([key, value]) => [key, isSecretKey(key) || containsCredentials(value) ? maskValue(value) : value]),
      ),
    })),
  };
}

/** URLs like `postgres://user:password@host` carry a secret even under a harmless key. */
function containsCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value);
}
