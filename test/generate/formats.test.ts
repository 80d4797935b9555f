import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { formatEnvValue, generate } from '../../server/src/core/generate';
import { ambiguousInYaml11, stringifyYaml } from '../../server/src/core/generate/yaml11';
import type { ServiceModel } from '../../server/src/core/model/types';
import { dockerComposeConfig, hasCommand, requireTool, run } from '../helpers/realTools';

/** Strings a YAML reader might take for something else. */
const TRICKY_SCALARS = [
  'yes', 'Yes', 'no', 'on', 'OFF', 'y', 'N', 'true', 'False', '~', 'null', '', '0', '-1', '+7', '007', '0o17', '0x1F', '0b101',
  '1_000', '1:30', '190:20:30', '8080:80', '127.0.0.1:80:80', '1.5', '.5', '1e3', '1.0e+3', '.inf', '-.Inf', '.NaN', '2024-01-16',
  '2024-01-16T16:07:38Z', 'RELEASE.2024-01-16T16-07-38Z', '<<', '=', 'plain', 'a: b', '- x', '#c', '@x', '`x', '%x', '!x', '&x', '*x',
  '{a}', '[a]', "'q'", '"q"', ' lead', 'trail ', 'multi\nline', 'tab\there', 'ünï', '0.5', '256M', 'v2.44.0', 'redis-server',
];

describe('generate: output formats', () => {
  describe('YAML for YAML 1.1 readers (Compose v1, Kubernetes)', () => {
    it('quotes what the yaml package 1.1 schema reads as a non-string, and nothing else', () => {
      // `<<` (merge key) and `=` (value key) are special in YAML 1.1 types; quoting them is cheap.
      const conservative = new Set(['<<', '=']);
      for (const s of TRICKY_SCALARS) {
        if (!/^[A-Za-z0-9_.:+~<=-]*$/.test(s) || s === '') continue; // cannot be written plain at all
        const asPlain11 = parse(`v: ${s}`, { version: '1.1' }) as { v: unknown } | null;
        const nonString = typeof asPlain11?.v !== 'string' || s.includes('\t');
        if (conservative.has(s)) assert.ok(ambiguousInYaml11(s));
        else assert.equal(ambiguousInYaml11(s), nonString, `"${s}" is read as ${typeof asPlain11?.v}`);
      }
    });

    it('round-trips every tricky string through real PyYAML, the parser Compose v1 uses', function () {
      // Debian's docker-compose runs on /usr/bin/python3; prefer it over any other python3 on PATH.
      const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
      requireTool(this, run(python, ['-c', 'import yaml']).ok, 'python3 with PyYAML (installed with docker-compose)');
      const text = stringifyYaml({ values: TRICKY_SCALARS, map: Object.fromEntries(TRICKY_SCALARS.filter((s) => s !== '').map((s) => [s, s])) });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-gen-yaml-'));
      try {
        fs.writeFileSync(path.join(dir, 'x.yaml'), text);
        const py = run(python, ['-c', "import yaml, json; print(json.dumps(yaml.safe_load(open('x.yaml', encoding='utf-8'))))"], { cwd: dir });
        assert.ok(py.ok, py.stderr);
        const back = JSON.parse(py.stdout) as { values: unknown[]; map: Record<string, unknown> };
        assert.deepEqual(back.values, TRICKY_SCALARS);
        for (const s of TRICKY_SCALARS.filter((x) => x !== '')) assert.equal(back.map[s], s, `key and value "${s}"`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('env file values', () => {
    it('leaves safe values bare and single-quotes the rest', () => {
      assert.equal(formatEnvValue('local.nself.org'), 'local.nself.org');
      assert.equal(formatEnvValue('postgres://u:p@h:5432/db?sslmode=disable'), "'postgres://u:p@h:5432/db?sslmode=disable'");
      assert.equal(formatEnvValue('{"type":"HS256"}'), `'{"type":"HS256"}'`);
      assert.equal(formatEnvValue(''), '');
      assert.equal(formatEnvValue(`it's`), `"it's"`);
    });

    /** Values that must reach the container unchanged through `--env-file` and `${VAR}`. */
    const VALUES: Record<string, string> = {
      SPACE_PASSWORD: 'two words',
      HASH_PASSWORD: 'a#b #c',
      DOLLAR_PASSWORD: 'p$ss $HOME $$ $',
      DQUOTE_PASSWORD: 'say "hi"',
      SQUOTE_PASSWORD: `it's`,
      BACKSLASH_PASSWORD: `back\\slash and it's`,
      NEWLINE_PASSWORD: 'line1\nline2',
      EDGES_PASSWORD: '  padded  ',
      EQUALS_PASSWORD: '=a=b=',
      JSON_SECRET: '{"type":"HS256","key":"0123456789abcdef0123456789abcdef"}',
      UNICODE_PASSWORD: 'ünïcødé-✓',
    };

    it('reach the container unchanged through real docker-compose (v1) --env-file', function () {
      requireTool(this, hasCommand('docker-compose'), 'docker-compose (Debian package docker-compose, v1.29)');
      const model: ServiceModel = {
        projectName: 'envcheck', baseDomain: 'localhost', env: 'dev', profile: '1.x', network: 'envcheck_network', volumes: [], sources: [],
        services: [{
          id: 'app', kind: 'custom', title: 'app', composeKey: 'app', containerName: 'envcheck_app', image: { value: 'nself-test/busybox:latest', origin: {} },
          ports: [], routes: [], environment: VALUES, dependsOn: [], volumes: [], origin: {},
        }],
      };
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-gen-env-'));
      try {
        for (const t of ['compose', 'env'] as const) for (const f of generate(model, t)) fs.writeFileSync(path.join(dir, f.path), f.content);
        const r = dockerComposeConfig(dir, { envFile: '.env.runtime' });
        assert.ok(r.ok, r.stderr);
        const env = (parse(r.stdout) as { services: { app: { environment: Record<string, string> } } }).services.app.environment;
        for (const [k, v] of Object.entries(VALUES)) assert.equal(String(env[k]).replace(/\$\$/g, '$'), v, k);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('documents the values Compose v1 reads differently from v2: ${…} inside a value, or a single quote with $', function () {
      // Written for Compose v2, which takes single-quoted values literally and honours `\$` in
      // double quotes. Compose v1 (python-dotenv 0.21) expands `${VAR}` even in single quotes and
      // keeps the backslash of `\$`. docs/generated-output.md lists both.
      assert.equal(formatEnvValue(`it's $5`), `"it's \\$5"`);
      assert.equal(formatEnvValue('a${HOME}b'), `'a\${HOME}b'`);
      requireTool(this, hasCommand('docker-compose'), 'docker-compose (Debian package docker-compose, v1.29)');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-gen-env-'));
      try {
        fs.writeFileSync(path.join(dir, '.env.runtime'), `A=${formatEnvValue('a${HOME}b')}\nB=${formatEnvValue(`it's $5`)}\n`);
        fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  x:\n    image: nself-test/busybox:latest\n    environment:\n      A: ${A}\n      B: ${B}\n');
        const r = dockerComposeConfig(dir, { envFile: '.env.runtime' });
        assert.ok(r.ok, r.stderr);
        const env = (parse(r.stdout) as { services: { x: { environment: Record<string, string> } } }).services.x.environment;
        assert.equal(env.A, `a${process.env.HOME ?? ''}b`, 'Compose v1 expanded ${HOME} (if this fails, v1 changed: update the docs)');
        assert.equal(env.B?.replace(/\$\$/g, '$'), `it's \\$5`, 'Compose v1 kept the backslash');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
