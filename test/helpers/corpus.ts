/** Real env files from public nself projects (see SOURCES.tsv there), read as lone documents. */
import * as fs from 'fs';
import * as path from 'path';
import { parseEnv, type EnvDocument } from '../../server/src/core/parser/parse';
import { environmentOfFile } from '../../server/src/core/project/environments';

export const CORPUS = '/work/shared/corpus';

/** `owner__repo__dir__.env.dev` → `.env.dev` (the name nself sees). */
export function corpusBaseName(file: string): string {
  const parts = file.split('__');
  return parts[parts.length - 1];
}

/** Every corpus file as a lone document named like the original, in its own environment. */
export function corpusDocuments(): { name: string; env: string; doc: EnvDocument }[] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs
    .readdirSync(CORPUS)
    .filter((name) => name.includes('.env'))
    .sort()
    .map((name) => {
      const base = corpusBaseName(name);
      const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      const env = environmentOfFile(base) ?? 'dev';
      return { name, env, doc: parseEnv(text, path.join('/corpus', name.replace(/__/g, '/'))) };
    });
}

