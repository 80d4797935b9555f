import type { ModelHealthcheck, ModelService, ServiceModel } from '../model/types';
import { hashHeader } from './header';
import { stringifyYaml } from './yaml11';
import { classifyEnvironment, containerServices, MIN_EMBEDDED_SECRET } from './secretEnv';
import type { GenerateOptions } from './types';

/** Options for `generateKubernetes`; `tls` adds TLS sections to the Ingresses (default: not dev), `namespace` (default: the project). */
export type KubernetesOptions = GenerateOptions;

/** A Kubernetes object as plain data. */
export type K8sObject = { apiVersion: string; kind: string; metadata: Record<string, unknown> } & Record<string, unknown>;

/** nself's own labels (0.9 `nself infra k8s`): objects we apply and objects nself applied look the same. */
export const MANAGED_BY = 'nself';

/**
 * Kubernetes objects for the model, for users who outgrow one server: a Namespace named after the
 * project; per container service a Deployment, a Service named like the compose key (so
 * `postgres:5432` in connection strings keeps working), a ConfigMap with the non-secret
 * environment and a Secret with the secret part; a HorizontalPodAutoscaler when replicas > 1; a
 * PersistentVolumeClaim per named volume; an Ingress per route to a service in the cluster.
 */
export function kubernetesObjects(model: ServiceModel, opts: KubernetesOptions = {}): K8sObject[] {
  const ns = opts.namespace ?? k8sName(model.projectName);
  const tls = opts.tls ?? model.env !== 'dev';
  const services = containerServices(model);
  const inCluster = new Map(services.map((s) => [s.composeKey as string, s]));
  const clusterPorts = discoverPorts(model, services);
  const objects: K8sObject[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'app.kubernetes.io/part-of': k8sName(model.projectName), 'app.kubernetes.io/managed-by': MANAGED_BY } } }];

  const volumes = new Set<string>();
  for (const s of services) for (const m of namedMounts(s)) volumes.add(m.volume);
  for (const v of [...volumes].sort()) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(k8sName(v), ns, model),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
  }

  for (const s of services) objects.push(...serviceObjects(model, s, ns, clusterPorts.get(s.composeKey as string) ?? []));

  const seen = new Set<string>();
  const routes = model.services.flatMap((s) => s.routes).sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  for (const r of routes) {
    const [host, port] = splitUpstream(r.upstream);
    // Frontends run on the developer's machine (host.docker.internal), not in the cluster.
    if (!inCluster.has(host) || port === undefined || seen.has(r.host)) continue;
    seen.add(r.host);
    const annotations: Record<string, string> = {};
    if (r.websocket) {
      annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'] = '86400';
      annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'] = '86400';
    }
    const metadata = meta(k8sName(r.host), ns, model);
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    const spec: Record<string, unknown> = {
      rules: [{ host: r.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: k8sName(host), port: { number: port } } } }] } }],
    };
    if (tls) spec.tls = [{ hosts: [r.host], secretName: `${k8sName(model.baseDomain)}-tls` }];
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec });
  }
  return objects;
}

/** The objects as one multi-document YAML file with the generated-file header. */
export function generateKubernetes(model: ServiceModel, opts: KubernetesOptions = {}): string {
  const docs = kubernetesObjects(model, opts).map((o) => stringifyYaml(o));
  return hashHeader(model, opts) + '# Services built from source need their image pushed to a registry the cluster can pull from.\n---\n' + docs.join('---\n');
}

