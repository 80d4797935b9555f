import type { Rule } from '../types';
import { familyIndex, fieldSpan, wholeValue } from '../familyIndex';
import { parseIntStrict } from '../util';
import { orchestratorFor, targetNameOf } from '../../project/targetKind';

/**
 * Several replicas cannot all bind one host port (nself bug #11; 0.9 aborts compose generation).
 * Silent when the environment deploys to a Swarm or Kubernetes (server.json `orchestrator`, or
 * control-plane.yaml): there the stack file publishes replicas through the routing mesh or per
 * task in host mode, and Kubernetes reaches them through a Service, so no host port is shared.
 */
export const csReplicasPort: Rule = {
  code: 'cs-replicas-port',
  title: 'Replicas together with a host port',
  description:
    '`CS_N_REPLICAS` above 1 cannot work with a published host port on one server: only one replica can bind it. nself 0.9 aborts the build when a port is written; nself 1.x always publishes 8000+N or the given port. Silent for environments that deploy to a Swarm or Kubernetes (`orchestrator` in server.json or control-plane.yaml), where replicas do not share a host port.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, profile, project, report }) {
    if (project && orchestratorFor(project, targetNameOf(config)).kind !== 'server') return;
    for (const cs of familyIndex(config, catalog).services) {
      const replicas = cs.group.subs.get('REPLICAS');
      const count = replicas ? parseIntStrict(replicas.value) : undefined;
      if (!replicas || count === undefined || count <= 1) continue;
      const portKey = cs.group.subs.get('PORT');
      const written = cs.parsed.port !== undefined || (profile === '1.x' && portKey !== undefined && portKey.value.trim() !== '');
      if (profile === '0.9' && !written) continue;
      const portAt = portKey && profile === '1.x' && portKey.value.trim() !== ''
        ? { file: portKey.doc.path, ...wholeValue(portKey.entry) }
        : { file: cs.binding.doc.path, ...fieldSpan(cs.binding.entry, cs.literal, cs.parsed.fields.port) };
      report({
        doc: replicas.doc,
        ...wholeValue(replicas.entry),
        message:
          profile === '0.9'
            ? `\`CS_${cs.index}\` has ${count} replicas and a port: nself 0.9 stops the build ("has replicas=${count} with port binding"). Use 1 replica, or remove the port and reach the service through nginx.`
            : `\`CS_${cs.index}\` has ${count} replicas, but every replica would bind the same host port ${(portKey && parseIntStrict(portKey.value)) ?? cs.parsed.port ?? 8000 + cs.index}: only one can start. Use 1 replica here, or deploy this environment to a Swarm or Kubernetes (\`orchestrator\` in its server.json).`,
        related: [{ ...portAt, message: 'the host port' }],
      });
    }
  },
};
