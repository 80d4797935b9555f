import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export interface StagedFile {
  path: string;
  content: string;
  mode?: number;
}

/**
 * Writes several files all or nothing: each is first written to a temporary file beside its
 * target, and only when every one of them is staged are they renamed into place. A failure
 * while staging removes the temporary files and leaves every target as it was.
 */
export function writeFilesAtomically(files: StagedFile[]): void {
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const file of files) {
      fs.mkdirSync(path.dirname(file.path), { recursive: true });
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
      fs.writeFileSync(temp, file.content, { mode: file.mode ?? 0o644, flag: 'wx' });
      staged.push({ temp, target: file.path });
    }
  } catch (error) {
    for (const { temp } of staged) fs.rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, target } of staged) fs.renameSync(temp, target);
}

/** Resolves `relative` inside `root`, refusing paths that climb out of it (`../../x`). */
export function safeJoin(root: string, relative: string): string {
  const resolved = path.resolve(root, relative);
  const back = path.relative(root, resolved);
  if (back.startsWith('..') || path.isAbsolute(back)) throw new Error(`refusing to write outside ${root}: ${relative}`);
  return resolved;
}
