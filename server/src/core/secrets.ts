/**
 * Which keys hold secrets, and how text that may contain them is shown. One policy for every
 * output of the product: hovers, completions, symbols, inlay hints, rule messages in Problems and
 * in `nself-env check` (text, JSON, SARIF), previews and CLI reports all go through
 * `SecretMasker` unless the user asked to reveal secrets.
 */
import { flaggedSecretKeys } from './catalog/keys';
import { hasSecretName } from './catalog/secretNames';

export { hasSecretName } from './catalog/secretNames';

/** The fixed mask: the same for every non-empty value, so it tells nothing about length or content. */
export const SECRET_MASK = '••••';

/**
 * True when the key's value must be masked: its name says so (`POSTGRES_PASSWORD`,
 * `HASURA_JWT_KEY`, `GITHUB_TOKEN`, `SMTP_PASS`…) or the catalog marks it (`AWS_ACCESS_KEY_ID`).
 */
export function isSecretKey(key: string): boolean {
  return hasSecretName(key) || flaggedSecretKeys().has(key);
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

/**
 * `user:password@host`, with or without a scheme in front (`postgres://bob:pw@db`,
 * `admin:pw@db/app`): the password is the part to hide. The user part has no `/`, `:` or `@`.
 */
const CREDENTIALS = /((?:[a-z][a-z0-9+.-]*:\/\/[^\s/:@`'"]*|[^\s/:@`'"(),;=]+):)([^\s/@`'"]+)(?=@[^\s@])/gi;

/** A password written as a reference only (`${POSTGRES_PASSWORD}`) shows no secret. */
const REFERENCE_ONLY = /^\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * The value with the password of every URL or `user:password@host` written with credentials
 * masked (`postgres://bob:••••@db/app`): such text carries a secret whatever its key is called.
 */
export function maskUrlCredentials(value: string): string {
  if (!value.includes('@') || !value.includes(':')) return value;
  return value.replace(CREDENTIALS, (whole, head: string, password: string) => (REFERENCE_ONLY.test(password) ? whole : head + SECRET_MASK));
}

/**
 * `NAME=value`, `NAME: value` or `NAME value` where NAME is a secret key name: values nested in
 * lists (`CS_1_ENV=STRIPE_API_KEY=sk_live…,MODE=x`), malformed pairs, commands.
 */
const NAMED_VALUE = /(^|[\s,;{(])([A-Za-z_][A-Za-z0-9_]*)(\s*[=:]\s*|\s+)([^\s,;`'"})]+)/g;

function maskNamedValues(text: string): string {
  if (text.length < 4) return text;
  return text.replace(NAMED_VALUE, (whole, lead: string, name: string, sep: string, value: string) =>
    isSecretKey(name) && !REFERENCE_ONLY.test(value) ? lead + name + sep + SECRET_MASK : whole,
  );
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

/**
 * The one masking policy, for one environment. It hides
 * - the whole value of a secret key;
 * - the values of the environment's secret keys wherever they appear in other text;
 * - the password of credentials written in a URL or as `user:password@host`;
 * - the value after a secret name in `NAME=value` lists and pairs.
 * A disabled masker (`nself.maskSecrets: false`, `--reveal`) shows everything as it is.
 */
export class SecretMasker {
  private readonly values: readonly string[];

  /** `secrets`: the values of the environment's secret keys (see `secretValuesOf`). */
  constructor(secrets: Iterable<string> = [], readonly enabled = true) {
    this.values = recognisableSecrets(secrets);
  }

  /** A key's value, as hovers, completions, symbols and reports show it. */
  value(key: string, value: string): string {
    if (!this.enabled) return value;
    return isSecretKey(key) ? maskValue(value) : this.text(value);
  }

  /** A value under no key, or a part of one (a command argument, a probe). */
  text(value: string): string {
    if (!this.enabled) return value;
    const free = maskNamedValues(maskUrlCredentials(value));
    return this.values.length > 0 && free.length >= 4 ? redactValues(free, this.values) : free;
  }

  /**
   * A message we wrote around values we did not (rule messages, fix titles, related locations):
   * the values are quoted in backticks, so named pairs are looked for inside those only, where
   * our own words cannot be mistaken for a secret's name and value.
   */
  message(text: string): string {
    if (!this.enabled) return text;
    const inQuotes = text.includes('`') ? text.replace(/`([^`]*)`/g, (_, quoted: string) => '`' + maskNamedValues(quoted) + '`') : text;
    return this.cutSecrets(redactValues(maskUrlCredentials(inQuotes), this.values));
  }

  /**
   * Messages quote long values as an excerpt ending in `…` (`rules/message.ts`); an excerpt that
   * ends inside a secret shows its start, which `redactValues` cannot recognise. Hide that start.
   */
  private cutSecrets(text: string): string {
    if (!text.includes('…')) return text;
    let out = text;
    for (const secret of this.values) {
      for (let length = secret.length - 1; length >= 4; length--) {
        const start = secret.slice(0, length) + '…';
        if (out.includes(start)) out = out.split(start).join(SECRET_MASK + '…');
      }
    }
    return out;
  }
}
