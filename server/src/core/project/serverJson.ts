import { z } from 'zod';

/** `.environments/<name>/server.json`: where and how `nself deploy <name>` reaches its server. */
export const serverJsonSchema = z
  .object({
    name: z.string().min(1, 'name must not be empty'),
    type: z.enum(['local', 'staging', 'production', 'prod', 'development', 'dev']).optional(),
    host: z.string().min(1, 'host must not be empty').regex(/^[A-Za-z0-9.:_-]+$/, 'host must be a hostname or IP address'),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1, 'user must not be empty').regex(/^[a-z_][a-z0-9_-]*\$?$/i, 'user must be a POSIX user name'),
    key: z.string().optional(),
    deploy_path: z.string().startsWith('/', 'deploy_path must be an absolute path').default('/opt/nself'),
    domain: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$/, 'domain must be a hostname').optional(),
    project_subdir: z.string().refine((s) => !s.split('/').includes('..'), 'project_subdir must stay inside deploy_path').optional(),
    description: z.string().optional(),
  })
  .passthrough();

export type ServerJson = z.infer<typeof serverJsonSchema>;

export interface ServerJsonProblem {
  message: string;
  /** The top-level key the problem is about, when there is one. */
  key?: string;
  /** 0-based line in the file, found from the key's position. */
  line: number;
}

/** Parses and checks a server.json text. Never throws. */
export function parseServerJson(text: string): { value?: ServerJson; problems: ServerJsonProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problems: [{ message: `server.json is not valid JSON: ${(error as Error).message}`, line: 0 }] };
  }
  const result = serverJsonSchema.safeParse(data);
  if (result.success) {
    // nself 0.9 reads it with grep, one key per line: a minified file silently loses keys.
    const problems: ServerJsonProblem[] = [];
    if (text.trim().split('\n').length < 3) problems.push({ message: 'server.json should have one key per line: nself 0.9 reads it with grep', line: 0 });
    return { value: result.data, problems };
  }
  return {
    problems: result.error.issues.map((issue) => {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      return { message: key ? `${key}: ${issue.message}` : issue.message, key, line: key ? lineOfKey(text, key) : 0 };
    }),
  };
}

function lineOfKey(text: string, key: string): number {
  const at = text.indexOf(`"${key}"`);
  if (at === -1) return 0;
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
