import * as path from 'path';
import { generate, TARGETS, type Target } from '../core/generate';
import { maskServiceModel } from '../core/model/mask';
import { findProjectRoot } from '../core/project';
import { StagedWrite } from '../node/stagedWrite';
import { UsageError, type CliValues } from './options';
import { loadModel } from './services';

/**
 * `nself-env generate compose|nginx|k8s|env|stack`: prints the files (secrets masked unless --reveal),
 * or with --out writes them, all or nothing, with their real values.
 */
export async function runGenerate(args: string[], values: CliValues, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [target, folder = '.', ...extra] = args;
  if (!TARGETS.includes(target as Target)) throw new UsageError(`generate needs one of ${TARGETS.join(', ')}`);
  if (extra.length) throw new UsageError('generate takes one project folder');
  const { model, secrets } = await loadModel(folder, values);
  const projectRoot = findProjectRoot(path.resolve(folder));
  if (values.out) {
    const outDir = path.resolve(values.out);
    const files = generate(model, target as Target, { projectRoot });
    const write = new StagedWrite(outDir);
    try {
      for (const file of files) await write.stage(file.path, file.content, file.mode);
      await write.commit();
    } catch (error) {
      await write.rollback();
      throw error;
    }
    for (const file of files) err.write(`wrote ${path.join(values.out, file.path)}\n`);
    return 0;
  }
  const files = generate(values.reveal ? model : maskServiceModel(model, secrets), target as Target, { projectRoot });
  for (const file of files) {
    if (files.length > 1) out.write(`# ---- ${file.path}\n`);
    out.write(file.content.endsWith('\n') ? file.content : file.content + '\n');
  }
  return 0;
}
