/** Small text helpers every output shares. */

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

/**
 * `12345` → `"12,345"`. Not `toLocaleString`: its first call loads ICU data, ~100 ms of a CLI run
 * that checks one big file.
 */
export function groupDigits(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}
