import type { ModelRoute, ServiceModel } from '../model/types';
import { hashHeader } from './header';
import type { GenerateOptions } from './types';

/** Options for `generateNginx`; see `GenerateOptions.tls`. */
export type NginxOptions = GenerateOptions;

/**
 * nginx configuration for the model's routes, as files relative to the nginx folder:
 * `nginx.conf` (global settings, a default server with `/health`, `include sites/*.conf`) and one
 * `sites/<route>.conf` per route serving `<route>.<BASE_DOMAIN>`.
 *
 * The container is expected to mount the folder at `/etc/nginx/` and, with TLS, the certificates at
 * `/etc/nginx/ssl/<certificateDir(baseDomain)>/{fullchain,privkey}.pem`. Paths in the files are
 * relative to that prefix, so `nginx -t -p <folder> -c nginx.conf` checks them outside Docker too.
 */
export function generateNginx(model: ServiceModel, opts: NginxOptions = {}): Map<string, string> {
  const tls = nginxUsesTls(model, opts);
  const cert = tls ? certificatePaths(model.baseDomain) : undefined;
  const header = hashHeader(model, opts);
  const files = new Map<string, string>();
  files.set('nginx.conf', header + mainConfig(cert));
  for (const { file, route } of siteRoutes(model)) {
    files.set(`sites/${file}.conf`, header + siteConfig(route, cert));
  }
  return files;
}

/** True when the generated nginx serves the routes over TLS (443): every environment but dev, unless told. */
export function nginxUsesTls(model: ServiceModel, opts: NginxOptions = {}): boolean {
  return opts.tls ?? model.env !== 'dev';
}

/**
 * The folder under `ssl/` holding the certificate for a base domain: `localhost` for localhost and
 * its subdomains, otherwise the domain with dots turned into dashes (`local.nself.org` →
 * `local-nself-org`). nself keeps one wildcard certificate per domain the same way.
 */
export function certificateDir(baseDomain: string): string {
  const d = baseDomain.toLowerCase();
  if (d === 'localhost' || d.endsWith('.localhost')) return 'localhost';
  return d.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
}

interface CertPaths {
  certificate: string;
  key: string;
}

function certificatePaths(baseDomain: string): CertPaths {
  const dir = `ssl/${certificateDir(baseDomain)}`;
  return { certificate: `${dir}/fullchain.pem`, key: `${dir}/privkey.pem` };
}

/**
 * Every route with the file it goes to, sorted by host. Two routes claiming one host would make
 * nginx ignore the second with only a warning; the first (in model order) is kept and the model's
 * validation reports the clash.
 */
function siteRoutes(model: ServiceModel): { file: string; route: ModelRoute }[] {
  const seen = new Set<string>();
  const out: { file: string; route: ModelRoute }[] = [];
  for (const s of model.services) {
    for (const r of s.routes) {
      const host = r.host.toLowerCase();
      if (seen.has(host)) continue;
      seen.add(host);
      out.push({ file: r.route.toLowerCase().replace(/[^a-z0-9.-]+/g, '-') || host, route: r });
    }
  }
  return out.sort((a, b) => (a.route.host < b.route.host ? -1 : a.route.host > b.route.host ? 1 : 0));
}

function mainConfig(cert: CertPaths | undefined): string {
  const lines = [
    'worker_processes auto;',
    // `stderr` is nginx's own name for fd 2, which works whatever fd 2 is (pipe, socket, tty).
    'error_log stderr warn;',
    '',
    'events {',
    '    worker_connections 1024;',
    '}',
    '',
    'http {',
    '    default_type application/octet-stream;',
    // The official nginx images link this file to the container's stdout.
    '    access_log /var/log/nginx/access.log;',
    '    sendfile on;',
    '    server_tokens off;',
    '    keepalive_timeout 65;',
    '    client_max_body_size 100m;',
    '',
    "    # Docker's embedded DNS. Sites put the upstream in a variable, so names are looked up per",
    '    # request: nginx starts while a service is still down and follows a container that was',
    '    # recreated with a new address.',
    '    resolver 127.0.0.11 valid=10s ipv6=off;',
    '',
    '    map $http_upgrade $connection_upgrade {',
    '        default upgrade;',
    "        ''      close;",
    '    }',
  ];
  if (cert) {
    lines.push('', '    ssl_protocols TLSv1.2 TLSv1.3;', '    ssl_session_cache shared:SSL:10m;', '    ssl_session_timeout 1h;');
  }
  lines.push(
    '',
    '    # Unknown hosts: 404, except the health probe.',
    '    server {',
    '        listen 80 default_server;',
    '        server_name _;',
    ...healthLocation(),
    '        location / {',
    cert ? '            return 301 https://$host$request_uri;' : '            return 404;',
    '        }',
    '    }',
  );
  if (cert) {
    lines.push(
      '',
      '    server {',
      '        listen 443 ssl default_server;',
      '        server_name _;',
      `        ssl_certificate ${cert.certificate};`,
      `        ssl_certificate_key ${cert.key};`,
      ...healthLocation(),
      '        location / {',
      '            return 404;',
      '        }',
      '    }',
    );
  }
  lines.push('', '    include sites/*.conf;', '}');
  return lines.join('\n') + '\n';
}

function healthLocation(): string[] {
  return [
    '        location = /health {',
    '            access_log off;',
    '            default_type text/plain;',
    '            return 200 "ok\\n";',
    '        }',
  ];
}

function siteConfig(route: ModelRoute, cert: CertPaths | undefined): string {
  const proxy = [
    '    location / {',
    `        set $upstream ${route.upstream};`,
    '        proxy_pass http://$upstream;',
    '        proxy_http_version 1.1;',
    '        proxy_set_header Host $host;',
    '        proxy_set_header X-Real-IP $remote_addr;',
    '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '        proxy_set_header X-Forwarded-Proto $scheme;',
  ];
  if (route.websocket) {
    proxy.push(
      '        proxy_set_header Upgrade $http_upgrade;',
      '        proxy_set_header Connection $connection_upgrade;',
      '        proxy_read_timeout 86400s;',
      '        proxy_send_timeout 86400s;',
    );
  }
  proxy.push('    }');

  const lines = [`# ${route.host} -> ${route.upstream}${route.websocket ? ' (websocket)' : ''}`, 'server {', '    listen 80;', `    server_name ${route.host};`];
  if (cert) {
    lines.push(
      '    location / {',
      '        return 301 https://$host$request_uri;',
      '    }',
      '}',
      '',
      'server {',
      '    listen 443 ssl;',
      `    server_name ${route.host};`,
      `    ssl_certificate ${cert.certificate};`,
      `    ssl_certificate_key ${cert.key};`,
    );
  }
  lines.push(...proxy, '}');
  return lines.join('\n') + '\n';
}
