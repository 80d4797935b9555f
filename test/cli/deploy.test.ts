/**
 * `nself-env deploy` / `rollback` against a real sshd on 127.0.0.1: confirmation rules, plan
 * output, exit codes, host-key trust. The full deploy runs are in test/node/deploySsh.test.ts.
 */
import { strict as assert } from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { EXIT, runDeployCommand, runRollbackCommand, type Terminal } from '../../server/src/cli/deploy';
import { main } from '../../server/src/cli/main';
import { sshdAvailable, startDeploySshd, type DeploySshd } from '../helpers/deploySshd';
import { dockerAvailable, requireTool } from '../helpers/realTools';

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _e, done) {
      w.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

const noTty: Terminal = { isTTY: false, question: async () => assert.fail('asked without a terminal') };
const tty = (answer: string, asked: string[] = []): Terminal => ({ isTTY: true, question: async (q) => (asked.push(q), answer) });

describe('nself-env deploy and rollback', function () {
  this.timeout(120_000);
  let sshd: DeploySshd;
  let project: string;
  let remote: string;
  const name = `nselfcli${crypto.randomBytes(3).toString('hex')}`;

  before(async function () {
    requireTool(this, dockerAvailable(), 'a Docker engine (docker info)');
    requireTool(this, sshdAvailable(), 'openssh-server and rsync');
    sshd = await startDeploySshd();
    fs.writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine + '\n');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-cli-deploy-'));
    remote = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-cli-remote-'));
    fs.writeFileSync(path.join(project, '.env'), [`PROJECT_NAME=${name}`, 'BASE_DOMAIN=example.com', 'POSTGRES_ENABLED=false', 'HASURA_ENABLED=false', 'AUTH_ENABLED=false', 'NGINX_ENABLED=false', 'CS_1=api:custom:28123', ''].join('\n'));
    for (const target of ['staging', 'prod']) {
      fs.mkdirSync(path.join(project, '.environments', target), { recursive: true });
      fs.writeFileSync(path.join(project, '.environments', target, 'server.json'), JSON.stringify({ name: target, type: target, host: '127.0.0.1', port: sshd.port, user: 'root', key: sshd.userKey, deploy_path: path.join(remote, target) }, null, 2));
    }
  });
  after(async () => {
    await sshd?.stop();
    for (const dir of [project, remote]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const values = (extra: Record<string, unknown> = {}) => ({ profile: '1.x', 'known-hosts': sshd.knownHostsFile, ...extra });

  it('prod from a non-terminal without --yes refuses after showing the plan; nothing reaches the server', async () => {
    const out = sink();
    const err = sink();
    const code = await runDeployCommand(['prod', project], values(), out, err, noTty);
    assert.equal(code, EXIT.declined, err.text);
    assert.match(out.text, /Plan for .* → prod/);
    assert.match(out.text, /create\s+api/);
    assert.match(err.text, /pass --yes/);
    assert.ok(!fs.existsSync(path.join(remote, 'prod', '.nself', 'releases')) || fs.readdirSync(path.join(remote, 'prod', '.nself', 'releases')).length === 0);
    assert.ok(!fs.existsSync(path.join(remote, 'prod', 'docker-compose.yml')));
  });

  it('prod at a terminal asks for the project name; a wrong answer changes nothing', async () => {
    const asked: string[] = [];
    const code = await runDeployCommand(['production', project], values(), sink(), sink(), tty('not-the-name', asked));
    assert.equal(code, EXIT.declined);
    assert.match(asked[0]!, new RegExp(`Type the project name "${name}"`));
    assert.ok(!fs.existsSync(path.join(remote, 'prod', 'docker-compose.yml')));
  });

  it('--plan --json prints a JSON summary with the plan and exits 0', async () => {
    const out = sink();
    const code = await runDeployCommand(['staging', project], values({ plan: true, json: true }), out, sink(), noTty);
    assert.equal(code, EXIT.ok);
    const summary = JSON.parse(out.text);
    assert.equal(summary.result, 'planned');
    assert.deepEqual(summary.plan.services.map((s: { name: string; action: string }) => `${s.name}:${s.action}`), ['api:create']);
    assert.ok(summary.plan.files.some((f: { path: string }) => f.path === '.env.runtime'));
  });

  it('an unknown host key stops with its fingerprint; --trust-host with that fingerprint pins it in our file only', async () => {
    const known = path.join(sshd.dir, 'cli_known_hosts');
    fs.writeFileSync(known, '');
    const err = sink();
    assert.equal(await runDeployCommand(['staging', project], values({ plan: true, 'known-hosts': known }), sink(), err, noTty), EXIT.stopped);
    const fingerprint = /(SHA256:[A-Za-z0-9+/=]+)/.exec(err.text)?.[1];
    assert.ok(fingerprint, err.text);
    assert.equal(fs.readFileSync(known, 'utf8'), '');
    const err2 = sink();
    assert.equal(await runDeployCommand(['staging', project], values({ plan: true, 'known-hosts': known, 'trust-host': fingerprint }), sink(), err2, noTty), EXIT.ok, err2.text);
    assert.match(fs.readFileSync(known, 'utf8'), new RegExp(`\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519`));
  });

  it('an unknown target and a missing target are usage errors; rollback with no release says so', async () => {
    const err = sink();
    assert.equal(await main(['deploy', 'prodd', project, '--profile', '1.x'], sink(), err), 2);
    assert.match(err.text, /unknown deploy target "prodd"; known: prod, staging/);
    const err2 = sink();
    assert.equal(await main(['deploy'], sink(), err2), 2);
    assert.match(err2.text, /deploy needs a target/);
    await assert.rejects(() => runRollbackCommand(['staging', project], values(), sink(), sink(), noTty), /No release is live on staging/);
  });
});
