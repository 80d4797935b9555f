/**
 * The argv of every lifecycle command (OPS §3): Compose v2 (`docker compose`), Compose v1
 * (`docker-compose`, which rejects `name:` so it gets `-p` and a copy of the file without it), or
 * the nself CLI. Always argument arrays: service names come from env files and never reach a shell.
 */

export type ComposeFlavor = 'v2' | 'v1' | 'nself';

/** What the user asked for. `start` of one service is `up -d --no-deps <svc>` (works for never-created ones). */
export type StackVerb = 'start' | 'stop' | 'restart' | 'recreate';

export interface ComposeTarget {
  /** The compose project (the model's PROJECT_NAME). */
  project: string;
  /** The compose file (absolute). For v1, the copy without `name:`. */
  file: string;
  /** The project folder: relative paths in the file resolve against it. */
  projectDir: string;
  /** `--env-file`, when the file exists. */
  envFile?: string;
}

export interface Argv {
  command: string;
  args: string[];
}

/**
 * `services` empty = the whole stack. Service names are passed after the options, one argument
 * each; a name starting with `-` is refused (compose would read it as an option).
 */
export function composeArgv(flavor: ComposeFlavor, target: ComposeTarget, verb: StackVerb, services: readonly string[] = []): Argv {
  for (const s of services) if (!s || s.startsWith('-')) throw new Error(`refusing service name ${JSON.stringify(s)}: it would read as an option`);
  if (flavor === 'nself') {
    // nself has no recreate verb; `restart` of a service is the closest, and `start` brings all up.
    const word = verb === 'recreate' ? 'restart' : verb;
    return { command: 'nself', args: [word, ...services] };
  }
  const common = ['-p', target.project, '-f', target.file, '--project-directory', target.projectDir];
  if (target.envFile) common.push('--env-file', target.envFile);
  const tail = (() => {
    switch (verb) {
      case 'start':
        return services.length ? ['up', '-d', '--no-deps', ...services] : ['up', '-d'];
      case 'recreate':
        return ['up', '-d', '--force-recreate', ...(services.length ? ['--no-deps', ...services] : [])];
      case 'stop':
        return ['stop', ...services];
      case 'restart':
        return ['restart', ...services];
    }
  })();
  return flavor === 'v2' ? { command: 'docker', args: ['compose', ...common, ...tail] } : { command: 'docker-compose', args: [...common, ...tail] };
}

/** The compose file as v1 accepts it: without the top-level `name:` line (that is what `-p` says). */
export function composeTextForV1(text: string): string {
  return text.replace(/^name:[ \t]*[^\n]*\r?\n/m, '');
}

/** The argv that runs a shell in a service's container (`docker exec -it <id> sh`). */
export function execShellArgv(containerId: string, shell = 'sh'): string[] {
  if (!/^[0-9a-f]{12,64}$/i.test(containerId) && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(containerId)) throw new Error(`not a container id: ${JSON.stringify(containerId)}`);
  return ['exec', '-it', containerId, shell];
}
