/**
 * Which keys hold secrets, and how their values are shown. Every output of the extension (hovers,
 * completions, previews, logs, CLI reports) goes through `maskValue` unless the user asked to
 * reveal secrets.
 */

/** REFERENCE §5: a key is secret when its name matches this. */
const SECRET_KEY = /PASSWORD|SECRET|_KEY$|TOKEN|PRIVATE/i;

/** The fixed mask: the same for every non-empty value, so it tells nothing about length or content. */
export const SECRET_MASK = '••••';

/** True when the key's value must be masked (`POSTGRES_PASSWORD`, `HASURA_JWT_KEY`, `GITHUB_TOKEN`…). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * The value as it may be shown for a secret key. An empty value stays empty: that it is unset is
 * what the user needs to see, and it reveals nothing.
 */
export function maskValue(value: string): string {
  return value === '' ? '' : SECRET_MASK;
}

/**
 * `text` with every occurrence of the given secret values blanked out. Pass the values longest
 * first, so a secret containing another one is masked whole.
 */
export function redactValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (value && out.includes(value)) out = out.split(value).join(SECRET_MASK);
  return out;
}

/** Secret values long enough to be recognised in other text (short ones match by chance), longest first. */
export function recognisableSecrets(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
}

/** `scheme://user:password@`: the password is the part to hide. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^/\s@]+)(?=@)/gi;

/** A password written as a reference only (`${POSTGRES_PASSWORD}`) shows no secret. */
const REFERENCE_ONLY = /^\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * The value with the password of every URL written with credentials masked
 * (`postgres://bob:••••@db/app`): such URLs carry a secret whatever their key is called.
 */
export function maskUrlCredentials(value: string): string {
  if (!value.includes('://')) return value;
  return value.replace(URL_CREDENTIALS, (whole, head: string, password: string) => (REFERENCE_ONLY.test(password) ? whole : head + SECRET_MASK));
}

/** A copy of `record` with the values of secret keys masked; other values are kept. */
export function maskSecrets(record: Readonly<Record<string, string>>, reveal = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record)) {
    const value = record[key]!;
    out[key] = !reveal && isSecretKey(key) ? maskValue(value) : value;
  }
  return out;
}
