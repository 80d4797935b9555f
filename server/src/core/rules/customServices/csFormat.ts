import type { Rule } from '../types';
import { fieldSpan, wholeValue } from '../familyIndex';
import { csEntries } from './csEntry';

const FORMAT_PROBLEMS = new Set(['cs-format', 'cs-name-empty', 'cs-template-empty', 'cs-09-fourth-field', 'cs-09-port-omitted']);

/** `CS_N=name:template[:port][:route]`, read the way the profile's CLI splits it. */
export const csFormat: Rule = {
  code: 'cs-format',
  title: 'Malformed `CS_N` value',
  description:
    '`CS_N` must be `name:template[:port][:route]`. nself 0.9 splits only three fields, so a fourth one is glued onto the port, and without a port it publishes 8000 while nginx proxies to 8000+N: both are warnings in the 0.9 profile.',
  severity: 'error',
  scope: 'file',
  check({ doc, catalog, profile, report }) {
    for (const cs of csEntries(doc, catalog, profile)) {
      for (const problem of cs.parsed.problems) {
        if (!FORMAT_PROBLEMS.has(problem.code)) continue;
        const field = { text: '', start: problem.start, end: problem.end };
        const at = fieldSpan(cs.entry, cs.literal, field);
        // An omitted field has no text to underline: point at the whole value.
        const span = at.end > at.start ? at : wholeValue(cs.entry);
        const legacy = problem.code.startsWith('cs-09');
        let message = problem.message;
        if (problem.code === 'cs-format') message += ` For example \`CS_${cs.index}=api:express-js:${8000 + cs.index}\`.`;
        if (problem.code === 'cs-name-empty') message += ` Write the service name before the first \`:\`.`;
        if (problem.code === 'cs-template-empty') message += ' Write a template such as `express-js` or `fastapi` after the name.';
        report({
          start: span.start,
          end: span.end,
          message,
          severity: legacy ? 'warning' : undefined,
        });
      }
    }
  },
};