function serviceObjects(model: ServiceModel, s: ModelService, ns: string, ports: number[]): K8sObject[] {
  const name = k8sName(s.composeKey as string);
  const out: K8sObject[] = [];
  const env = classifyEnvironment(model, s);
  const plain = env.filter((e) => !e.secret);
  const secret = env.filter((e) => e.secret);
  const envFrom: Record<string, unknown>[] = [];
  if (plain.length > 0) {
    out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${name}-env`, ns, model, name), data: Object.fromEntries(plain.map((e) => [e.key, e.value])) });
    envFrom.push({ configMapRef: { name: `${name}-env` } });
  }
  if (secret.length > 0) {
    out.push({ apiVersion: 'v1', kind: 'Secret', metadata: meta(`${name}-env`, ns, model, name), type: 'Opaque', stringData: Object.fromEntries(secret.map((e) => [e.key, e.value])) });
    envFrom.push({ secretRef: { name: `${name}-env` } });
  }

  const replicas = s.resources?.replicas ?? 1;
  const container: Record<string, unknown> = { name, image: s.image?.value ?? `${k8sName(model.projectName)}-${name}:latest` };
  const refs = secretRefs(secret);
  if (s.command && s.command.length > 0) container.args = s.command.map((a) => argWithRefs(a, refs));
  if (ports.length > 0) container.ports = ports.map((p) => ({ name: portName(p), containerPort: p }));
  if (envFrom.length > 0) container.envFrom = envFrom;
  const resources = containerResources(s, replicas);
  if (resources) container.resources = resources;
  const probe = s.healthcheck ? healthProbe(s.healthcheck, refs) : undefined;
  if (probe) {
    container.readinessProbe = probe;
    container.livenessProbe = probe;
  }
  const mounts = namedMounts(s);
  if (mounts.length > 0) container.volumeMounts = mounts.map((m) => ({ name: k8sName(m.volume), mountPath: m.path, ...(m.readOnly ? { readOnly: true } : {}) }));

  const podSpec: Record<string, unknown> = { containers: [container] };
  if (mounts.length > 0) {
    const vols = [...new Set(mounts.map((m) => m.volume))].sort();
    podSpec.volumes = vols.map((v) => ({ name: k8sName(v), persistentVolumeClaim: { claimName: k8sName(v) } }));
  }
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': k8sName(model.projectName) };
  const deployMeta = meta(name, ns, model, name);
  if (s.build) deployMeta.annotations = { 'nself.org/build-context': s.build.context };
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: deployMeta,
    spec: { replicas, selector: { matchLabels: selector }, template: { metadata: { labels: { ...selector, 'nself.org/kind': s.kind } }, spec: podSpec } },
  });
  if (ports.length > 0) {
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name, ns, model, name),
      spec: { type: 'ClusterIP', selector, ports: ports.map((p) => ({ name: portName(p), port: p, targetPort: p, protocol: 'TCP' })) },
    });
  }
  if (replicas > 1) {
    out.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(name, ns, model, name),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: replicas,
        maxReplicas: replicas * 2,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    });
  }
  return out;
}

function meta(name: string, ns: string, model: ServiceModel, app?: string): Record<string, unknown> {
  const labels: Record<string, string> = { 'app.kubernetes.io/part-of': k8sName(model.projectName), 'app.kubernetes.io/managed-by': MANAGED_BY };
  if (app) labels['app.kubernetes.io/name'] = app;
  return { name, namespace: ns, labels };
}

/**
 * The ports each service listens on inside the cluster: its published container ports, the ports
 * routes proxy to, and `<service>:<port>` references in other services' environment (a database
 * that publishes no host port in prod is still reached as `postgres:5432`).
 */
function discoverPorts(model: ServiceModel, services: ModelService[]): Map<string, number[]> {
  const found = new Map<string, Set<number>>();
  const add = (key: string, port: number) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return;
    const set = found.get(key) ?? new Set<number>();
    set.add(port);
    found.set(key, set);
  };
  const keys = new Set(services.map((s) => s.composeKey as string));
  for (const s of services) for (const p of s.ports) add(s.composeKey as string, p.container);
  for (const svc of model.services) {
    for (const r of svc.routes) {
      const [host, port] = splitUpstream(r.upstream);
      if (keys.has(host) && port !== undefined) add(host, port);
    }
  }
  for (const s of services) {
    for (const value of Object.values(s.environment)) {
      for (const m of value.matchAll(/(?:^|[/@=,\s])([a-z0-9][a-z0-9_-]*):(\d{1,5})(?=$|[/?,\s])/g)) {
        const host = m[1] as string;
        if (keys.has(host) && host !== s.composeKey) add(host, Number(m[2]));
      }
    }
  }
  return new Map([...found].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));
}

function splitUpstream(upstream: string): [string, number | undefined] {
  const i = upstream.lastIndexOf(':');
  if (i < 0) return [upstream, 80];
  const port = Number(upstream.slice(i + 1));
  return [upstream.slice(0, i), Number.isInteger(port) ? port : undefined];
}

/** Named volumes a service mounts (`name:/path[:ro]`); bind mounts are dev-only and skipped. */
function namedMounts(s: ModelService): { volume: string; path: string; readOnly: boolean }[] {
  const out: { volume: string; path: string; readOnly: boolean }[] = [];
  for (const v of s.volumes) {
    const [source, target, mode] = v.split(':');
    if (!source || !target || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source)) continue;
    out.push({ volume: source, path: target, readOnly: mode === 'ro' });
  }
  return out;
}

function containerResources(s: ModelService, replicas: number): Record<string, unknown> | undefined {
  const limits: Record<string, string> = {};
  if (s.resources?.memory) limits.memory = memoryQuantity(s.resources.memory);
  if (s.resources?.cpus) limits.cpu = s.resources.cpus;
  const requests: Record<string, string> = {};
  // The HPA's CPU target is a share of the request, so a scaled service needs one.
  if (replicas > 1) requests.cpu = limits.cpu ?? '250m';
  const out: Record<string, unknown> = {};
  if (Object.keys(limits).length > 0) out.limits = limits;
  if (Object.keys(requests).length > 0) out.requests = requests;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Docker sizes are binary (`512M` = 512 MiB); Kubernetes spells that `512Mi`. */
export function memoryQuantity(value: string): string {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt])?i?b?$/i.exec(value.trim());
  if (!m) return value;
  return m[2] ? `${m[1]}${m[2].toUpperCase()}i` : (m[1] as string);
}

/** The service's secret values (at least 4 characters), longest first, each with the env key that holds it. */
function secretRefs(secret: { key: string; value: string }[]): [key: string, value: string][] {
  return secret
    .filter((e) => e.value.length >= 4 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key))
    .map((e): [string, string] => [e.key, e.value])
    .sort(([ka, a], [kb, b]) => b.length - a.length || (ka < kb ? -1 : 1));
}

/** Splits `text` around secret values (whole, or embedded when long enough), calling `ref` for each. */
function replaceSecrets(text: string, refs: [string, string][], ref: (key: string) => string, literal: (part: string) => string): string | undefined {
  const exact = refs.find(([, v]) => v === text);
  if (exact) return ref(exact[0]);
  const long = refs.filter(([, v]) => v.length >= MIN_EMBEDDED_SECRET && text.includes(v));
  if (long.length === 0) return undefined;
  const walk = (part: string, i: number): string => {
    const entry = long[i];
    if (!entry) return literal(part);
    return part.split(entry[1]).map((p) => walk(p, i + 1)).join(ref(entry[0]));
  };
  return walk(text, 0);
}

/**
 * A container argument with secrets replaced by `$(KEY)`, which Kubernetes expands from the
 * container's environment (the Secret, through envFrom): the Deployment, and so the preview,
 * never holds the value. A literal `$(` is escaped as `$$(`.
 */
function argWithRefs(arg: string, refs: [string, string][]): string {
  const escape = (part: string) => part.replace(/\$\(/g, '$$$$(');
  return replaceSecrets(arg, refs, (key) => `$(${key})`, escape) ?? escape(arg);
}

/** A shell word: single-quoted unless plainly safe. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function healthProbe(h: ModelHealthcheck, refs: [string, string][] = []): Record<string, unknown> | undefined {
  const [kind, ...rest] = h.test;
  let command: string[];
  if (kind === 'CMD') {
    // Exec probes are not expanded by Kubernetes: a probe holding a secret runs through sh, which
    // reads it from the environment.
    const words = rest.map((a) => replaceSecrets(a, refs, (key) => `"\${${key}}"`, shellWord));
    command = words.some((w) => w !== undefined) ? ['/bin/sh', '-c', rest.map((a, i) => words[i] ?? shellWord(a)).join(' ')] : rest;
  } else if (kind === 'CMD-SHELL') {
    const line = rest.join(' ');
    command = ['/bin/sh', '-c', replaceSecrets(line, refs, (key) => `\${${key}}`, (p) => p) ?? line];
  } else return undefined;
  if (command.length === 0) return undefined;
  const probe: Record<string, unknown> = {
    exec: { command },
    periodSeconds: seconds(h.interval, 30),
    timeoutSeconds: seconds(h.timeout, 30),
    failureThreshold: Math.max(1, h.retries),
  };
  if (h.startPeriod) probe.initialDelaySeconds = seconds(h.startPeriod, 0);
  return probe;
}

/** A Go/compose duration (`1m30s`, `500ms`) in whole seconds, at least 1; `fallback` if unparseable. */
export function seconds(duration: string, fallback: number): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, µs: 0.000001, ns: 1e-9 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) return fallback;
  const total = parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] ?? 0), 0);
  return Math.max(1, Math.ceil(total));
}

/** A DNS-1123 label: lowercase alphanumerics and `-`, at most 63 characters. */
export function k8sName(value: string): string {
  const name = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
  return name || 'x';
}

/** A container port name: at most 15 characters, must contain a letter. */
function portName(port: number): string {
  return `p${port}`;
}
