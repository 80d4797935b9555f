import { prodBaseDomain } from './environments/prodBaseDomain';
import { prodCorsWildcard } from './environments/prodCorsWildcard';
import { prodDebug } from './environments/prodDebug';
import { prodDevMode } from './environments/prodDevMode';
import { prodMailpit } from './environments/prodMailpit';
import { prodSslDisabled } from './environments/prodSslDisabled';
import { minioDefaultUser } from './secrets/minioDefaultUser';
import { requiredSecret } from './secrets/requiredSecret';
import { secretInTrackedFile } from './secrets/secretInTrackedFile';
import { secretsFilePermissions } from './secrets/secretsFilePermissions';
import { weakSecret } from './secrets/weakSecret';
import { csConflictingSubKeys } from './customServices/csConflictingSubKeys';
import { csFormat } from './customServices/csFormat';
import { csName } from './customServices/csName';
import { csNameClash } from './customServices/csNameClash';
import { csPort } from './customServices/csPort';
import { csReplicasPort } from './customServices/csReplicasPort';
import { csRoute } from './customServices/csRoute';
import { csTemplate } from './customServices/csTemplate';
import { duplicateRoute } from './customServices/duplicateRoute';
import { portClash } from './customServices/portClash';
import { familyIndexRange } from './families/familyIndexRange';
import { orphanSubKey } from './families/orphanSubKey';
import { subKeyValue } from './families/subKeyValue';
import { unknownSubKey } from './families/unknownSubKey';
import { flagValue } from './flags/flagValue';
import { unknownFlag } from './flags/unknownFlag';
import { frontendMissingPort } from './frontends/frontendMissingPort';
import { synonym } from './keys/synonym';
import { unknownKey } from './keys/unknownKey';
import { enumValue } from './values/enumValue';
import { invalidBaseDomain } from './values/invalidBaseDomain';
import { invalidBodySize } from './values/invalidBodySize';
import { invalidEmail } from './values/invalidEmail';
import { invalidJwtSecret } from './values/invalidJwtSecret';
import { invalidPort } from './values/invalidPort';
import { invalidProjectName } from './values/invalidProjectName';
import { invalidRateLimit } from './values/invalidRateLimit';
import { invalidUrl } from './values/invalidUrl';
import { unsafeValue } from './values/unsafeValue';
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
  // Keys nself knows, flags and typed values.
  unknownKey,
  synonym,
  flagValue,
  unknownFlag,
  invalidPort,
  invalidUrl,
  invalidEmail,
  invalidBaseDomain,
  invalidProjectName,
  invalidJwtSecret,
  invalidRateLimit,
  invalidBodySize,
  enumValue,
  unsafeValue,
  // Custom services (CS_N) and the other numbered families.
  csFormat,
  csName,
  csTemplate,
  csPort,
  csRoute,
  csNameClash,
  csConflictingSubKeys,
  csReplicasPort,
  portClash,
  duplicateRoute,
  familyIndexRange,
  unknownSubKey,
  orphanSubKey,
  subKeyValue,
  frontendMissingPort,
  // Secrets and per-environment rules.
  requiredSecret,
  weakSecret,
  minioDefaultUser,
  secretInTrackedFile,
  secretsFilePermissions,
  prodCorsWildcard,
  prodDevMode,
  prodBaseDomain,
  prodSslDisabled,
  prodMailpit,
  prodDebug,
];

/** Rules that offer a quick fix (at least for some findings), for the rule table. */
export const FIXABLE: ReadonlySet<string> = new Set([
  'missing-equals', 'missing-key', 'invalid-key', 'lowercase-key', 'duplicate-key', 'space-around-equals', 'leading-whitespace',
  'export-prefix', 'unterminated-quote', 'text-after-quote', 'unterminated-reference', 'unquoted-space', 'unquoted-json',
  'inline-comment', 'trailing-whitespace', 'missing-final-newline', 'undefined-reference', 'unknown-key', 'synonym', 'flag-value',
  'unknown-flag', 'invalid-base-domain', 'invalid-project-name', 'invalid-body-size', 'enum-value', 'cs-name', 'cs-template',
  'cs-port', 'cs-route', 'unknown-subkey', 'frontend-missing-port', 'minio-default-user', 'secret-in-tracked-file',
  'prod-dev-mode', 'prod-ssl-disabled', 'prod-mailpit', 'prod-debug',
]);

/** Rules whose severity or behaviour depends on the profile (1.x / 0.9), written once with the profile as a parameter. */
export const PROFILE_DEPENDENT: ReadonlySet<string> = new Set([
  'space-around-equals', 'leading-whitespace', 'export-prefix', 'unquoted-space', 'unquoted-json', 'inline-comment',
  'trailing-whitespace', 'unknown-key', 'unknown-flag', 'synonym', 'cs-format', 'cs-name', 'cs-port', 'cs-route', 'port-clash',
  'duplicate-route', 'cs-replicas-port', 'weak-secret', 'minio-default-user', 'secret-in-tracked-file', 'prod-cors-wildcard',
  'prod-base-domain',
]);

/** A rule by its stable code. */
export function ruleByCode(code: string): Rule | undefined {
  return allRules.find((rule) => rule.code === code);
}
