import type { Rule } from '../types';
import { familyIndex, fieldSpan } from '../familyIndex';
import { serviceStates } from '../serviceState';

/** Two services with one compose key: the later one silently replaces the other in docker-compose.yml. */
export const csNameClash: Rule = {
  code: 'cs-name-clash',
  title: 'Custom service name taken',
  description:
    'A custom service named like a built-in service (`auth`, `postgres`, `redis`, …) or like another custom service produces two compose services with one key; one of them disappears. 1.x compares the sanitized names (`my_api` = `my-api`).',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, report }) {
    const states = serviceStates(config, catalog);
    const seen = new Map<string, (typeof services)[number]>();
    const services = familyIndex(config, catalog).services;
    for (const cs of services) {
      const name = cs.parsed.composeName;
      if (!name || !cs.parsed.fields.template) continue;
      const { doc, entry } = cs.binding;
      const span = fieldSpan(entry, cs.literal, cs.parsed.fields.name);
      if (catalog.reservedServiceNames.has(name)) {
        const builtin = catalog.services.find((s) => s.key === name)!;
        const on = states.get(name) === true;
        report({
          doc,
          start: span.start,
          end: span.end,
          severity: on ? undefined : 'warning',
          message: on
            ? `\`CS_${cs.index}\` is named \`${name}\`, the compose key of the built-in ${builtin.title} service, which is on: one of them is lost. Rename the custom service (e.g. \`${name}-svc\`).`
            : `\`CS_${cs.index}\` is named \`${name}\`, the compose key of the built-in ${builtin.title} service: enabling it (\`${builtin.enabled.flag}\`) would clash. Rename the custom service.`,
        });
      }
      const first = seen.get(name);
      if (first) {
        report({
          doc,
          start: span.start,
          end: span.end,
          message: `\`CS_${cs.index}\` and \`CS_${first.index}\` both become the compose service \`${name}\`: one of them is lost. Rename one of them.`,
          related: [{ file: first.binding.doc.path, ...fieldSpan(first.binding.entry, first.literal, first.parsed.fields.name), message: `CS_${first.index} is also \`${name}\`` }],
        });
      } else {
        seen.set(name, cs);
      }
    }
  },
};
