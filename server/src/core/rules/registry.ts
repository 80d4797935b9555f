import { duplicateKey } from './keys/duplicateKey';
import { missingEquals } from './syntax/missingEquals';
import type { Rule } from './types';

/** Every rule, in the order of the rule table in docs/rules.md. */
export const allRules: readonly Rule[] = [missingEquals, duplicateKey];

/** A rule by its stable code. */
export function ruleByCode(code: string): Rule | undefined {
  return allRules.find((rule) => rule.code === code);
}
