/**
 * server.json is checked by hand (loading a schema library cost more than a whole
 * `nself-env check`). This pins what it accepts, refuses and fills in to a zod schema, on
 * thousands of generated files: the schema it replaced, plus the hostile-value rules added since
 * (a host starting with "-", ".." in deploy_path). The messages are its own (clearer, with the
 * value at fault); each refused key must be one zod refuses too.
 */
import * as assert from 'assert';
import { z } from 'zod';
import { parseServerJson } from '../../server/src/core/project/serverJson';

/** The reference schema. */
const reference = z
  .object({
    name: z.string().min(1, 'name must not be empty'),
    type: z.enum(['local', 'staging', 'production', 'prod', 'development', 'dev']).optional(),
    host: z
      .string()
      .min(1, 'host must not be empty')
      .regex(/^[A-Za-z0-9.:_-]+$/, 'host must be a hostname or IP address')
      .refine((s) => !s.startsWith('-'), 'host must not start with -'),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1, 'user must not be empty').regex(/^[a-z_][a-z0-9_-]*\$?$/i, 'user must be a POSIX user name'),
    key: z.string().optional(),
    deploy_path: z
      .string()
      .startsWith('/', 'deploy_path must be an absolute path')
      .refine((s) => !s.split('/').includes('..'), 'no ..')
      .default('/opt/nself'),
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
  '$(rm -rf ~)', 'deploy', 'root$', '9user', '/opt/app', '/opt/../etc', 'relative/path', '../../etc', 'a/../b', 'ok/sub', '-bad.example', 'x', [], {}, ['a'],
];
const KEYS = ['name', 'type', 'host', 'port', 'user', 'key', 'deploy_path', 'domain', 'project_subdir', 'description', 'extra'];

describe('project: server.json checks match a reference schema', () => {
  it('refuses the same keys, and gives the same value with defaults', () => {
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
      const errors = ours.problems.filter((p) => p.severity === 'error');
      if (theirs.success) {
        valid++;
        assert.deepStrictEqual(ours.value, theirs.data, text);
        assert.deepStrictEqual(errors, [], text);
      } else {
        assert.strictEqual(ours.value, undefined, text);
        // The keys refused (ours are in the file's order, a missing key at the opening brace; zod's in the schema's).
        const expected = [...new Set(theirs.error.issues.map((issue) => (typeof issue.path[0] === 'string' ? issue.path[0] : '')))].sort();
        assert.deepStrictEqual([...new Set(errors.map((p) => p.key ?? ''))].sort(), expected, text);
        for (const p of errors) assert.ok(p.key === undefined || p.message.startsWith(p.key), `${p.message} names its key first`);
      }
    }
    assert.ok(valid > 100, `only ${valid} valid files generated`);
  });
});
