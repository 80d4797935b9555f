/**
 * The one size limit on env files, everywhere: nself refuses files over 1 MB (CLI 1.x
 * `loader.go`), so neither the CLI, the language server nor the extension reads more than that
 * of any file. A file over it is replaced by a stand-in that parses to no entries and one
 * `too-large` file problem, so every consumer says the same thing and none spends the time.
 * Kept free of imports: the extension's activation entry reads it.
 */

/** nself refuses files over 1 MB. */
export const MAX_FILE_BYTES = 1024 * 1024;

const STAND_IN = '# nself: file not read: ';

/** The text read instead of a file of `bytes` bytes that is over the limit. */
export function tooLargeStandIn(bytes: number): string {
  return `${STAND_IN}${bytes} bytes\n`;
}

/** The size of the file a stand-in replaced, or undefined for real text. */
export function standInSize(text: string): number | undefined {
  if (!text.startsWith(STAND_IN)) return undefined;
  const bytes = Number.parseInt(text.slice(STAND_IN.length), 10);
  return Number.isFinite(bytes) ? bytes : undefined;
}

/** True when `text` takes more than `max` bytes in UTF-8, computed only when it could. */
export function overLimit(text: string, max = MAX_FILE_BYTES): boolean {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return Buffer.byteLength(text, 'utf8') > max;
}

/** `text`, or its stand-in when it is over the limit (open editor buffers go through this). */
export function withinLimit(text: string): string {
  return overLimit(text) ? tooLargeStandIn(Buffer.byteLength(text, 'utf8')) : text;
}
