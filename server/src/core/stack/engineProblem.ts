/**
 * An engine error in words a user can act on: which endpoint was tried, what went wrong, what to
 * do. The services view's welcome content, `nself-env status` and the error notifications all use
 * it, so the same failure reads the same everywhere.
 */
import { describeEndpoint, type Endpoint } from './endpoint';

export type ProblemKind = 'no-socket' | 'permission' | 'refused' | 'tls' | 'timeout' | 'unknown-host' | 'config' | 'ssh' | 'other';

export interface EngineProblem {
  kind: ProblemKind;
  /** One line: "Cannot reach Docker at unix:///var/run/docker.sock (default): no socket there." */
  message: string;
  /** What to do about it. */
  hint: string;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
}

export function describeEngineProblem(error: unknown, endpoint: Endpoint | undefined): EngineProblem {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : String(error);
  const where = endpoint ? describeEndpoint(endpoint) : 'the Docker engine';
  const say = (kind: ProblemKind, why: string, hint: string): EngineProblem => ({ kind, message: `Cannot reach Docker at ${where}: ${why}.`, hint });
  if (e.name === 'EndpointConfigError') return { kind: 'config', message: text, hint: 'Fix DOCKER_HOST / DOCKER_CONTEXT, or set nself.docker.host.' };
  if (code === 'ENOENT' && endpoint?.kind === 'ssh') return say('ssh', 'the ssh program is not installed', 'Install an OpenSSH client, or point nself.docker.host at a local socket.');
  if (code === 'ENOENT') return say('no-socket', 'there is no socket at that path', 'Start Docker (e.g. `sudo systemctl start docker`), or point nself.docker.host / DOCKER_HOST at your engine.');
  if (code === 'EACCES' || code === 'EPERM')
    return say('permission', 'permission denied on the socket', 'Add yourself to the docker group (`sudo usermod -aG docker $USER`), then log out and in again; or use rootless Docker / Podman.');
  if (code === 'ECONNREFUSED') return say('refused', 'connection refused', 'The engine is not running or not listening there. Start it, or check the host and port.');
  if (code === 'ECONNRESET' || code === 'EPIPE') return say('refused', 'the engine closed the connection', 'If the engine expects TLS, set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH; else restart it.');
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timed? ?out/i.test(text)) return say('timeout', 'no answer in time', 'Check that the host is reachable and the engine is running.');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return say('unknown-host', 'the host name does not resolve', 'Check the host in DOCKER_HOST or nself.docker.host.');
  if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code) || /certificate|ssl|tls/i.test(text))
    return say('tls', `TLS failed (${code || text})`, 'Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY, or the context\'s TLS files.');
  if (/Client sent an HTTP request to an HTTPS server/i.test(text)) return say('tls', 'the engine expects TLS', 'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to your certificates.');
  if (endpoint?.kind === 'ssh' && /ssh|exit/i.test(text)) return say('ssh', text.split('\n')[0]!.slice(0, 300), 'Check that `ssh HOST docker version` works without a prompt (key in the agent, host key known).');
  return say('other', (code ? `${code}: ` : '') + text.split('\n')[0]!.slice(0, 300), 'Retry; check the nself log for details.');
}
