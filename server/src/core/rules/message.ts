/**
 * The shape every rule message takes before anyone sees it, applied once where findings are made
 * (`validate.ts`), so no rule can get it wrong: one line, of bounded length, with each quoted value
 * cut to a short excerpt. A value can be a megabyte long or hold newlines; a message that quoted it
 * whole would break `file:line message` output and carry the value into every report.
 */

import { escapeControls, groupDigits } from '../text';

export { escapeControls } from '../text';

/** Longest backtick-quoted span kept whole; longer ones become an excerpt. */
export const MAX_QUOTED = 80;
/** Longest message; only a message quoting many long values gets near it. */
export const MAX_MESSAGE = 1000;
const EXCERPT = 48;

/** A message as it is reported: quoted values excerpted, one line, at most `MAX_MESSAGE` characters. */
export function boundMessage(message: string): string {
  let out = message;
  if (out.length > MAX_QUOTED) {
    out = out.replace(/`([^`]*)`/g, (whole, quoted: string) =>
      quoted.length <= MAX_QUOTED ? whole : `\`${quoted.slice(0, EXCERPT)}…\` (${groupDigits(quoted.length)} characters)`,
    );
  }
  out = escapeControls(out);
  return out.length <= MAX_MESSAGE ? out : `${out.slice(0, MAX_MESSAGE - 1)}…`;
}
