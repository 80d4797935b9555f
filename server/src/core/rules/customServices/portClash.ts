import type { EnvDocument } from '../../parser/parse';
import type { Rule, Severity } from '../types';
import { familyIndex, fieldSpan, wholeValue } from '../familyIndex';
import { frontendApps } from '../frontends/apps';
import { builtinHostPorts } from '../serviceState';
import { parseIntStrict } from '../util';

interface Claim {
  kind: 'builtin' | 'custom' | 'frontend';
  label: string;
  port: number;
  /** Where the port comes from; undefined for a built-in default. */
  at?: { doc: EnvDocument; start: number; end: number };
  /** The user wrote the port (rather than getting a default). */
  explicit: boolean;
}

/** Two things that want the same host port: the second one fails to start. */
export const portClash: Rule = {
  code: 'port-clash',
  title: 'Host port used twice',
  description:
    'Custom services, enabled built-in services and frontend apps each take a host port; two of them on one port cannot both run. Frontend apps are checked against everything except in prod, where they are not deployed.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, profile, report }) {
    const claims: Claim[] = [];
    for (const hp of builtinHostPorts(config, catalog)) {
      claims.push({
        kind: 'builtin',
        label: `${hp.service.title}${hp.service.ports.length > 1 ? ` (${hp.spec.name})` : ''}`,
        port: hp.port,
        at: hp.binding ? { doc: hp.binding.doc, ...wholeValue(hp.binding.entry) } : undefined,
        explicit: hp.binding !== undefined,
      });
    }
    for (const cs of familyIndex(config, catalog).services) {
      if (!cs.parsed.valid) continue;
      const { doc, entry } = cs.binding;
      const portKey = cs.group.subs.get('PORT');
      const override = profile === '1.x' && portKey ? parseIntStrict(portKey.value) : undefined;
      let port: number;
      let at: Claim['at'];
      if (override !== undefined && portKey) {
        port = override;
        at = { doc: portKey.doc, ...wholeValue(portKey.entry) };
      } else if (cs.parsed.port !== undefined) {
        port = cs.parsed.port;
        at = { doc, ...fieldSpan(entry, cs.literal, cs.parsed.fields.port) };
      } else {
        // 1.x: 8000+N; 0.9 compose: 8000 whatever N is.
        port = profile === '0.9' ? 8000 : 8000 + cs.index;
        at = { doc, ...wholeValue(entry) };
      }
      claims.push({ kind: 'custom', label: `\`CS_${cs.index}\` (${cs.parsed.name})`, port, at, explicit: true });
    }
    if (config.env !== 'prod') {
      for (const app of frontendApps(config, catalog)) {
        const at = app.portBinding ? { doc: app.portBinding.doc, ...wholeValue(app.portBinding.entry) } : { doc: app.declared.doc, ...wholeValue(app.declared.entry) };
        claims.push({ kind: 'frontend', label: `frontend app ${app.index} (${app.name})`, port: app.port, at, explicit: true });
      }
    }

    const byPort = new Map<number, Claim[]>();
    for (const claim of claims) {
      const list = byPort.get(claim.port);
      if (list) list.push(claim);
      else byPort.set(claim.port, [claim]);
    }
    const reported = new Set<Claim>();
    for (const [port, list] of byPort) {
      if (list.length < 2) continue;
      const first = list[0];
      for (const other of list.slice(1)) {
        if (first.kind === 'builtin' && other.kind === 'builtin' && !first.explicit && !other.explicit) continue;
        // Both sides are reported (each pointing at the other), so each file shows the clash.
        for (const [reportOn, against] of [[other, first], [first, other]] as const) {
          if (!reportOn.at) continue;
          // 1.x: cs-port already says a custom service may not take a reserved port.
          if (profile === '1.x' && catalog.reservedPorts.has(port) && (reportOn.kind === 'custom' ? against.kind === 'builtin' : against.kind === 'custom')) continue;
          if (reportOn === first && reported.has(first)) continue;
          if (reportOn === first) reported.add(first);
          const severity: Severity | undefined =
            reportOn.kind === 'custom' || against.kind === 'custom' || (reportOn.kind === 'builtin' && against.kind === 'builtin') ? undefined : 'warning';
          report({
            doc: reportOn.at.doc,
            start: reportOn.at.start,
            end: reportOn.at.end,
            severity,
            message: `Host port ${port} of ${reportOn.label} is also taken by ${against.label}: only one of them can listen on it. Change one of the ports.`,
            related: against.at ? [{ file: against.at.doc.path, start: against.at.start, end: against.at.end, message: `${against.label} uses port ${port}` }] : undefined,
          });
        }
      }
    }
  },
};
