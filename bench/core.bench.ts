import * as dotenv from 'dotenv';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseEnv } from '../server/src/core/parser';
import { Project } from '../server/src/core/project';
import { validateDocument } from '../server/src/core/rules';
import { generateEnvText } from './corpusGen';
import { percentile, row, sample } from './stats';

/** Parser against `dotenv.parse` on the same text, side by side, and full validation time. */
export function benchCore(): void {
  console.log('\n## Parse and validate (in process)');
  for (const lines of [200, 10_000]) {
    const text = generateEnvText(lines);
    const runs = lines > 1000 ? 60 : 400;
    const ours = sample(() => parseEnv(text, 'bench.env'), runs);
    const peer = sample(() => dotenv.parse(text), runs);
    row(`parseEnv, ${lines} lines`, ours);
    row(`dotenv.parse (peer), ${lines} lines`, peer);
    const ratio = percentile(peer, 50) / percentile(ours, 50);
    console.log(`${''.padEnd(46)} ratio dotenv/ours at p50: ${ratio.toFixed(2)}x (aim >= 2x: ours twice as fast)`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-bench-'));
  try {
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, generateEnvText(10_000));
    for (const profile of ['1.x', '0.9'] as const) {
      const times = sample(() => {
        // A fresh project each run: parse + effective config + every rule, nothing cached.
        const project = new Project(dir);
        validateDocument(project.document(file)!, project, { profile, env: 'dev' });
      }, 40);
      row(`parse + validate 10,000 lines (${profile})`, times, 30);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
