import { strict as assert } from 'assert';
import { canonicalTargetName, parseControlPlane, parseHostSpec, readTargets, resolveTarget, UnknownTargetError } from '../../../server/src/core/deploy/targets';
import type { ProjectHost } from '../../../server/src/core/project/types';

function memoryHost(files: Record<string, string>): ProjectHost {
  return {
    readText: (p) => files[p],
    listDir: (dir) => {
      const names = new Set<string>();
      for (const p of Object.keys(files)) if (p.startsWith(dir + '/')) names.add(p.slice(dir.length + 1).split('/')[0]!);
      return names.size ? [...names] : undefined;
    },
  };
}

describe('deploy targets', () => {
  it('reads 0.9 server.json with its defaults and production as prod', () => {
    const host = memoryHost({
      '/p/.environments/staging/server.json': '{\n"name": "staging",\n"host": "stage.example.com"\n,"user": "deploy"\n}',
      '/p/.environments/production/server.json': '{\n"name": "prod",\n"host": "10.0.0.5",\n"port": 2222,\n"user": "root",\n"deploy_path": "/var/www/nself",\n"key": "~/.ssh/prod"\n}',
    });
    const list = readTargets(host, '/p');
    assert.deepEqual(list.problems, []);
    const staging = resolveTarget(list, 'staging');
    assert.equal(staging.host, 'stage.example.com');
    assert.equal(staging.port, 22);
    assert.equal(staging.path, '/opt/nself');
    assert.equal(staging.production, false);
    const prod = resolveTarget(list, 'production');
    assert.equal(prod.name, 'prod');
    assert.equal(prod.port, 2222);
    assert.equal(prod.keyPath, '~/.ssh/prod');
    assert.equal(prod.production, true);
    assert.equal(resolveTarget(list, 'prod'), prod);
  });

  it('an unknown target is an error that lists the known ones, never a fallback', () => {
    const list = readTargets(memoryHost({ '/p/.environments/staging/server.json': '{\n"name":"s",\n"host":"h",\n"user":"root"\n}' }), '/p');
    assert.throws(() => resolveTarget(list, 'prodd'), (e: unknown) => e instanceof UnknownTargetError && /known: staging/.test(e.message));
  });

  it('a target whose server.json cannot be read says why instead of "unknown"', () => {
    const list = readTargets(memoryHost({ '/p/.environments/k8s/server.json': '{"name":"k8s","host":"h","orchestrator":"kubernetes"}' }), '/p');
    assert.throws(() => resolveTarget(list, 'k8s'), (e: unknown) => e instanceof UnknownTargetError && /declared in \/p\/\.environments\/k8s\/server\.json but cannot be read: user/.test(e.message));
  });

  it('reads 1.x control-plane.yaml: the primary app server, ssh_key_ref through the environment', () => {
    const yaml = [
      'schema_version: 2',
      'environments:',
      '  local:',
      '    kind: local',
      '  staging:',
      '    kind: remote',
      '    servers:',
      '      - name: lb',
      '        role: lb',
      '        host: ops@lb.example.com',
      '      - name: app',
      '        role: app',
      '        host: deploy@app.example.com:2200',
      '        ssh_key_ref: STAGING_KEY',
      '        remote_path: /srv/app',
      '        primary: true',
    ].join('\n');
    const list = parseControlPlane(yaml, '/p/.nself/control-plane.yaml', { STAGING_KEY: '/keys/staging' });
    assert.deepEqual(list.problems, []);
    assert.equal(list.targets.length, 1);
    const t = list.targets[0]!;
    assert.deepEqual([t.name, t.user, t.host, t.port, t.keyPath, t.path, t.source.line], ['staging', 'deploy', 'app.example.com', 2200, '/keys/staging', '/srv/app', 10]);
  });

  it('reports a malformed control-plane.yaml with lines', () => {
    const yaml = ['schema_version: 1', 'environments:', '  prod:', '    kind: remote', '    servers:', '      - host: "bad host;rm"', '        remote_path: relative'].join('\n');
    const list = parseControlPlane(yaml, 'cp.yaml');
    const messages = list.problems.map((p) => `${p.line}:${p.severity}:${p.message}`);
    assert.ok(messages.some((m) => m.startsWith('0:warning:schema_version')), messages.join('\n'));
    assert.ok(messages.some((m) => /^5:error:prod.servers\[0\].host/.test(m)), messages.join('\n'));
    assert.equal(list.targets.length, 0);
    const broken = parseControlPlane('environments: [\n', 'cp.yaml');
    assert.match(broken.problems[0]!.message, /not valid YAML/);
  });

  it('without control-plane.yaml, NSELF_DEPLOY_HOST_<ENV> and friends describe one server', () => {
    const list = readTargets(memoryHost({}), '/p', { NSELF_DEPLOY_HOST_PRODUCTION: 'root@203.0.113.9:/srv/nself', NSELF_DEPLOY_HOST_STAGING: 'stage.example.com', NSELF_SSH_KEY_STAGING: '/k', NSELF_REMOTE_PATH_STAGING: '/data' });
    const prod = resolveTarget(list, 'prod');
    assert.deepEqual([prod.user, prod.host, prod.path, prod.production], ['root', '203.0.113.9', '/srv/nself', true]);
    const staging = resolveTarget(list, 'staging');
    assert.deepEqual([staging.user, staging.keyPath, staging.path], [undefined, '/k', '/data']);
  });

  it('host specs refuse shell syntax', () => {
    assert.deepEqual(parseHostSpec('u@h.example:22'), { user: 'u', host: 'h.example', port: 22 });
    for (const bad of ['h;rm -rf /', '$(touch /tmp/x)', 'u@h:99999', '-oProxyCommand=x', 'a b']) assert.equal(parseHostSpec(bad), undefined, bad);
    assert.equal(canonicalTargetName('Production'), 'prod');
  });
});
