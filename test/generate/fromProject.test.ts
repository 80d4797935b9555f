/**
 * The whole chain on a fixture env project: cascade → effective config → deriveServiceModel →
 * generators, checked against golden files and by the real tools. The goldens follow the model:
 * when the model's derivation changes on purpose, review the diff and rewrite them with
 * UPDATE_GOLDEN=1.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { certificateDir, generate, TARGETS, type GeneratedFile } from '../../server/src/core/generate';
import { getCatalog } from '../../server/src/core/catalog';
import { deriveServiceModel, type ServiceModel } from '../../server/src/core/model';
import { Project } from '../../server/src/core/project';
import { dockerComposeConfig, hasCommand, nginxTest, requireTool, selfSignedCertificate, validateComposeSchema, validateK8s } from '../helpers/realTools';
import { assertGolden } from './goldenFiles';

const ROOT = path.join(__dirname, 'fixtures', 'projects', 'demo');

/** The model of one environment of the fixture project, as the language server derives it. */
function derive(env: string): ServiceModel {
  return deriveServiceModel(new Project(ROOT).effective(env, '1.x'), getCatalog('1.x'));
}

function writeAll(files: GeneratedFile[], model: ServiceModel): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-gen-project-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
  }
  for (const s of model.services) if (s.build) fs.mkdirSync(path.join(dir, s.build.context), { recursive: true });
  return dir;
}

describe('generate: from a fixture env project (deriveServiceModel)', () => {
  for (const env of ['dev', 'staging'] as const) {
    describe(env, () => {
      let model: ServiceModel;
      let files: GeneratedFile[];
      before(() => {
        model = derive(env);
        files = TARGETS.flatMap((t) => generate(model, t, { projectRoot: ROOT }));
      });

      it('matches the golden files', () => {
        for (const f of files) assertGolden(`project-demo-${env}/${f.path}`, f.content);
      });

      it('is accepted by the compose schema, docker-compose config, nginx -t and kubernetes-models', function () {
        const compose = files.find((f) => f.path === 'docker-compose.yml')?.content ?? '';
        assert.deepEqual(validateComposeSchema(compose), []);
        const k8s = files.find((f) => f.path.startsWith('k8s/'))?.content ?? '';
        assert.deepEqual(validateK8s(parseAllDocuments(k8s).map((d) => d.toJS() as unknown).filter((d) => d !== null)), []);

        requireTool(this, hasCommand('docker-compose') && hasCommand('nginx') && hasCommand('openssl'), 'docker-compose, nginx and openssl');
        const dir = writeAll(files, model);
        try {
          const r = dockerComposeConfig(dir, { envFile: '.env.runtime' });
          assert.ok(r.ok, `docker-compose config:\n${r.stderr}`);
          const cert = selfSignedCertificate(path.join(dir, 'nginx', 'ssl', certificateDir(model.baseDomain)), model.baseDomain);
          assert.ok(cert.ok, cert.stderr);
          const n = nginxTest(path.join(dir, 'nginx'));
          assert.ok(n.ok, `nginx -t:\n${n.stderr}`);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }
});
