import { didYouMean } from '../../catalog/classify';
import type { Fix, Rule } from '../types';
import { fieldSpan } from '../familyIndex';
import { csEntries } from './csEntry';

/** A template nself does not have: the build has nothing to copy and the service is not generated. */
export const csTemplate: Rule = {
  code: 'cs-template',
  title: 'Unknown custom service template',
  description:
    'The second field of `CS_N` must be one of nself\'s service templates (`express-js`, `fastapi`, `gin`, …) or a bare alias (`express`, `fastify`, `nest`, …).',
  severity: 'error',
  scope: 'file',
  check({ doc, catalog, profile, config, report }) {
    for (const cs of csEntries(doc, catalog, profile)) {
      const template = cs.parsed.template;
      const field = cs.parsed.fields.template;
      if (!field || template === '' || catalog.templates.has(template)) continue;
      const lower = template.toLowerCase();
      const candidates = catalog.templates.has(lower) ? [lower] : didYouMean(lower, catalog.templates.keys(), 2).slice(0, 3);
      const span = fieldSpan(cs.entry, cs.literal, field);
      const fixes: Fix[] = cs.literal
        ? candidates.map((name, i) => ({ title: `Use the template ${name}`, preferred: i === 0 && candidates.length === 1, edits: [{ file: doc.path, start: span.start, end: span.end, newText: name }] }))
        : [];
      const hint = candidates.length ? ` Did you mean ${candidates.map((c) => `\`${c}\``).join(', ')}?` : ' Use `custom` for a service you build from your own Dockerfile, or see the template list in the completion.';
      // With a pre-built image nothing is copied from the template; nself may still check the name.
      const image = config.get(`CS_${cs.index}_IMAGE`);
      report({
        start: span.start,
        end: span.end,
        message: image
          ? `\`${template}\` is not an nself service template; \`CS_${cs.index}_IMAGE\` is used instead, but nself may still reject the name.${hint}`
          : `\`${template}\` is not an nself service template, so \`CS_${cs.index}\` cannot be generated.${hint}`,
        severity: image ? 'warning' : undefined,
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
};
