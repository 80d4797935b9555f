/**
 * server.json is checked by hand (loading a schema library cost more than a whole
 * `nself-env check`). This pins it to what the zod schema it replaced says, message for
 * message, on thousands of generated files.
 */
import * as assert from 'assert';
import { z } from 'zod';
import { parseServerJson } from '../../server/src/core/project/serverJson';

/** The schema parseServerJson used to run, kept here as the reference. */
const reference = z
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

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const VALUES: unknown[] = [
  undefined, undefined, undefined, null, true, 0, 1, 22, 1.5, -3, 65535, 65536, 70000, '', 'prod', 'production', 'staging', 'weird', 'example.com',
  '$(rm -rf ~)', 'deploy', 'root$', '9user', '/opt/app', 'relative/path', '../../etc', 'a/../b', 'ok/sub', '-bad.example', 'x', [], {}, ['a'],
];
const KEYS = ['name', 'type', 'host', 'port', 'user', 'key', 'deploy_path', 'domain', 'project_subdir', 'description', 'extra'];

describe('project: server.json checks match the schema they replaced', () => {
  it('gives the same problems, in the same order, and the same value with defaults', () => {
    const next = random(42);
    const pick = () => VALUES[Math.floor(next() * VALUES.length)];
    let valid = 0;
    for (let i = 0; i < 3000; i++) {
      const input: Record<string, unknown> = {};
      for (const key of KEYS) {
        // Mostly plausible files, so both the valid and the invalid paths are walked.
        const plausible: Record<string, unknown> = { name: 'prod', host: 'example.com', user: 'deploy' };
        const value = key in plausible ? (next() < 0.8 ? plausible[key] : pick()) : next() < 0.75 ? undefined : pick();
        if (value !== undefined) input[key] = value;
      }
      const data: unknown = next() < 0.03 ? pick() : input;
      const text = JSON.stringify(data, null, 2) ?? 'null';
      const ours = parseServerJson(text);
      const theirs = reference.safeParse(JSON.parse(text));
      if (theirs.success) {
        valid++;
        assert.deepStrictEqual(ours.value, theirs.data, text);
        assert.ok(ours.problems.every((p) => p.key === undefined), text);
      } else {
        assert.strictEqual(ours.value, undefined, text);
        const expected = theirs.error.issues.map((issue) => {
          const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
          return key ? `${key}: ${issue.message}` : issue.message;
        });
        assert.deepStrictEqual(ours.problems.map((p) => p.message), expected, text);
      }
    }
    assert.ok(valid > 100, `only ${valid} valid files generated`);
  });
});
