import { duplicateKey } from './keys/duplicateKey';
import { referenceCycle } from './references/referenceCycle';
import { undefinedReference } from './references/undefinedReference';
import { exportPrefix } from './syntax/exportPrefix';
import { fileProblem } from './syntax/fileProblem';
import { inlineComment } from './syntax/inlineComment';
import { invalidKey } from './syntax/invalidKey';
import { leadingWhitespace } from './syntax/leadingWhitespace';
import { lowercaseKey } from './syntax/lowercaseKey';
import { missingEquals } from './syntax/missingEquals';
import { missingFinalNewline } from './syntax/missingFinalNewline';
import { missingKey } from './syntax/missingKey';
import { selfReference } from './syntax/selfReference';
import { spaceAroundEquals } from './syntax/spaceAroundEquals';
import { textAfterQuote } from './syntax/textAfterQuote';
import { trailingWhitespace } from './syntax/trailingWhitespace';
import { unquotedJson } from './syntax/unquotedJson';
import { unquotedSpace } from './syntax/unquotedSpace';
import { unterminatedQuote } from './syntax/unterminatedQuote';
import { unterminatedReference } from './syntax/unterminatedReference';
import type { Rule } from './types';

/** Every rule, in the order of the rule table in docs/rules.md. */
export const allRules: readonly Rule[] = [
  // Syntax and hygiene: one file at a time.
  fileProblem,
  missingEquals,
  missingKey,
  invalidKey,
  lowercaseKey,
  duplicateKey,
  spaceAroundEquals,
  leadingWhitespace,
  exportPrefix,
  unterminatedQuote,
  textAfterQuote,
  unterminatedReference,
  unquotedSpace,
  unquotedJson,
  inlineComment,
  trailingWhitespace,
  missingFinalNewline,
  selfReference,
  // References across the cascade.
  undefinedReference,
  referenceCycle,
];

/** A rule by its stable code. */
export function ruleByCode(code: string): Rule | undefined {
  return allRules.find((rule) => rule.code === code);
}
