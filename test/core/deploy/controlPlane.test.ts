import { strict as assert } from 'assert';
import { CONTROL_PLANE_CODES, parseControlPlane } from '../../../server/src/core/deploy/controlPlane';
import { tooLargeStandIn } from '../../../server/src/core/limits';

/** `code line:col-line:col severity: message` of every problem (0-based, as LSP counts). */
function judge(lines: string[]): string[] {
  return parseControlPlane(lines.join('\n'), 'cp.yaml').problems.map((p) => {
    const r = p.range!;
    return `${p.code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${p.severity}: ${p.message}`;
  });
}

describe('control-plane.yaml checks', () => {
  it('every code is documented once, kebab-case', () => {
    const codes = CONTROL_PLANE_CODES.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of CONTROL_PLANE_CODES) assert.match(c.code, /^control-plane(-[a-z]+)+$/);
  });

  it('syntax: the parser error with its range; a tab as indentation', () => {
    assert.deepEqual(judge(['schema_version: 2', 'environments:', '\tprod: {}']), ['control-plane-syntax 2:0-2:1 error: control-plane.yaml is not valid YAML: Tabs are not allowed as indentation']);
    assert.deepEqual(judge(['environments:', '  a: 1', '  a: 2']), ['control-plane-duplicate 2:2-2:3 error: key "a" is written twice in one mapping; keep one']);
  });

  it('shape: empty, a list, no environments, schema_version', () => {
    assert.deepEqual(judge(['']), ['control-plane-missing 0:0-0:0 error: control-plane.yaml is empty: expected schema_version: 2 and environments']);
    assert.deepEqual(judge(['- a']), ['control-plane-type 0:0-0:3 error: control-plane.yaml must be a mapping with schema_version and environments, not a list']);
    assert.deepEqual(judge(['schema_version: 3', 'environment: {}']), [
      'control-plane-missing 0:0-0:17 error: environments is missing: expected a mapping of environment names',
      'control-plane-schema-version 0:16-0:17 warning: schema_version: expected 2',
      'control-plane-unknown-key 1:0-1:11 warning: unknown key "environment" in control-plane.yaml; did you mean "environments"?',
    ]);
  });

  it('environments: names, duplicates, kind, tier, orchestrator keys on their own key', () => {
    assert.deepEqual(
      judge([
        'schema_version: 2',
        'environments:',
        '  Prod!: {}',
        '  prod:',
        '    kind: remote',
        '    servers: [{host: a.example.com}]',
        '  production:',
        '    kind: local',
        '  staging:',
        '    kind: cloud',
        '    tier: {a: 1}',
        '    orchestrator: nomad',
        '    namespace: Not_A_Label',
        '  qa:',
        '    kind: remote',
      ]),
      [
        'control-plane-value 2:2-2:7 error: environment name "Prod!" is not valid (lower case letters, digits, - and _)',
        'control-plane-duplicate 6:2-6:12 error: environments.production and environments.prod are the same target (prod); keep one',
        'control-plane-value 9:10-9:15 error: staging.kind: expected local or remote, found "cloud"',
        'control-plane-type 10:10-10:16 error: staging.tier: expected a string, found a mapping',
        'control-plane-value 11:18-11:23 error: staging.orchestrator must be one of compose, swarm, kubernetes (found "nomad")',
        'control-plane-value 12:15-12:26 error: staging.namespace must be a DNS label (lowercase letters, digits and -, at most 63)',
        'control-plane-missing 13:2-13:4 error: qa.servers: a remote environment needs at least one server',
      ],
    );
  });

  it('servers: missing host, types, host and port, paths, role, key ref, two primaries; the usable one is the target', () => {
    const yaml = [
      'schema_version: 2',
      'environments:',
      '  staging:',
      '    kind: remote',
      '    servers:',
      '      - name: a',
      '      - host: [x]',
      '      - host: "u@h:0"',
      '        remote_path: srv',
      '      - host: deploy@ok.example.com:2200',
      '        remote_path: /srv/../etc',
      '        role: web',
      '        ssh_key_ref: "a-b"',
      '        primary: true',
      '      - host: b.example.com',
      '        primary: yes',
      '      - 7',
    ];
    assert.deepEqual(judge(yaml), [
      'control-plane-missing 5:8-5:15 error: staging.servers[0]: host is missing (expected [user@]host[:port])',
      'control-plane-type 6:14-6:17 error: staging.servers[1].host: expected a string [user@]host[:port], found a list',
      'control-plane-value 7:14-7:21 error: staging.servers[2].host: port 0 is outside 1–65535 in "u@h:0"',
      'control-plane-value 8:21-8:24 error: staging.servers[2].remote_path: expected an absolute path, got "srv"',
      'control-plane-value 10:21-10:32 error: staging.servers[3].remote_path: expected a plain absolute path (no .. and no control characters)',
      'control-plane-value 11:14-11:17 error: staging.servers[3].role: expected app, lb, observability, db or worker',
      'control-plane-value 12:21-12:26 error: staging.servers[3].ssh_key_ref: expected the name of an environment variable holding the key path',
      'control-plane-primary 15:8-15:15 warning: staging.servers[4]: another server of staging is already primary; the first one is the deploy target',
      'control-plane-type 16:8-16:9 error: staging.servers[5]: expected a mapping with host, found a number',
    ]);
    const list = parseControlPlane(yaml.join('\n'), 'cp.yaml');
    assert.deepEqual(list.targets.map((t) => [t.name, t.host, t.source.line]), [['staging', 'b.example.com', 14]]);
  });

  it('a buffer over the 1 MB limit is not read', () => {
    assert.deepEqual(judge([tooLargeStandIn(2_000_000)]), ["control-plane-syntax 0:0-0:1 error: control-plane.yaml is not read: 2000000 bytes is over nself's 1 MB limit"]);
  });
});
