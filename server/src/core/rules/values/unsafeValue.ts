import { deriveServiceModel } from '../../model';
import { unsafeValues, type UnsafeValue } from '../../generate/unsafeValues';
import type { Target } from '../../generate/types';
import { wholeValue } from '../familyIndex';
import type { Rule } from '../types';
import { BASE_DOMAIN_RULE_FIRES } from './invalidBaseDomain';
import { CS_ROUTE_CHARS } from '../customServices/csRoute';

const TARGETS: readonly Target[] = ['nginx', 'compose', 'k8s'];
const WHAT: Record<Target, string> = { nginx: 'the nginx config', compose: 'docker-compose.yml', k8s: 'the Kubernetes manifests', env: 'the env file', stack: 'the Swarm stack file' };

/**
 * The values `generate` and Build refuse (`core/generate/unsafeValues.ts`), reported on the line
 * they come from, so the editor and `nself-env check` say it before a build does.
 */
export const unsafeValue: Rule = {
  code: 'unsafe-value',
  title: 'Value that cannot go into the generated files',
  description:
    'A value a generator would write into nginx, compose or Kubernetes files that does not fit its place there (a route or domain that is not a host name, an image with `$` or spaces, a size or policy compose does not know…). Written as is, it could add nginx directives or make compose read another variable; `nself-env generate` and Build refuse to write the target instead.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, profile, report }) {
    const model = deriveServiceModel(config, catalog);
    const byLine = new Map<string, { problem: UnsafeValue; targets: Target[] }>();
    for (const target of TARGETS) {
      for (const problem of unsafeValues(model, target)) {
        const { file, line, key } = problem.origin;
        if (!file || !line || !key || coveredElsewhere(problem, profile)) continue;
        const id = `${file}\0${line}\0${key}\0${problem.value}`;
        const seen = byLine.get(id);
        if (seen) {
          if (!seen.targets.includes(target)) seen.targets.push(target);
        } else byLine.set(id, { problem, targets: [target] });
      }
    }
    for (const { problem, targets } of byLine.values()) {
      const binding = config.binding(problem.origin.key!);
      if (!binding || binding.doc.path !== problem.origin.file) continue;
      report({
        doc: binding.doc,
        ...wholeValue(binding.entry),
        message: `\`${problem.value}\` from \`${problem.origin.key}\` cannot go into the ${problem.place}: it must be ${problem.expected}. \`nself-env generate\` and Build refuse to write ${targets.map((t) => WHAT[t]).join(' and ')} from it.`,
      });
    }
  },
};

/** True when a rule of its own already reports the value as an error on the same line. */
function coveredElsewhere(problem: UnsafeValue, profile: string): boolean {
  const key = problem.origin.key!;
  // invalid-base-domain judges the value nself uses, expanded or not.
  if (key === 'BASE_DOMAIN') return BASE_DOMAIN_RULE_FIRES(problem.value);
  // The route field of CS_N: `cs-route` (1.x) reports characters a host name cannot have.
  if (/^CS_\d+$/.test(key) && problem.place !== 'nginx proxy_pass') return profile === '1.x' && !CS_ROUTE_CHARS.test(problem.value);
  return false;
}
