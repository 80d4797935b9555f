import * as assert from 'assert';
import * as fs from 'fs';
import { validateDocument } from '../../../server/src/core/rules/validate';
import { CORPUS, corpusDocuments } from '../../helpers/corpus';

describe('rules: real files from /work/shared/corpus', function () {
  before(function () {
    if (!fs.existsSync(CORPUS)) {
      console.log(`      (skipped: ${CORPUS} is not present on this machine)`);
      this.skip();
    }
  });

  for (const profile of ['1.x', '0.9'] as const) {
    it(`no rule throws on any corpus file (${profile})`, () => {
      for (const { name, env, doc } of corpusDocuments()) {
        const crashes: string[] = [];
        validateDocument(doc, undefined, { profile, env, onRuleError: (rule, _file, error) => crashes.push(`${rule.code}: ${String(error)}`) });
        assert.deepStrictEqual(crashes, [], name);
      }
    });
  }
});
