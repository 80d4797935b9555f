/**
 * The shape every rule message takes before anyone sees it, applied once where findings are made
 * (`validate.ts`), so no rule can get it wrong: one line, of bounded length, with each quoted value
 * cut to a short excerpt. A value can be a megabyte long or hold newlines; a message that quoted it
 * whole would break `file:line message` output and carry the value into every report.
 */

/** Longest backtick-quoted span kept whole; longer ones become an excerpt. */
export const MAX_QUOTED = 80;
/** Longest message; only a message quoting many long values gets near it. */
export const MAX_MESSAGE = 1000;
const EXCERPT = 48;

const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Control characters and line separators as visible escapes (`\n`, `\r`, `\t`, `\xNN`, `\uNNNN`). */
export function escapeControls(text: string): string {
  return text.replace(LINE_BREAKING, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A message as it is reported: quoted values excerpted, one line, at most `MAX_MESSAGE` characters. */
export function boundMessage(message: string): string {
  let out = message;
  if (out.length > MAX_QUOTED) {
    out = out.replace(/`([^`]*)`/g, (whole, quoted: string) =>
      quoted.length <= MAX_QUOTED ? whole : `\`${quoted.slice(0, EXCERPT)}…\` (${quoted.length.toLocaleString('en-US')} characters)`,
    );
  }
  out = escapeControls(out);
  return out.length <= MAX_MESSAGE ? out : `${out.slice(0, MAX_MESSAGE - 1)}…`;
}
