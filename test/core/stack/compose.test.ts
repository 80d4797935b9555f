import * as assert from 'node:assert/strict';
import { composeArgv, composeTextForV1, execShellArgv } from '../../../server/src/core/stack/compose';

const target = { project: 'demo', file: '/p/docker-compose.yml', projectDir: '/p', envFile: '/p/.env.runtime' };

describe('core/stack/compose', () => {
  it('v2: docker compose -p -f … up -d --no-deps svc; recreate forces', () => {
    assert.deepEqual(composeArgv('v2', target, 'start', ['api']), {
      command: 'docker', args: ['compose', '-p', 'demo', '-f', '/p/docker-compose.yml', '--project-directory', '/p', '--env-file', '/p/.env.runtime', 'up', '-d', '--no-deps', 'api'],
    });
    assert.deepEqual(composeArgv('v2', target, 'recreate', ['api']).args.slice(-5), ['up', '-d', '--force-recreate', '--no-deps', 'api']);
    assert.deepEqual(composeArgv('v2', target, 'start').args.slice(-2), ['up', '-d']);
  });

  it('v1: docker-compose -p; stop and restart', () => {
    const a = composeArgv('v1', target, 'stop', ['api']);
    assert.equal(a.command, 'docker-compose');
    assert.deepEqual(a.args.slice(0, 2), ['-p', 'demo']);
    assert.deepEqual(a.args.slice(-2), ['stop', 'api']);
    assert.deepEqual(composeArgv('v1', target, 'restart', ['api']).args.slice(-2), ['restart', 'api']);
  });

  it('nself CLI verbs', () => {
    assert.deepEqual(composeArgv('nself', target, 'restart', ['api']), { command: 'nself', args: ['restart', 'api'] });
  });

  it('hostile names are single arguments, and option-like ones are refused', () => {
    const name = '$(touch /tmp/x)"\'; rm -rf ~ ü';
    assert.equal(composeArgv('v2', target, 'start', [name]).args.at(-1), name);
    assert.throws(() => composeArgv('v2', target, 'start', ['--rm']), /option/);
    assert.throws(() => execShellArgv('$(x)'), /not a container id/);
  });

  it('v1 copy drops only the name: line', () => {
    assert.equal(composeTextForV1('# h\nname: demo\nservices:\n  api: {}\n'), '# h\nservices:\n  api: {}\n');
  });
});
