/** The entry of a key in a prod config, when the key is set with a value the rules can judge. */
import type { Binding, EffectiveConfig } from '../../project/types';
import { isExampleConfig } from '../util';

/** The binding of `key` when checking prod (not an example file) and the value is known. */
export function prodBinding(config: EffectiveConfig, env: string, key: string, allowUnresolved = false): Binding | undefined {
  if (env !== 'prod' || isExampleConfig(config)) return undefined;
  const binding = config.binding(key);
  return binding && (allowUnresolved || binding.unresolved.length === 0) ? binding : undefined;
}
