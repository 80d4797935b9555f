import * as assert from 'node:assert/strict';
import { contextDigest, describeEndpoint, resolveEndpoint, sshDialArgv, type EndpointInputs } from '../../../server/src/core/stack/endpoint';
import { describeEngineProblem } from '../../../server/src/core/stack/engineProblem';

function inputs(env: Record<string, string>, files: Record<string, string> = {}, setting?: string): EndpointInputs {
  return { env, setting, home: '/home/u', readFile: (p) => files[p], exists: (p) => p in files };
}

describe('core/stack/endpoint', () => {
  it('the setting beats DOCKER_HOST, which beats contexts', () => {
    assert.deepEqual(resolveEndpoint(inputs({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }, {}, 'unix:///tmp/d.sock')), { kind: 'unix', socketPath: '/tmp/d.sock', source: 'setting' });
    const e = resolveEndpoint(inputs({ DOCKER_HOST: 'tcp://127.0.0.1:2999', DOCKER_CONTEXT: 'remote' }));
    assert.equal(describeEndpoint(e), 'tcp://127.0.0.1:2999 (DOCKER_HOST)');
  });

  it('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH give TLS files and port 2376 by default', () => {
    const e = resolveEndpoint(inputs({ DOCKER_HOST: 'tcp://docker.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }));
    assert.deepEqual(e, { kind: 'tcp', host: 'docker.example', port: 2376, source: 'DOCKER_HOST', tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true } });
  });

  it('ssh:// parses user, host and port, and the dial argv puts the host after --', () => {
    const e = resolveEndpoint(inputs({ DOCKER_HOST: 'ssh://deploy@host.example:2222' }));
    assert.ok(e.kind === 'ssh');
    assert.deepEqual(sshDialArgv(e), ['-o', 'BatchMode=yes', '-l', 'deploy', '-p', '2222', '--', 'host.example', 'docker', 'system', 'dial-stdio']);
    assert.throws(() => resolveEndpoint(inputs({ DOCKER_HOST: 'ssh://-oProxyCommand=x' })), /cannot start with/);
  });

  it('the current context of config.json, with its meta.json under sha256(name), and its TLS files', () => {
    const digest = contextDigest('remote');
    assert.match(digest, /^[0-9a-f]{64}$/);
    const files = {
      '/home/u/.docker/config.json': JSON.stringify({ currentContext: 'remote' }),
      [`/home/u/.docker/contexts/meta/${digest}/meta.json`]: JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'tcp://127.0.0.1:23750', SkipTLSVerify: false } } }),
      [`/home/u/.docker/contexts/tls/${digest}/docker/ca.pem`]: 'x',
    };
    const e = resolveEndpoint(inputs({}, files));
    assert.deepEqual(e, { kind: 'tcp', host: '127.0.0.1', port: 23750, source: 'config.json', context: 'remote', tls: { ca: `/home/u/.docker/contexts/tls/${digest}/docker/ca.pem`, verify: true } });
    // DOCKER_CONTEXT=default means the default socket, whatever config.json says.
    assert.equal(resolveEndpoint(inputs({ DOCKER_CONTEXT: 'default' }, files)).kind, 'unix');
  });

  it('a missing context is an error that names it', () => {
    assert.throws(() => resolveEndpoint(inputs({ DOCKER_CONTEXT: 'gone' })), /Docker context "gone" \(from DOCKER_CONTEXT\) does not exist/);
  });

  it('default socket, then Podman, else the default named anyway', () => {
    assert.equal(resolveEndpoint(inputs({}, { '/var/run/docker.sock': '' })).source, 'default');
    assert.deepEqual(resolveEndpoint(inputs({ XDG_RUNTIME_DIR: '/run/user/1000' }, { '/run/user/1000/podman/podman.sock': '' })), { kind: 'unix', socketPath: '/run/user/1000/podman/podman.sock', source: 'podman' });
    assert.equal(resolveEndpoint(inputs({})).kind === 'unix' && resolveEndpoint(inputs({})).source, 'default');
  });

  it('bad values say what is wrong', () => {
    assert.throws(() => resolveEndpoint(inputs({ DOCKER_HOST: 'npipe:////./pipe/x' })), /scheme npipe/);
    assert.throws(() => resolveEndpoint(inputs({ DOCKER_HOST: 'garbage' })), /is not an endpoint/);
  });
});

describe('core/stack/engineProblem', () => {
  const unix = { kind: 'unix' as const, socketPath: '/var/run/docker.sock', source: 'default' as const };
  it('turns errno codes into something a user can act on', () => {
    const p = describeEngineProblem(Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }), unix);
    assert.equal(p.kind, 'permission');
    assert.match(p.message, /unix:\/\/\/var\/run\/docker.sock \(default\): permission denied/);
    assert.match(p.hint, /usermod -aG docker/);
    assert.equal(describeEngineProblem({ code: 'ENOENT' }, unix).kind, 'no-socket');
    assert.equal(describeEngineProblem({ code: 'ECONNREFUSED' }, { kind: 'tcp', host: '127.0.0.1', port: 1, source: 'DOCKER_HOST' }).kind, 'refused');
    assert.equal(describeEngineProblem({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self signed certificate' }, undefined).kind, 'tls');
  });
});
