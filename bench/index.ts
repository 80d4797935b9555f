import { benchCore } from './core.bench';

/** `npm run bench`: every benchmark, one process, figures side by side with their peers. */
async function main(): Promise<void> {
  console.log(`nself-vscode benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  benchCore();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
