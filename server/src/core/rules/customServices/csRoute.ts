import type { Rule } from '../types';
import { fieldSpan } from '../familyIndex';
import { csEntries } from './csEntry';

/** What `cs-route` accepts in the route field (`unsafe-value` stays quiet where this rule reports). */
export const CS_ROUTE_CHARS = /^[A-Za-z0-9.-]+$/;

/** The fourth field of `CS_N` is a host name prefix: `<route>.<BASE_DOMAIN>`. */
export const csRoute: Rule = {
  code: 'cs-route',
  title: 'Invalid route in `CS_N`',
  description: 'The route field becomes the host name `<route>.<BASE_DOMAIN>`, so it may contain only letters, digits, `.` and `-` (lower-case by convention).',
  severity: 'error',
  scope: 'file',
  check({ doc, catalog, profile, report }) {
    for (const cs of csEntries(doc, catalog, profile)) {
      const field = cs.parsed.fields.route;
      if (!field || field.text === '' || profile === '0.9') continue;
      const route = field.text;
      const span = fieldSpan(cs.entry, cs.literal, field);
      if (!CS_ROUTE_CHARS.test(route)) {
        report({
          start: span.start,
          end: span.end,
          message: `The route \`${route}\` of \`CS_${cs.index}\` is not a host name: use only letters, digits, \`.\` and \`-\` (it becomes \`${route}.<BASE_DOMAIN>\`).`,
        });
      } else if (route !== route.toLowerCase()) {
        report({
          start: span.start,
          end: span.end,
          severity: 'warning',
          message: `The route \`${route}\` has upper-case letters; host names are lower-case and nself compares routes in lower case. Write \`${route.toLowerCase()}\`.`,
          fixes: cs.literal ? [{ title: `Use ${route.toLowerCase()}`, preferred: true, edits: [{ file: doc.path, start: span.start, end: span.end, newText: route.toLowerCase() }] }] : undefined,
        });
      }
    }
  },
};
