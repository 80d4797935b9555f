import type { Rule } from '../types';
import { fieldSpan, wholeValue } from '../familyIndex';
import { parseIntStrict } from '../util';
import { familyEntries } from '../entryIndex';
import { csEntries } from './csEntry';

const PORT_PROBLEMS = new Set(['cs-port-invalid', 'cs-port-range']);

/** The third field of `CS_N` (or `CS_N_PORT`): a number in 1–65535 that is not reserved. */
export const csPort: Rule = {
  code: 'cs-port',
  title: 'Invalid or reserved custom service port',
  description:
    'The port of a custom service must be an integer in 1–65535. nself 1.x also refuses the ports of its own services (80 443 5432 8080 4000 6379 9000 9001 7700 3021 1025 8025 3008 5000).',
  severity: 'error',
  scope: 'file',
  check({ doc, catalog, profile, report }) {
    const reserved = (port: number, start: number, end: number, where: string, index: number, fixable: boolean) => {
      if (profile !== '1.x' || !catalog.reservedPorts.has(port)) return;
      const owner = catalog.services.find((s) => s.ports.some((p) => p.default === port));
      report({
        start,
        end,
        message: `${where} uses port ${port}, which nself 1.x reserves${owner ? ` for ${owner.title}` : ''}; the build refuses it. Pick another port, e.g. ${8000 + index} (the default for CS_${index}).`,
        fixes: fixable ? [{ title: `Use port ${8000 + index}`, edits: [{ file: doc.path, start, end, newText: String(8000 + index) }] }] : undefined,
      });
    };
    for (const cs of csEntries(doc, catalog, profile)) {
      const span = fieldSpan(cs.entry, cs.literal, cs.parsed.fields.port);
      const problem = cs.parsed.problems.find((p) => PORT_PROBLEMS.has(p.code));
      if (problem) {
        report({ start: span.start, end: span.end, message: `${problem.message} Write a port in 1–65535, e.g. ${8000 + cs.index}.` });
      } else if (cs.parsed.port !== undefined) {
        reserved(cs.parsed.port, span.start, span.end, `\`CS_${cs.index}\``, cs.index, cs.literal);
      }
    }
    for (const { entry, class: c } of familyEntries(doc, catalog)) {
      if (c.kind !== 'custom-service-sub' || c.sub !== 'PORT') continue;
      const port = parseIntStrict(entry.value.text);
      if (port === undefined || entry.value.references.length) continue;
      const span = wholeValue(entry);
      reserved(port, span.start, span.end, `\`${entry.key}\``, c.index, true);
    }
  },
};
