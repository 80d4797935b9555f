import type { Rule } from '../types';
import { fieldSpan } from '../familyIndex';
import { csEntries } from './csEntry';

/** A name that is neither lower-case nor a valid DNS label: nself refuses the service. */
export const csName: Rule = {
  code: 'cs-name',
  title: 'Invalid custom service name',
  description:
    'The name becomes the compose service, DNS name, container suffix and build folder. 1.x accepts `^[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]$`; 0.9 accepts `^[a-z][a-z0-9_]*$` (no hyphens).',
  severity: 'error',
  scope: 'file',
  check({ doc, catalog, profile, report }) {
    for (const cs of csEntries(doc, catalog, profile)) {
      const problem = cs.parsed.problems.find((p) => p.code === 'cs-name-invalid');
      if (!problem) continue;
      const span = fieldSpan(cs.entry, cs.literal, cs.parsed.fields.name);
      const suggestion = suggestName(cs.parsed.name, profile);
      const fixes =
        suggestion && suggestion !== cs.parsed.name && cs.literal && catalog.customServiceName.test(suggestion)
          ? [{ title: `Rename the service to ${suggestion}`, edits: [{ file: doc.path, start: span.start, end: span.end, newText: suggestion }] }]
          : undefined;
      report({ start: span.start, end: span.end, message: problem.message + (suggestion ? ` For example \`${suggestion}\`.` : ''), fixes });
    }
  },
};

/** A name that follows the profile's rule, derived from the one written. */
function suggestName(raw: string, profile: string): string | undefined {
  let name = raw.toLowerCase().replace(profile === '0.9' ? /[^a-z0-9_]+/g : /[^a-z0-9_-]+/g, profile === '0.9' ? '_' : '-');
  name = name.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (profile === '0.9') name = name.replace(/^[0-9]+/, '');
  if (name.length > 63) name = name.slice(0, 63).replace(/[^a-z0-9]+$/, '');
  return name.length >= 2 ? name : undefined;
}
