// Mocha's spec output, plus the pass/fail counts written to $NSELF_TEST_COUNTS so the test
// driver can print one closing `N passed, N failed` line over every stage.
const fs = require('fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.NSELF_TEST_COUNTS;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed: this.stats.passes, failed: this.stats.failures, pending: this.stats.pending }));
    });
  }
}

module.exports = CountingReporter;
