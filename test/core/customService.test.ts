import { strict as assert } from 'node:assert';
import {
  buildContext,
  composeName,
  containerName,
  defaultCustomServicePort,
  parseCustomServiceValue,
  sanitizeName,
} from '../../server/src/core/catalog/customService';

describe('parseCustomServiceValue', () => {
  it('reads name:template:port:route in 1.x', () => {
    const cs = parseCustomServiceValue('api:express-js:8001:api', 1, '1.x');
    assert.equal(cs.valid, true);
    assert.deepEqual(cs.problems, []);
    assert.equal(cs.name, 'api');
    assert.equal(cs.template, 'express-js');
    assert.equal(cs.port, 8001);
    assert.equal(cs.effectivePort, 8001);
    assert.equal(cs.route, 'api');
    assert.deepEqual(cs.fields.name, { text: 'api', start: 0, end: 3 });
    assert.deepEqual(cs.fields.template, { text: 'express-js', start: 4, end: 14 });
    assert.deepEqual(cs.fields.port, { text: '8001', start: 15, end: 19 });
    assert.deepEqual(cs.fields.route, { text: 'api', start: 20, end: 23 });
  });

  it('defaults the port to 8000+N and allows an empty port field before a route', () => {
    const cs = parseCustomServiceValue('worker:bullmq-js', 2, '1.x');
    assert.equal(cs.port, undefined);
    assert.equal(cs.effectivePort, 8002);
    assert.equal(cs.route, undefined);
    const web = parseCustomServiceValue('web:express-ts::app', 7, '1.x');
    assert.equal(web.valid, true);
    assert.equal(web.effectivePort, 8007);
    assert.equal(web.route, 'app');
    assert.equal(defaultCustomServicePort(10), 8010);
  });

  it('keeps every colon after the third in the 1.x route (SplitN 4)', () => {
    const cs = parseCustomServiceValue('api:express-js:8001:a:b', 1, '1.x');
    assert.equal(cs.fields.route!.text, 'a:b');
    assert.equal(cs.route, undefined);
    assert.equal(cs.problems[0]!.code, 'cs-route-invalid');
    assert.equal(cs.problems[0]!.start, 20);
  });

  it('accepts the trailing colon nself-admin writes', () => {
    const cs = parseCustomServiceValue('api:express-js:3001:', 1, '1.x');
    assert.equal(cs.valid, true);
    assert.equal(cs.port, 3001);
    assert.equal(cs.route, undefined);
  });

  it('rejects a value with one field', () => {
    const cs = parseCustomServiceValue('api', 1, '1.x');
    assert.equal(cs.valid, false);
    assert.equal(cs.problems[0]!.code, 'cs-format');
    assert.match(cs.problems[0]!.message, /expected name:template\[:port\]\[:route\]/);
    assert.equal(parseCustomServiceValue('', 1, '1.x').valid, false);
  });

  it('checks the port', () => {
    const word = parseCustomServiceValue('api:express-js:http', 1, '1.x');
    assert.equal(word.valid, false);
    assert.deepEqual([word.problems[0]!.code, word.problems[0]!.start, word.problems[0]!.end], ['cs-port-invalid', 15, 19]);
    assert.equal(parseCustomServiceValue('api:express-js:70000', 1, '1.x').problems[0]!.code, 'cs-port-range');
    assert.equal(parseCustomServiceValue('api:express-js:0', 1, '1.x').problems[0]!.code, 'cs-port-range');
    assert.equal(parseCustomServiceValue('api:express-js:-1', 1, '1.x').problems[0]!.code, 'cs-port-invalid');
  });

  it('checks names per profile', () => {
    assert.equal(parseCustomServiceValue('my-api:express-js', 1, '1.x').valid, true);
    assert.equal(parseCustomServiceValue('ping_api:express-js', 1, '1.x').valid, true);
    const hyphen09 = parseCustomServiceValue('my-api:express-js:8001', 1, '0.9');
    assert.equal(hyphen09.valid, false);
    assert.equal(hyphen09.problems[0]!.code, 'cs-name-invalid');
    const upper = parseCustomServiceValue('MyApi:express-js', 1, '1.x');
    assert.equal(upper.problems[0]!.code, 'cs-name-invalid');
    assert.deepEqual([upper.problems[0]!.start, upper.problems[0]!.end], [0, 5]);
    assert.equal(parseCustomServiceValue(':express-js', 1, '1.x').problems[0]!.code, 'cs-name-empty');
    assert.equal(parseCustomServiceValue('api::8001', 1, '1.x').problems[0]!.code, 'cs-template-empty');
  });

  it('0.9 reads three fields: a route is glued to the port', () => {
    const cs = parseCustomServiceValue('api:express-js:8001:api', 1, '0.9');
    assert.equal(cs.valid, false);
    assert.equal(cs.fields.port!.text, '8001:api');
    assert.equal(cs.fields.route, undefined);
    assert.equal(cs.problems[0]!.code, 'cs-09-fourth-field');
    assert.match(cs.problems[0]!.message, /8001:api/);
    assert.match(cs.problems[0]!.message, /CS_1_ROUTE/);
  });

  it('0.9 warns when the port is omitted', () => {
    const cs = parseCustomServiceValue('worker:bullmq-js', 2, '0.9');
    assert.equal(cs.valid, true);
    assert.equal(cs.problems[0]!.code, 'cs-09-port-omitted');
    assert.equal(cs.problems[0]!.severity, 'warning');
    assert.equal(cs.effectivePort, 8002);
    assert.equal(parseCustomServiceValue('worker:bullmq-js:8002', 2, '0.9').problems.length, 0);
  });

  it('trims blanks around fields and keeps positions', () => {
    const cs = parseCustomServiceValue('api : express-js : 8001', 1, '1.x');
    assert.equal(cs.valid, true);
    assert.deepEqual(cs.fields.template, { text: 'express-js', start: 6, end: 16 });
    assert.equal(cs.port, 8001);
  });

  it('reads the corpus values', () => {
    assert.equal(parseCustomServiceValue('devices:plugin:3603', 7, '1.x').template, 'plugin');
    const auth = parseCustomServiceValue('auth:fastify:4000', 1, '1.x');
    assert.deepEqual([auth.name, auth.template, auth.port], ['auth', 'fastify', 4000]);
    assert.equal(parseCustomServiceValue('python_api:fastapi:8004', 4, '0.9').valid, true);
  });
});

describe('custom service names', () => {
  it('sanitizes like 1.x SanitizeName', () => {
    assert.equal(sanitizeName('ping_api'), 'ping-api');
    assert.equal(sanitizeName('My API'), 'my-api');
    assert.equal(sanitizeName('--a__b--'), 'a-b');
    assert.equal(sanitizeName('a.b!c'), 'abc');
    assert.equal(sanitizeName('___'), '');
  });

  it('derives compose key, container and build folder', () => {
    assert.equal(composeName('ping_api'), 'ping-api');
    assert.equal(composeName('ping_api', '0.9'), 'ping_api');
    assert.equal(containerName('demo', 'ping_api'), 'demo_ping_api');
    assert.equal(buildContext('ping_api'), './services/ping_api');
    assert.equal(parseCustomServiceValue('ping_api:express-js', 1, '1.x').composeName, 'ping-api');
  });
});
