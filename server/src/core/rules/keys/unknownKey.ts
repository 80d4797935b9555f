import { classifyKey } from '../../catalog/classify';
import type { Catalog, Profile } from '../../catalog/types';
import type { EntryLine } from '../../parser/ast';
import type { EnvDocument } from '../../parser/parse';
import type { Fix, Report, Rule } from '../types';
import { invalidKeySet } from '../entryIndex';
import { cascadeDocs } from '../util';
import { allowlistOf, type Allowlist } from './allowlist';
import { suggestKeys } from './suggest';
import { renameKeyFix } from '../edits';
import { groupDigits } from '../../text';

/**
 * A key nself does not read: usually an app setting (fine, information), sometimes a typo of a key
 * it does read (`AUTH_SMTP_HOTS`), which nself silently ignores: a warning with the rename.
 */
export const unknownKey: Rule = {
  code: 'unknown-key',
  title: 'Key nself does not read',
  description:
    'nself 1.x warns about keys outside its known list, its user prefixes (`STRIPE_`, `AUTH_PROVIDER_`, …) and `ENV_ALLOWLIST` (exact names or `PREFIX*`, in any file). Your own services may still read the key; add it to `ENV_ALLOWLIST` to silence this. A key within two edits of a known one (`AUTH_SMTP_HOTS`) is a warning with a rename fix: nself ignores it, so the setting it was meant to be is not applied. nself 0.9 has no such check (unknown keys are hints there, near misses still warnings). A file with more than 50 unknown keys (app settings) gets one finding that counts them instead of one per key.',
  severity: 'information',
  scope: 'config',
  check({ config, catalog, profile, report }) {
    const allowed = allowlistOf(config, catalog);
    // The findings of one file depend on the file, the profile and ENV_ALLOWLIST only: every
    // environment whose cascade holds the same file (a big `.env.local` is in all of them) reuses them.
    const variant = `${profile}\0${config.get('ENV_ALLOWLIST') ?? ''}`;
    for (const doc of cascadeDocs(config)) {
      let byVariant = cache.get(doc);
      if (!byVariant) cache.set(doc, (byVariant = new Map()));
      let reports = byVariant.get(variant);
      if (!reports) byVariant.set(variant, (reports = unknownKeysOf(doc, catalog, profile, allowed)));
      for (const finding of reports) report(finding);
    }
  },
};

const cache = new WeakMap<EnvDocument, Map<string, Report[]>>();

/**
 * Past this many keys nself does not read (and no near miss of one it does), a file is someone's
 * app settings: one finding says so instead of one per key, which would bury the rest of
 * Problems (a 10,000-line `.env.local` gave 8,000) and cost more than the check itself.
 */
export const MANY_UNKNOWN_KEYS = 50;

/** The unknown keys of one file, against a catalog and an allowlist. */
function unknownKeysOf(doc: EnvDocument, catalog: Catalog, profile: Profile, allowed: Allowlist): Report[] {
  const out: Report[] = [];
  const plain: EntryLine[] = [];
  const severity = profile === '0.9' ? 'hint' : undefined;
  const invalid = invalidKeySet(doc);
  for (const entry of doc.entries) {
    const key = entry.key;
    // The memoised classification first: `unknown` already excludes `*_ENABLED` flags and
    // nself's user prefixes, so only what ENV_ALLOWLIST declares is left to check.
    if (classifyKey(key, catalog).kind !== 'unknown') continue;
    if (invalid?.has(entry) || allowed.declared(key)) continue;
    const suggestions = suggestKeys(key.toUpperCase(), catalog);
    if (suggestions.length === 0) {
      plain.push(entry);
      continue;
    }
    const fixes: Fix[] = suggestions.map((s, i) => renameKeyFix(doc, entry, s, i === 0 && suggestions.length === 1));
    out.push({
      doc,
      start: entry.keySpan.start,
      end: entry.keySpan.end,
      severity: 'warning',
      message: `nself does not read \`${key}\`, so it ignores this setting. Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}? (If your own services read \`${key}\`, add it to \`ENV_ALLOWLIST\`.)`,
      fixes,
    });
  }
  if (plain.length > MANY_UNKNOWN_KEYS) {
    out.push({ doc, start: plain[0]!.keySpan.start, end: plain[0]!.keySpan.end, severity, message: summary(plain) });
    return out;
  }
  for (const entry of plain) {
    out.push({
      doc,
      start: entry.keySpan.start,
      end: entry.keySpan.end,
      severity,
      message: `nself does not read \`${entry.key}\` (fine if your own services do: add it to \`ENV_ALLOWLIST\` to say so).`,
    });
  }
  return out;
}

/** One finding for many unknown keys: how many, a few of them, and the prefix most of them share. */
function summary(entries: readonly EntryLine[]): string {
  const names = [...new Set(entries.map((e) => e.key))];
  const prefixes = new Map<string, number>();
  for (const name of names) {
    const cut = name.indexOf('_');
    if (cut > 0) prefixes.set(name.slice(0, cut + 1), (prefixes.get(name.slice(0, cut + 1)) ?? 0) + 1);
  }
  const [prefix] = [...prefixes].sort((a, b) => b[1] - a[1])[0] ?? [];
  const examples = names.slice(0, 3).map((n) => `\`${n}\``).join(', ');
  return (
    `nself does not read ${groupDigits(names.length)} keys of this file (${examples}, …): fine if your own services read them. ` +
    `Declare them in \`ENV_ALLOWLIST\`${prefix ? `, e.g. by prefix: \`${prefix}*\`` : ''}. They are not marked one by one.`
  );
}

