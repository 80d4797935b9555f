import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { canonicalEnv, cascadeFileNames, environmentOfFile, findProjectRoot, parseServerJson, Project } from '../../server/src/core/project';

/** Writes a project from a map of relative path → content and returns its folder. */
function makeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-project-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('project: environments and cascades', () => {
  it('normalises environment names and rejects invalid custom ones', () => {
    assert.equal(canonicalEnv('production'), 'prod');
    assert.equal(canonicalEnv('local'), 'dev');
    assert.equal(canonicalEnv('Stage'), 'staging');
    assert.equal(canonicalEnv('qa'), 'qa');
    assert.equal(canonicalEnv('../x'), undefined);
    assert.equal(canonicalEnv('$(rm -rf ~)'), undefined);
  });

  it('knows which environment a file belongs to', () => {
    assert.equal(environmentOfFile('.env.prod'), 'prod');
    assert.equal(environmentOfFile('.env.local'), 'dev');
    assert.equal(environmentOfFile('.env.secrets'), undefined);
    assert.equal(environmentOfFile('.env.example'), undefined);
    assert.equal(environmentOfFile('.env.qa'), 'qa');
  });

  it('orders the 1.x cascade .env → .env.<env> → .env.secrets → .env.local, dropping .env.local for deploys', () => {
    assert.deepEqual(cascadeFileNames('local', '1.x', false).map((l) => l.name), ['.env', '.env.dev', '.env.secrets', '.env.local']);
    assert.deepEqual(cascadeFileNames('production', '1.x', true).map((l) => l.name), ['.env', '.env.prod', '.env.secrets']);
    assert.deepEqual(cascadeFileNames('qa', '1.x', false).map((l) => l.name), ['.env', '.env.qa', '.env.secrets', '.env.local']);
  });

  it('orders the 0.9 cascade with .env.dev first and .env last', () => {
    assert.deepEqual(cascadeFileNames('dev', '0.9', false).map((l) => l.name), ['.env.dev', '.env.local', '.env']);
    assert.deepEqual(cascadeFileNames('prod', '0.9', false).map((l) => l.name), ['.env.dev', '.env.staging', '.env.prod', '.env.secrets', '.env']);
  });
});

describe('project: discovery', () => {
  it('finds the root from a nested file, and ignores .env files that are not nself', () => {
    const root = makeProject({ '.env': 'PROJECT_NAME=demo\n', 'services/api/src/index.js': '' });
    assert.equal(findProjectRoot(path.join(root, 'services/api/src/index.js')), root);
    const plain = makeProject({ '.env': 'DATABASE_URL=postgres://x\nSECRET=1\n' });
    assert.equal(findProjectRoot(path.join(plain, '.env')), undefined);
  });

  it('uses .backend as the root of a monorepo', () => {
    const root = makeProject({ '.backend/.env': 'PROJECT_NAME=demo\n', 'web/package.json': '{}' });
    assert.equal(findProjectRoot(path.join(root, 'web/package.json')), path.join(root, '.backend'));
  });

  it('treats a folder with .environments/ as a root', () => {
    const root = makeProject({ '.environments/prod/server.json': '{}' });
    assert.equal(findProjectRoot(root), root);
  });

  it('lists env files, environments and deploy targets, leaving generated files out', () => {
    const root = makeProject({
      '.env': 'PROJECT_NAME=demo\n',
      '.env.dev': '',
      '.env.qa': '',
      '.env.runtime': 'GENERATED=1\n',
      '.environments/prod/server.json': '{\n"name": "prod",\n"host": "10.0.0.1",\n"user": "deploy"\n}\n',
      '.environments/prod/.env': 'X=1\n',
    });
    const project = new Project(root);
    assert.deepEqual(project.envFiles().map((f) => path.relative(root, f)), ['.env', '.env.dev', '.env.qa', '.environments/prod/.env']);
    assert.deepEqual(project.environments().sort(), ['dev', 'prod', 'qa', 'staging']);
    const [target] = project.targets();
    assert.equal(target.name, 'prod');
    assert.equal(target.server?.port, 22);
    assert.equal(target.server?.deploy_path, '/opt/nself');
  });
});

