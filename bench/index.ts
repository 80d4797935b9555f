import { benchCore } from './core.bench';
import { benchGenerate } from './generate.bench';
import { benchProject } from './project.bench';
import { benchServer } from './server.bench';

const SECTIONS: Record<string, () => unknown> = {
  core: benchCore,
  generate: benchGenerate,
  server: benchServer,
  project: benchProject,
};

/**
 * `npm run bench`: every benchmark, one process, figures side by side with their peers.
 * `node dist/bench.js project server` runs only the sections named.
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SECTIONS[name]);
  if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`);
  console.log(`nself-vscode benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  for (const [name, run] of Object.entries(SECTIONS)) if (wanted.length === 0 || wanted.includes(name)) await run();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
