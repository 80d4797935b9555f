/**
 * The name pattern that marks a key as secret (REFERENCE §5), kept in a leaf module so the
 * catalog can tag its keys with it and `core/secrets.ts` can add the catalog's own flags on top.
 */
const SECRET_NAME = /PASSWORD|PASSWD|_PASS$|SECRET|_KEY$|TOKEN|PRIVATE/i;

/** True when the key's name says it holds a secret (`POSTGRES_PASSWORD`, `GITHUB_TOKEN`, `SMTP_PASS`…). */
export function hasSecretName(key: string): boolean {
  return SECRET_NAME.test(key);
}
