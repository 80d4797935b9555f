import { benchCore } from './core.bench';
import { benchGenerate } from './generate.bench';
import { benchServer } from './server.bench';

/** `npm run bench`: every benchmark, one process, figures side by side with their peers. */
async function main(): Promise<void> {
  console.log(`nself-vscode benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  benchCore();
  benchGenerate();
  await benchServer();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
