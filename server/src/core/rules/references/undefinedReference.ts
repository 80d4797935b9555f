import type { Rule } from '../types';
import { configIndex, docIndex } from '../entryIndex';
import { cascadeDocs } from '../util';
import { isProcessVariable } from './expansion';

/** `${NAME}` with no default, where no file of the cascade sets NAME: it expands to nothing. */
export const undefinedReference: Rule = {
  code: 'undefined-reference',
  title: 'Reference to a variable no file sets',
  description:
    '`${NAME}` (without a `:-default`) expands to an empty string when no file of the environment\'s cascade sets NAME. A warning inside a project (the value nself uses really is empty; rules such as `required-secret` judge that value), information for a file checked alone, which may get NAME from a file we do not see. nself 0.9 also warns about references without a default.',
  severity: 'warning',
  scope: 'config',
  check({ config, catalog, project, env, report }) {
    const index = configIndex(config);
    for (const doc of cascadeDocs(config)) {
      for (const entry of docIndex(doc).withReferences) {
        for (const ref of entry.value.references) {
          if (ref.defaultOp || ref.name === '' || ref.name === entry.key || isProcessVariable(ref.name)) continue;
          // Whether the variable is set, not its value: no need to expand it.
          if (index.winningEntry(ref.name) !== undefined) continue;
          const known = catalog.keys.get(ref.name)?.default;
          const where = project ? `any file of the ${env} cascade` : 'this file';
          report({
            doc,
            start: ref.span.start,
            end: ref.span.end,
            message:
              `\`${ref.name}\` is not set in ${where}, so \`${doc.text.slice(ref.span.start, ref.span.end)}\` expands to an empty string. ` +
              `Set \`${ref.name}\`, or give a default: \`\${${ref.name}:-${known ?? 'value'}}\`.`,
            // In a project the cascade is all nself reads: the value really is empty. A lone file
            // may get the variable from a file we cannot see.
            severity: project ? undefined : 'information',
            fixes:
              ref.form === 'braced' && ref.closed
                ? [
                    {
                      title: `Add a default: \${${ref.name}:-${known ?? ''}}`,
                      edits: [{ file: doc.path, start: ref.nameSpan.end, end: ref.nameSpan.end, newText: `:-${known ?? ''}` }],
                    },
                  ]
                : undefined,
          });
        }
      }
    }
  },
};
