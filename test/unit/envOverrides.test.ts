// SPEC §2.2: environment variables with the prefix override config keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, deployment, sourceLine } from './helpers/workspace';
import { textAt } from './helpers/facts';

const config = { 'config/production.yaml': 'workers: 2\ndatabase:\n  host: db\n  connectionLimit: 5\n' };

function compose(environment: string[]): string {
  return ['services:', '  app:', '    image: node:20', '    environment:', ...environment.map((line) => `      ${line}`), ''].join('\n');
}

test('APP_WORKERS and APP_DATABASE__CONNECTIONLIMIT override workers and database.connectionLimit; the source is the env value', () => {
  const files = { ...config, 'docker-compose.yml': compose(['APP_WORKERS: 3', 'APP_DATABASE__CONNECTIONLIMIT: "8"']) };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [3, 8, 24]);
  assert.equal(sourceLine(app.workers), 'docker-compose.yml:5');
  assert.equal(sourceLine(app.connectionLimit), 'docker-compose.yml:6');
  assert.equal(textAt(files, app.connectionLimit.source!.edit!), '8', 'the edit range sits inside the quotes');
  assert.equal(app.server, 'db:3306', 'keys the env does not set still come from the config');
});

test('the overridden config value stays on the way (via), so hovers can show it', () => {
  const files = { ...config, 'docker-compose.yml': compose(['APP_DATABASE__CONNECTIONLIMIT: 8']) };
  const analysis = analyze(files);
  const sites = analysis.valueSites.filter((site) => site.factor === 'connectionLimit');
  const effective = sites.filter((site) => site.effective).map((site) => `${site.loc.file}:${site.loc.range.start.line + 1}`);
  assert.deepEqual(effective, ['docker-compose.yml:5']);
});

test('__ nests: APP_DATABASE__HOST and APP_DATABASE__PORT choose the server', () => {
  const files = { ...config, 'docker-compose.yml': compose(['APP_DATABASE__HOST: other-db', 'APP_DATABASE__PORT: "3310"']) };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.equal(app.server, 'other-db:3310');
  assert.equal(app.total, 10);
});

test('keys match case-insensitively: APP_DATABASE__CONNECTIONLIMIT, app_database__connectionlimit, App_Database__ConnectionLimit', () => {
  for (const name of ['APP_DATABASE__CONNECTIONLIMIT', 'app_database__connectionlimit', 'App_Database__ConnectionLimit', 'APP_DATABASE__connectionLimit']) {
    const app = deployment(analyze({ ...config, 'docker-compose.yml': compose([`${name}: "7"`]) }), 'docker-compose.yml#app');
    assert.equal(app.connectionLimit.value, 7, name);
    assert.equal(sourceLine(app.connectionLimit), 'docker-compose.yml:5', name);
  }
  const lower = deployment(analyze({ ...config, 'docker-compose.yml': compose(['app_workers: 6']) }), 'docker-compose.yml#app');
  assert.equal(lower.workers.value, 6);
});

test('a single underscore does not nest: APP_DATABASE_CONNECTIONLIMIT overrides nothing', () => {
  const app = deployment(analyze({ ...config, 'docker-compose.yml': compose(['APP_DATABASE_CONNECTIONLIMIT: 7']) }), 'docker-compose.yml#app');
  assert.equal(app.connectionLimit.value, 5);
  assert.equal(sourceLine(app.connectionLimit), 'config/production.yaml:4');
});

test('a custom envPrefix replaces APP_: MYAPP_ overrides, APP_ no longer does', () => {
  const files = { ...config, 'docker-compose.yml': compose(['MYAPP_DATABASE__CONNECTIONLIMIT: "4"', 'APP_DATABASE__CONNECTIONLIMIT: "9"']) };
  const custom = deployment(analyze(files, { envPrefix: 'MYAPP_' }), 'docker-compose.yml#app');
  assert.equal(custom.connectionLimit.value, 4);
  assert.equal(sourceLine(custom.connectionLimit), 'docker-compose.yml:5');
  const standard = deployment(analyze(files), 'docker-compose.yml#app');
  assert.equal(standard.connectionLimit.value, 9);
  assert.equal(sourceLine(standard.connectionLimit), 'docker-compose.yml:6');
});

test('a service with only a custom-prefixed variable is an app deployment only under that prefix', () => {
  const files = { 'docker-compose.yml': compose(['SVC_WORKERS: 2']) };
  assert.deepEqual(analyze(files).deployments, []);
  const app = deployment(analyze(files, { envPrefix: 'SVC_' }), 'docker-compose.yml#app');
  assert.equal(app.workers.value, 2);
});

test('values are strings: "8" is 8, 8 is 8, \'8\' is 8', () => {
  for (const value of ['"8"', '8', "'8'"]) {
    const app = deployment(analyze({ 'docker-compose.yml': compose([`APP_DATABASE__CONNECTIONLIMIT: ${value}`]) }), 'docker-compose.yml#app');
    assert.equal(app.connectionLimit.value, 8, value);
  }
  const list = deployment(analyze({ 'docker-compose.yml': compose(['- APP_DATABASE__CONNECTIONLIMIT=8']) }), 'docker-compose.yml#app');
  assert.equal(list.connectionLimit.value, 8);
});

test('an override applies even with no config file in the workspace', () => {
  const files = { 'docker-compose.yml': compose(['APP_WORKERS: "2"', 'APP_DATABASE__CONNECTIONLIMIT: "6"', 'APP_DATABASE__HOST: mysql.internal', 'APP_DATABASE__PORT: "3307"']) };
  const analysis = analyze(files);
  const app = deployment(analysis, 'docker-compose.yml#app');
  assert.deepEqual(app.configFiles, []);
  assert.deepEqual([app.instances.value, app.workers.value, app.connectionLimit.value, app.total], [1, 2, 6, 12]);
  assert.equal(app.server, 'mysql.internal:3307');
  assert.equal(sourceLine(app.workers), 'docker-compose.yml:5');
});

test('APP_WORKERS=-1 is one worker per core like workers: -1', () => {
  const app = deployment(analyze({ 'docker-compose.yml': compose(['APP_WORKERS: "-1"', 'APP_DATABASE__CONNECTIONLIMIT: 5']) }), 'docker-compose.yml#app');
  assert.equal(app.workers.value, 4);
  assert.match(app.workers.assumption ?? '', /4 CPU cores assumed/);
  assert.equal(app.total, 20);
});

test('an override that is not a number is an invalid-value on the env value, and the numbers are null', () => {
  const files = { ...config, 'docker-compose.yml': compose(['APP_DATABASE__CONNECTIONLIMIT: plenty']) };
  const analysis = analyze(files);
  const app = deployment(analysis, 'docker-compose.yml#app');
  assert.equal(app.connectionLimit.value, null);
  assert.equal(app.total, null);
  const finding = analysis.findings.find((candidate) => candidate.code === 'invalid-value');
  assert.ok(finding);
  assert.equal(finding.severity, 'error');
  assert.equal(textAt(files, finding.loc), 'plenty');
});

test('Kubernetes env overrides work the same way', () => {
  const files = {
    ...config,
    'k8s/api.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: api',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - name: app_database__connectionlimit',
      '              value: "3"',
      '',
    ].join('\n'),
  };
  const app = deployment(analyze(files), 'k8s/api.yaml#api');
  assert.deepEqual([app.instances.value, app.workers.value, app.connectionLimit.value, app.total], [2, 2, 3, 12]);
  assert.equal(sourceLine(app.connectionLimit), 'k8s/api.yaml:13');
  assert.equal(sourceLine(app.workers), 'config/production.yaml:1');
});
