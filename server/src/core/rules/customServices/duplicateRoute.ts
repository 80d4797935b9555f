import type { EnvDocument } from '../../parser/parse';
import type { Rule } from '../types';
import { familyIndex, fieldSpan, wholeValue } from '../familyIndex';
import { frontendApps } from '../frontends/apps';
import { enabledServices } from '../serviceState';

interface RouteClaim {
  kind: 'builtin' | 'custom' | 'frontend';
  label: string;
  route: string;
  at?: { doc: EnvDocument; start: number; end: number };
}

/** Two vhosts for one host name: nginx serves only one of them. */
export const duplicateRoute: Rule = {
  code: 'duplicate-route',
  title: 'Route used twice',
  description:
    'Routes of custom services and frontend apps must be unique, compared case-insensitively (nself 1.x refuses duplicates). A route equal to an enabled built-in service\'s route is a warning.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, profile, report }) {
    const claims: RouteClaim[] = [];
    for (const service of enabledServices(config, catalog)) {
      for (const spec of service.routes) {
        const key = [spec.key, ...(spec.aliases ?? [])].find((k) => (config.get(k) ?? '').trim() !== '');
        const binding = key ? config.binding(key) : undefined;
        const route = (binding?.value.trim() || spec.default).toLowerCase();
        claims.push({ kind: 'builtin', label: service.title, route, at: binding ? { doc: binding.doc, ...wholeValue(binding.entry) } : undefined });
      }
    }
    for (const cs of familyIndex(config, catalog).services) {
      if (!cs.parsed.valid) continue;
      const sub = cs.group.subs.get('ROUTE');
      const pub = cs.group.subs.get('PUBLIC')?.value.trim();
      if (sub && sub.value.trim() !== '') {
        claims.push({ kind: 'custom', label: `\`CS_${cs.index}\``, route: sub.value.trim().toLowerCase(), at: { doc: sub.doc, ...wholeValue(sub.entry) } });
      } else if (profile === '1.x' && cs.parsed.fields.route?.text) {
        const at = fieldSpan(cs.binding.entry, cs.literal, cs.parsed.fields.route);
        claims.push({ kind: 'custom', label: `\`CS_${cs.index}\``, route: cs.parsed.fields.route.text.toLowerCase(), at: { doc: cs.binding.doc, ...at } });
      } else if (profile === '0.9' && pub !== 'false') {
        // 0.9 nginx gives every custom service a vhost named after it.
        const at = fieldSpan(cs.binding.entry, cs.literal, cs.parsed.fields.name);
        claims.push({ kind: 'custom', label: `\`CS_${cs.index}\``, route: cs.parsed.name.toLowerCase(), at: { doc: cs.binding.doc, ...at } });
      }
    }
    for (const app of frontendApps(config, catalog)) {
      const b = app.routeBinding ?? app.declared;
      claims.push({ kind: 'frontend', label: `frontend app ${app.index}`, route: app.route, at: { doc: b.doc, ...wholeValue(b.entry) } });
    }

    const byRoute = new Map<string, RouteClaim[]>();
    for (const claim of claims) {
      const list = byRoute.get(claim.route);
      if (list) list.push(claim);
      else byRoute.set(claim.route, [claim]);
    }
    for (const [route, list] of byRoute) {
      if (list.length < 2) continue;
      const first = list[0];
      for (const other of list.slice(1)) {
        if (first.kind === 'builtin' && other.kind === 'builtin') continue;
        const [on, against] = other.at ? [other, first] : [first, other];
        if (!on.at) continue;
        const withBuiltin = on.kind === 'builtin' || against.kind === 'builtin';
        report({
          doc: on.at.doc,
          start: on.at.start,
          end: on.at.end,
          severity: withBuiltin ? 'warning' : undefined,
          message: `The route \`${route}\` of ${on.label} is also the route of ${against.label}: nginx serves only one of them at \`${route}.<BASE_DOMAIN>\`. Give one of them another route.`,
          related: against.at ? [{ file: against.at.doc.path, start: against.at.start, end: against.at.end, message: `${against.label} uses \`${route}\`` }] : undefined,
        });
      }
    }
  },
};