describe('project: effective config', () => {
  const files = {
    '.env': 'PROJECT_NAME=demo\nBASE_DOMAIN=local.nself.org\nHASURA_ROUTE=api.${BASE_DOMAIN}\nPOSTGRES_PASSWORD=from-env\n',
    '.env.dev': 'DEBUG=true\n',
    '.env.prod': 'BASE_DOMAIN=example.com\n',
    '.env.secrets': 'POSTGRES_PASSWORD=from-secrets\n',
    '.env.local': 'BASE_DOMAIN=me.localhost\n',
  };

  it('lets later files win and records where each value came from and what it overrides', () => {
    const root = makeProject(files);
    const config = new Project(root).effective('dev', '1.x');
    const password = config.binding('POSTGRES_PASSWORD')!;
    assert.equal(password.value, 'from-secrets');
    assert.equal(password.doc.path, path.join(root, '.env.secrets'));
    assert.equal(password.entry.line, 0);
    assert.deepEqual(password.overrides.map((o) => path.basename(o.doc.path)), ['.env']);
    assert.equal(config.get('BASE_DOMAIN'), 'me.localhost');
    assert.equal(config.flag('DEBUG', false), true);
  });

  it('lists overrides latest first across files and repeats within a file, and every key once in bindings', () => {
    const root = makeProject({ '.env': 'A=1\nB=x\nA=2\n', '.env.dev': 'A=3\nC=y\n', '.env.secrets': 'A=4\nA=5\n' });
    const config = new Project(root).effective('dev', '1.x');
    const a = config.binding('A')!;
    assert.equal(a.value, '5');
    assert.deepEqual(a.overrides.map((o) => `${path.basename(o.doc.path)}:${o.entry.line + 1}`), ['.env.secrets:1', '.env.dev:1', '.env:3', '.env:1']);
    assert.deepEqual(config.binding('B')!.overrides, []);
    assert.equal(config.binding('NOPE'), undefined);
    assert.deepEqual([...config.bindings.keys()], ['A', 'B', 'C']);
  });

  it('expands ${} against the environment being looked at, without .env.local for deploys', () => {
    const root = makeProject(files);
    const project = new Project(root);
    assert.equal(project.effective('dev', '1.x').get('HASURA_ROUTE'), 'api.me.localhost');
    assert.equal(project.effective('prod', '1.x', { deploy: true }).get('HASURA_ROUTE'), 'api.example.com');
    assert.equal(project.effective('prod', '1.x', { deploy: true }).deploy, true);
  });

  it('follows the 0.9 order, where .env wins over .env.local', () => {
    const root = makeProject(files);
    assert.equal(new Project(root).effective('dev', '0.9').get('BASE_DOMAIN'), 'local.nself.org');
  });

  it('uses defaults, reports unresolved names and cycles, and keeps single quotes literal', () => {
    const root = makeProject({
      '.env': 'PROJECT_NAME=demo\nA=${MISSING}\nB=${MISSING:-fallback}\nC=${EMPTY:-used}\nD=${EMPTY-kept}\nEMPTY=\nX=${Y}\nY=${X}\nL=\'${A}\'\nS=$PROJECT_NAME-x\n',
    });
    const config = new Project(root).effective('dev', '1.x');
    assert.deepEqual(config.binding('A')!.unresolved, ['MISSING']);
    assert.equal(config.get('B'), 'fallback');
    assert.equal(config.get('C'), 'used');
    assert.equal(config.get('D'), '');
    assert.deepEqual(config.binding('X')!.cycle, ['X', 'Y', 'X']);
    assert.equal(config.get('L'), '${A}');
    assert.equal(config.get('S'), 'demo-x');
  });

  it('layers a deploy target on top of its environment', () => {
    const root = makeProject({
      ...files,
      '.environments/prod/server.json': '{\n"name": "prod",\n"type": "production",\n"host": "10.0.0.1",\n"user": "deploy"\n}\n',
      '.environments/prod/.env': 'BASE_DOMAIN=target.example.com\n',
    });
    const config = new Project(root).effective('prod', '1.x');
    assert.deepEqual(config.layers.map((l) => path.relative(root, l.path)), ['.env', '.env.prod', '.env.secrets', '.environments/prod/.env', '.environments/prod/.env.secrets']);
    assert.equal(config.get('BASE_DOMAIN'), 'target.example.com');
    assert.equal(config.env, 'prod');
  });

  it('sees a changed file after invalidate, and reuses the cached config otherwise', () => {
    const root = makeProject(files);
    const project = new Project(root);
    const first = project.effective('dev', '1.x');
    assert.equal(project.effective('dev', '1.x'), first);
    fs.writeFileSync(path.join(root, '.env.dev'), 'DEBUG=false\n');
    const second = project.effective('dev', '1.x');
    assert.notEqual(second, first);
    assert.equal(second.flag('DEBUG', true), false);
  });
});

describe('project: server.json', () => {
  it('accepts a full file and applies defaults', () => {
    const { value, problems } = parseServerJson('{\n"name": "prod",\n"host": "example.com",\n"user": "deploy",\n"domain": "example.com"\n}');
    assert.deepEqual(problems, []);
    assert.equal(value?.port, 22);
  });

  it('points at the line of a bad key, and survives broken JSON', () => {
    const { problems } = parseServerJson('{\n"name": "prod",\n"host": "example.com",\n"user": "deploy",\n"port": 70000\n}');
    assert.equal(problems[0].key, 'port');
    assert.equal(problems[0].line, 4);
    assert.match(parseServerJson('{ not json').problems[0].message, /not valid JSON/);
  });

  it('refuses a project_subdir that climbs out and a host with shell characters', () => {
    const { problems } = parseServerJson('{\n"name": "x",\n"host": "$(rm -rf ~)",\n"user": "deploy",\n"project_subdir": "../../etc"\n}');
    assert.deepEqual(problems.map((p) => p.key).sort(), ['host', 'project_subdir']);
  });
});
