import type { Rule } from '../types';
import { wholeValue } from '../familyIndex';
import { entriesWithKey } from '../entryIndex';
import { forJudgedValues } from './typedValue';

/** Hasura refuses to start with a JWT secret that is not JSON with `type` and `key` (or `jwk_url`). */
export const invalidJwtSecret: Rule = {
  code: 'invalid-jwt-secret',
  title: '`HASURA_GRAPHQL_JWT_SECRET` that is not valid JSON',
  description:
    'Hasura parses `HASURA_GRAPHQL_JWT_SECRET` as JSON such as `{"type":"HS256","key":"<32+ characters>"}` and does not start otherwise. Write it in single quotes so every parser keeps the inner quotes.',
  severity: 'error',
  scope: 'file',
  check(context) {
    const { doc, report } = context;
    forJudgedValues(context, entriesWithKey(doc, 'HASURA_GRAPHQL_JWT_SECRET'), (entry, value) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        report({
          ...wholeValue(entry),
          message: `\`HASURA_GRAPHQL_JWT_SECRET\` is not valid JSON (${jsonProblem(error)}); Hasura will not start. Write it as '{"type":"HS256","key":"<at least 32 characters>"}' in single quotes.`,
        });
        return;
      }
      const object = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      if (!object || (!object.jwk_url && !(object.type && object.key))) {
        report({
          ...wholeValue(entry),
          severity: 'warning',
          message: '`HASURA_GRAPHQL_JWT_SECRET` should be a JSON object with `type` and `key` (or `jwk_url`), e.g. {"type":"HS256","key":"…"}.',
        });
      } else if (object.type === 'HS256' && typeof object.key === 'string' && object.key.length < 32 && !object.key.includes('$')) {
        report({
          ...wholeValue(entry),
          severity: 'warning',
          message: `The HS256 key in \`HASURA_GRAPHQL_JWT_SECRET\` has ${object.key.length} characters; Hasura and hasura-auth need at least 32.`,
        });
      }
    });
  },
};

/**
 * What JSON.parse disliked, without the text it quotes: V8 says `Unexpected token 'm',
 * "myjwtsecre"... is not valid JSON`, and that text is the start of the secret.
 */
function jsonProblem(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  if (!/is not valid JSON$|^Unexpected token/.test(message)) return message;
  const at = /at position \d+/.exec(message);
  return at ? `unexpected token ${at[0]}` : 'unexpected token';
}
