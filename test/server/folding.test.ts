import * as assert from 'assert';
import type { FoldingRange } from 'vscode-languageserver-protocol';
import { demoProject } from './helpers/project';
import { TestConnection } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: folding ranges', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  it('folds sections under header comments and comment blocks followed by entries', async () => {
    const text = [
      '# === Core ===', // 0
      'A=1', // 1
      'B=2', // 2
      '', // 3
      '# Database', // 4
      '# settings', // 5
      'C=3', // 6
      '', // 7
      '# -----------', // 8
      '# Mail', // 9
      '# -----------', // 10
      'D="multi', // 11
      'line"', // 12
      '', // 13
    ].join('\n');
    const uri = await c.open(project.file('.env.staging'), text);
    const ranges = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const regions = ranges.filter((r) => r.kind === 'region').map((r) => [r.startLine, r.endLine]);
    assert.deepStrictEqual(regions, [
      [0, 2],
      [4, 6],
      [8, 12],
    ]);
    assert.ok(ranges.some((r) => r.startLine === 11 && r.endLine === 12 && r.kind === undefined));
    await c.close(uri);
  });
});
