import type { Rule } from '../types';
import { docIndex } from '../entryIndex';
import { insertLineBefore } from '../edits';

/** nself 0.9's `safe_source_env` does not strip ` # comments`: they become part of the value. */
export const inlineComment: Rule = {
  code: 'inline-comment',
  title: 'Comment after a value',
  description:
    'nself 1.x drops ` # comments` after a value, but nself 0.9 (and nself-admin) keep them in the value: `SSL_MODE=local  # note` becomes `local  # note`. Put comments on their own line.',
  severity: 'warning',
  scope: 'syntax',
  check({ doc, report, profile }) {
    for (const entry of docIndex(doc).commented) {
      const comment = entry.comment;
      if (!comment) continue;
      const value = entry.value;
      const valueEnd = Math.max(value.span.end, entry.trailing?.end ?? 0);
      const deleteFrom = value.span.end > value.span.start ? valueEnd : entry.equals + 1;
      const indent = doc.text.slice(entry.start, entry.start + entry.indent);
      const commentText = doc.text.slice(comment.start, comment.end).trimEnd();
      report({
        start: comment.start,
        end: comment.end,
        message:
          profile === '0.9'
            ? `nself 0.9 keeps this comment in the value of \`${entry.key}\`. Move it to its own line above.`
            : `nself 1.x drops this comment, but nself 0.9 and nself-admin keep it in the value of \`${entry.key}\`. Move it to its own line above.`,
        severity: profile === '0.9' ? 'warning' : 'hint',
        fixes: [
          {
            title: 'Move the comment to the line above',
            preferred: true,
            edits: [insertLineBefore(doc, entry, indent + commentText), { file: doc.path, start: deleteFrom, end: comment.end, newText: '' }],
          },
        ],
      });
    }
  },
};
