import type { Rule } from '../types';

/** nself 1.x refuses files over 1 MB or with a NUL byte; text that is not UTF-8 reads differently everywhere. */
export const fileProblem: Rule = {
  code: 'file-problem',
  title: 'File nself refuses to load',
  description: 'A NUL byte, a size over 1 MB, or text that is not valid UTF-8: nself refuses the file or reads other values than the ones shown.',
  severity: 'error',
  scope: 'file',
  check({ doc, report }) {
    for (const problem of doc.fileProblems) {
      const line = doc.lineIndex.positionAt(problem.offset).line;
      const start = doc.lineIndex.lineStart(line);
      let end = doc.text.indexOf('\n', start);
      if (end === -1) end = doc.text.length;
      if (end - start > 200) end = start + 200;
      const fix =
        problem.kind === 'too-large'
          ? ' Split it, or move large values (certificates, keys) into files and refer to their paths.'
          : problem.kind === 'nul-byte'
            ? ' Remove the NUL byte, or make sure this is really a text env file.'
            : ' Save the file as UTF-8.';
      report({ start, end: Math.max(end, start), message: problem.message + fix });
    }
  },
};
