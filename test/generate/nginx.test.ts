import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { certificateDir, generateNginx } from '../../server/src/core/generate';
import type { ServiceModel } from '../../server/src/core/model/types';
import { hasCommand, nginxTest, requireTool, selfSignedCertificate } from '../helpers/realTools';
import { demoModel } from './fixtures/demoModel';
import { PATIENCE } from '../helpers/patience';

/** Writes the nginx files into a fresh folder (the prefix `nginx -t -p` is given). */
function writeNginx(files: Map<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-gen-nginx-'));
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

describe('generate: nginx', () => {
  const dev = generateNginx(demoModel('dev'));
  const staging = generateNginx(demoModel('staging'));

  it('writes nginx.conf and one sites/<route>.conf per route, frontends included', () => {
    assert.deepEqual([...dev.keys()], [
      'nginx.conf', 'sites/api.conf', 'sites/app.conf', 'sites/auth.conf', 'sites/backend.conf', 'sites/dashboard.conf',
      'sites/mail.conf', 'sites/ml.conf', 'sites/storage-console.conf', 'sites/storage.conf',
    ]);
  });

  it('has a default server with /health and includes sites/*.conf', () => {
    const conf = dev.get('nginx.conf') ?? '';
    assert.match(conf, /listen 80 default_server;/);
    assert.match(conf, /location = \/health \{[^}]*return 200/);
    assert.match(conf, /include sites\/\*\.conf;/);
    assert.match(conf, /resolver 127\.0\.0\.11 valid=10s/);
  });

  it('resolves upstreams at request time and serves <route>.<BASE_DOMAIN>', () => {
    const site = dev.get('sites/backend.conf') ?? '';
    assert.match(site, /server_name backend\.local\.nself\.org;/);
    assert.match(site, /set \$upstream api:8001;\n\s+proxy_pass http:\/\/\$upstream;/);
    assert.doesNotMatch(site, /Upgrade/);
    assert.match(dev.get('sites/app.conf') ?? '', /set \$upstream host\.docker\.internal:3000;/);
  });

  it('adds websocket headers only where the route asks', () => {
    for (const ws of ['sites/api.conf', 'sites/ml.conf', 'sites/app.conf']) {
      assert.match(dev.get(ws) ?? '', /proxy_set_header Upgrade \$http_upgrade;\n\s+proxy_set_header Connection \$connection_upgrade;/, ws);
    }
    assert.doesNotMatch(dev.get('sites/auth.conf') ?? '', /Upgrade/);
  });

  it('is plain HTTP in dev and HTTPS with a redirect elsewhere (or when asked)', () => {
    assert.doesNotMatch([...dev.values()].join('\n'), /ssl_certificate|listen 443/);
    const site = staging.get('sites/api.conf') ?? '';
    assert.match(site, /listen 80;[\s\S]*return 301 https:\/\/\$host\$request_uri;[\s\S]*listen 443 ssl;/);
    assert.match(site, /ssl_certificate ssl\/local-nself-org\/fullchain\.pem;/);
    assert.match(generateNginx(demoModel('dev'), { tls: true }).get('nginx.conf') ?? '', /listen 443 ssl default_server;/);
    assert.doesNotMatch(generateNginx(demoModel('staging'), { tls: false }).get('sites/api.conf') ?? '', /443/);
  });

  it('names certificate folders after the base domain', () => {
    assert.equal(certificateDir('localhost'), 'localhost');
    assert.equal(certificateDir('app.localhost'), 'localhost');
    assert.equal(certificateDir('local.nself.org'), 'local-nself-org');
    assert.equal(certificateDir('Example.COM'), 'example-com');
  });

  it('keeps the first of two routes claiming one host', () => {
    const model: ServiceModel = demoModel('dev');
    const api = model.services.find((s) => s.id === 'api');
    api?.routes.push({ ...(api.routes[0] as NonNullable<typeof api.routes[0]>), upstream: 'other:1' });
    const files = generateNginx(model);
    assert.match(files.get('sites/backend.conf') ?? '', /set \$upstream api:8001;/);
  });

  describe('real nginx -t', function () {
    // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
    this.timeout(PATIENCE.build);
    before(function () {
      requireTool(this, hasCommand('nginx'), 'nginx (Debian package nginx)');
    });

    it('accepts the dev configuration (HTTP only; upstream names do not resolve here)', () => {
      const dir = writeNginx(dev);
      try {
        const r = nginxTest(dir);
        assert.ok(r.ok, `nginx -t failed:\n${r.stderr}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('accepts the staging configuration with TLS, given self-signed certificates made by openssl', function () {
      requireTool(this, hasCommand('openssl'), 'openssl');
      const dir = writeNginx(staging);
      try {
        const cert = selfSignedCertificate(path.join(dir, 'ssl', certificateDir('local.nself.org')), 'local.nself.org');
        assert.ok(cert.ok, cert.stderr);
        const r = nginxTest(dir);
        assert.ok(r.ok, `nginx -t failed:\n${r.stderr}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails without the certificates, and on a broken site (the check is real)', () => {
      const dir = writeNginx(staging);
      try {
        assert.match(nginxTest(dir).stderr, /fullchain\.pem/);
        fs.rmSync(path.join(dir, 'sites'), { recursive: true });
        fs.mkdirSync(path.join(dir, 'sites'));
        fs.writeFileSync(path.join(dir, 'nginx.conf'), dev.get('nginx.conf') ?? '');
        fs.writeFileSync(path.join(dir, 'sites', 'bad.conf'), 'server { listen 80; proxy_pass http://unresolvable-upstream-name:80; }\n');
        const r = nginxTest(dir);
        assert.equal(r.ok, false, 'nginx -t accepted a broken site');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('would fail on an upstream name that does not resolve unless it goes through a variable', () => {
      const dir = writeNginx(dev);
      try {
        fs.writeFileSync(
          path.join(dir, 'sites', 'static.conf'),
          'server { listen 80; server_name s.local.nself.org; location / { proxy_pass http://hasura:8080; } }\n',
        );
        const r = nginxTest(dir);
        assert.equal(r.ok, false);
        assert.match(r.stderr, /host not found in upstream "hasura/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
