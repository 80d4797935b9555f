import * as path from 'path';
import type { EnvDocument } from '../../parser/parse';
import { isSecretKey } from '../../secrets';
import type { Fix, Rule } from '../types';
import { appendLineEdit, deleteLineEdit } from '../edits';
import { docIndex } from '../entryIndex';
import { isExampleFile } from '../util';

/**
 * A secret committed to git is public to everyone with the repository, forever. nself keeps secrets
 * in `.env.secrets`, which must stay out of git.
 */
export const secretInTrackedFile: Rule = {
  code: 'secret-in-tracked-file',
  title: 'Secret in a file git tracks',
  description:
    'A password, secret, token or `*_KEY` with a value in a git-tracked env file other than `.env.secrets` (example files excepted). The quick fix moves the line to `.env.secrets` when that keeps every environment\'s value (1.x, from `.env`, when no environment file overrides the key).',
  severity: 'warning',
  scope: 'file',
  check({ doc, project, profile, gitTracked, report }) {
    const base = path.basename(doc.path);
    if (!gitTracked || base === '.env.secrets' || isExampleFile(doc.path)) return;
    const dir = path.dirname(doc.path);
    const target = path.join(dir, '.env.secrets');
    // Asked on the first secret only: git is a process to start, and most files hold no secret.
    let tracked: boolean | undefined;
    let secretsDoc: EnvDocument | undefined;
    let siblingDocs: (EnvDocument | undefined)[] | undefined;
    for (const entry of doc.entries) {
      if (!isSecretKey(entry.key)) continue;
      const value = entry.value;
      if (value.text.trim() === '') continue;
      // `KEY=${OTHER}` only points at a secret; the value itself is not in the file.
      let literal = value.text.length;
      for (const ref of value.references) literal -= ref.span.end - ref.span.start;
      if (value.references.length > 0 && literal <= 0) continue;
      if (tracked === undefined) {
        tracked = gitTracked(doc.path) === true;
        if (!tracked) return;
        secretsDoc = project?.document(target);
        // Other files of the same folder that could set the key after `.env` and before `.env.secrets`.
        const siblings = project
          ? project.envFiles().filter((f) => path.dirname(f) === dir && f !== doc.path && !['.env.secrets', '.env.local'].includes(path.basename(f)))
          : [];
        siblingDocs = siblings.map((f) => project!.document(f));
      }

      const inSecrets = secretsDoc ? docIndex(secretsDoc).last.has(entry.key) : false;
      const overridden = siblingDocs!.some((sibling) => sibling !== undefined && docIndex(sibling).last.has(entry.key));
      const movable = project !== undefined && profile === '1.x' && base === '.env' && !overridden;
      const fixes: Fix[] = [];
      if (movable && inSecrets) {
        fixes.push({ title: `Remove ${entry.key} (.env.secrets already sets it and wins)`, edits: [deleteLineEdit(doc, entry)] });
      } else if (movable) {
        const line = doc.text.slice(entry.keySpan.start, entry.end);
        fixes.push({ title: `Move ${entry.key} to .env.secrets`, preferred: true, edits: [deleteLineEdit(doc, entry), appendLineEdit(target, secretsDoc, line)] });
      }
      report({
        start: entry.keySpan.start,
        end: entry.keySpan.end,
        message: `\`${entry.key}\` has a value in \`${base}\`, which git tracks: everyone with the repository can read it. Keep secrets in \`.env.secrets\` (not committed)${
          fixes.length ? '' : ' or an untracked per-environment file'
        } and rotate this one if it was pushed.`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
};
