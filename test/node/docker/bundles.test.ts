/**
 * Activation stays small: dockerode and the engine adapters live only in dist/docker.js, which
 * the extension requires on first use (the Services view shown, a Docker command run). Checked
 * on the built bundles, which `npm test` builds before mocha runs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const dist = path.join(__dirname, '..', '..', '..', 'dist');

describe('bundles: Docker code only in the lazy dist/docker.js', function () {
  before(function () {
    if (!fs.existsSync(path.join(dist, 'docker.js'))) {
      console.warn('\n    !!! SKIPPED: no dist/ (run npm run build first)\n');
      this.skip();
    }
  });

  it('dist/extension.js is a few KB and holds no dockerode', () => {
    const text = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
    assert.ok(text.length < 16_000, `extension.js is ${text.length} bytes`);
    assert.doesNotMatch(text, /docker-modem|dockerode/);
  });

  it('dist/client.js requires docker.js by a computed path and bundles no dockerode', () => {
    const text = fs.readFileSync(path.join(dist, 'client.js'), 'utf8');
    assert.doesNotMatch(text, /docker-modem|new Modem\(/);
    assert.match(text, /"docker\.js"/);
  });

  it('dist/docker.js holds dockerode and no ssh2 (ssh endpoints go through the system ssh)', () => {
    const text = fs.readFileSync(path.join(dist, 'docker.js'), 'utf8');
    assert.match(text, /docker-modem|Modem/);
    assert.doesNotMatch(text, /require\("ssh2"\)/);
  });
});
