// SPEC §4: every finding code with its default severity, its range on the value, and a message naming the numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SEVERITIES, FINDING_CODES } from '../../src-shared/findings';
import type { FindingCode } from '../../src-shared/types';
import { analyze, deployment } from './helpers/workspace';
import { codes, findingsOf, onlyFinding, textAt, where } from './helpers/facts';

function config(workers: number | string, limit: number | string): Record<string, string> {
  return { 'config/production.yaml': `workers: ${workers}\ndatabase:\n  connectionLimit: ${limit}  # per worker\n` };
}

test('the default severities are those of SPEC §4', () => {
  const expected: Record<FindingCode, string> = {
    'over-budget': 'warning',
    'over-max-connections': 'error',
    'pool-of-one': 'warning',
    'unbounded-pool': 'warning',
    'oversized-pool': 'warning',
    'invalid-pool-option': 'warning',
    'pool-in-primary': 'warning',
    'cores-in-container': 'info',
    'replicas-conflict': 'error',
    'unresolved-value': 'info',
    'invalid-value': 'error',
    'parse-error': 'info',
  };
  assert.deepEqual(DEFAULT_SEVERITIES, expected);
  assert.equal(FINDING_CODES.length, 12);
});

test('over-budget (warning): peak over the budget but not over max_connections, on the connectionLimit value, naming the numbers', () => {
  const files = config(11, 11);
  const analysis = analyze(files);
  assert.deepEqual(codes(analysis), ['oversized-pool', 'over-budget'].sort());
  const finding = onlyFinding(analysis, 'over-budget');
  assert.equal(finding.severity, 'warning');
  assert.equal(where(finding.loc), 'config/production.yaml:3:20-3:22');
  assert.equal(textAt(files, finding.loc), '11');
  for (const number of ['121', '80.1 %', '151', '80 %', '120']) assert.ok(finding.message.includes(number), `${number} in "${finding.message}"`);
  assert.equal(finding.server, 'default');
  assert.deepEqual(finding.deployments, ['config/production.yaml#production']);
});

test('over-max-connections (error): peak over max_connections; over-budget is then not reported on the same value', () => {
  const files = config(4, 50);
  const analysis = analyze(files);
  const finding = onlyFinding(analysis, 'over-max-connections');
  assert.equal(finding.severity, 'error');
  assert.equal(textAt(files, finding.loc), '50');
  for (const number of ['200', '151', '132.5 %']) assert.ok(finding.message.includes(number), `${number} in "${finding.message}"`);
  assert.deepEqual(findingsOf(analysis, 'over-budget'), []);
});

test('at exactly the budget there is no budget finding; one over, there is', () => {
  assert.deepEqual(codes(analyze(config(12, 10))), []);
  assert.deepEqual(codes(analyze(config(1, 121))), ['over-budget', 'oversized-pool']);
});

test('budget findings use the peak: a rollout surge alone can push a server over its budget', () => {
  const files = {
    'k8s/api.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      'spec:',
      '  replicas: 10',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - name: APP_DATABASE__CONNECTIONLIMIT',
      '              value: "11"',
      '',
    ].join('\n'),
  };
  const analysis = analyze(files);
  const api = deployment(analysis, 'k8s/api.yaml#api');
  assert.deepEqual([api.total, api.peak], [110, 143]);
  const finding = onlyFinding(analysis, 'over-budget');
  assert.equal(textAt(files, finding.loc), '"11"');
  assert.match(finding.message, /Peak 143/);
});

test('oversized-pool (warning): only the deployment that alone takes more than the whole budget', () => {
  const files = {
    'docker-compose.yml': [
      'services:',
      '  big:',
      '    image: node',
      '    environment:',
      '      APP_WORKERS: 13',
      '      APP_DATABASE__CONNECTIONLIMIT: 10',
      '  small:',
      '    image: node',
      '    environment:',
      '      APP_DATABASE__CONNECTIONLIMIT: 5',
      '',
    ].join('\n'),
  };
  const analysis = analyze(files);
  const finding = onlyFinding(analysis, 'oversized-pool');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.deployments, ['docker-compose.yml#big']);
  assert.equal(where(finding.loc), 'docker-compose.yml:6:38-6:40');
  for (const number of ['130', '120']) assert.ok(finding.message.includes(number), finding.message);
  // The server as a whole is over its budget (135 > 120): reported on both values.
  assert.deepEqual(findingsOf(analysis, 'over-budget').map((f) => f.deployments), [['docker-compose.yml#big'], ['docker-compose.yml#small']]);
});

test('pool-of-one (warning) on connectionLimit 1, with the fixes', () => {
  const files = config(2, 1);
  const analysis = analyze(files);
  const finding = onlyFinding(analysis, 'pool-of-one');
  assert.equal(finding.severity, 'warning');
  assert.equal(textAt(files, finding.loc), '1');
  assert.match(finding.message, /connectionLimit 1/);
  assert.deepEqual(finding.fixes.map((fix) => fix.connectionLimit), [60, 30]);
});

test('a value shared by two deployments is reported once, naming both deployments', () => {
  const files = {
    ...config(2, 1),
    'docker-compose.yml': 'services:\n  a:\n    build: .\n  b:\n    build: .\n',
  };
  const analysis = analyze(files);
  const finding = onlyFinding(analysis, 'pool-of-one');
  assert.deepEqual(finding.deployments?.sort(), ['docker-compose.yml#a', 'docker-compose.yml#b']);
});

test('unbounded-pool (warning) on connectionLimit 0, naming the server and its max_connections', () => {
  const files = config(2, 0);
  const analysis = analyze(files);
  const finding = onlyFinding(analysis, 'unbounded-pool');
  assert.equal(finding.severity, 'warning');
  assert.equal(textAt(files, finding.loc), '0');
  assert.match(finding.message, /no limit/);
  assert.match(finding.message, /151/);
  assert.deepEqual(codes(analysis), ['unbounded-pool'], 'no budget finding on unknown numbers');
});

test('cores-in-container (info) on the -1 of a container with a CPU limit', () => {
  const files = {
    'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: -1\n    deploy:\n      resources:\n        limits:\n          cpus: "3"\n',
  };
  const finding = onlyFinding(analyze(files), 'cores-in-container');
  assert.equal(finding.severity, 'info');
  assert.equal(where(finding.loc), 'docker-compose.yml:5:20-5:22');
  assert.match(finding.message, /counted as 3/);
});

test('replicas-conflict (error) on scale', () => {
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    scale: 2\n    environment:\n      APP_WORKERS: 1\n    deploy:\n      replicas: 5\n' };
  const finding = onlyFinding(analyze(files), 'replicas-conflict');
  assert.equal(finding.severity, 'error');
  assert.equal(where(finding.loc), 'docker-compose.yml:4:12-4:13');
  assert.match(finding.message, /scale 2 and deploy\.replicas 5/);
});

test('unresolved-value (info) on the unresolved reference', () => {
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: ${WORKERS}\n' };
  const finding = onlyFinding(analyze(files), 'unresolved-value');
  assert.equal(finding.severity, 'info');
  assert.equal(textAt(files, finding.loc), '${WORKERS}');
  assert.match(finding.message, /WORKERS/);
});

test('invalid-value (error): negative, fractional, text, huge numbers, workers 0, on the value, and the numbers are null', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['2', '-3', '-3', /cannot be negative \(-3\)/],
    ['2', '2.5', '2.5', /2\.5 is not a whole number/],
    ['2', 'lots', 'lots', /"lots" is not a number/],
    ['2', '"lots"', '"lots"', /"lots" is not a number/],
    ['2', '.nan', '.nan', /"\.nan" is not a number/],
    ['2', '99999999999999999999', '99999999999999999999', /too large/],
    ['0', '5', '0', /workers must be a positive number or -1/],
    ['-2', '5', '-2', /workers must be a positive number or -1/],
    ['1.5', '5', '1.5', /1\.5 is not a whole number, so it is not a worker count/],
  ];
  for (const [workers, limit, text, message] of cases) {
    const files = config(workers, limit);
    const analysis = analyze(files);
    const finding = onlyFinding(analysis, 'invalid-value');
    assert.equal(finding.severity, 'error', `${workers} ${limit}`);
    assert.equal(textAt(files, finding.loc), text);
    assert.match(finding.message, message);
    const app = deployment(analysis, 'config/production.yaml#production');
    assert.deepEqual([app.total, app.peak], [null, null]);
    assert.deepEqual(codes(analysis), ['invalid-value'], 'nothing else is concluded from an unusable number');
  }
});

test('invalid-value on Compose replicas and Kubernetes replicas', () => {
  const compose = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: 1\n    deploy:\n      replicas: -1\n' };
  const finding = onlyFinding(analyze(compose), 'invalid-value');
  assert.equal(textAt(compose, finding.loc), '-1');
  assert.match(finding.message, /instance count cannot be negative/);
  const kube = {
    'k8s/api.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: api\nspec:\n  replicas: 2.5\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: APP_WORKERS\n              value: "1"\n',
  };
  const kubeFinding = onlyFinding(analyze(kube), 'invalid-value');
  assert.equal(where(kubeFinding.loc), 'k8s/api.yaml:6:13-6:16');
});

test('parse-error (info) for malformed YAML: its numbers are left out, other files are still analysed', () => {
  const files = {
    'docker-compose.yml': 'services:\n  app:\n    image: node\n   environment:\n      APP_WORKERS: 3\n',
    'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 5\n',
  };
  const analysis = analyze(files);
  const finding = onlyFinding(analysis, 'parse-error');
  assert.equal(finding.severity, 'info');
  assert.equal(finding.loc.file, 'docker-compose.yml');
  assert.equal(finding.loc.range.start.line, 3, 'on the line that breaks');
  assert.match(finding.message, /docker-compose\.yml cannot be parsed/);
  assert.match(finding.message, /numbers are left out/);
  assert.deepEqual(analysis.deployments.map((d) => [d.id, d.total]), [['config/production.yaml#production', 10]]);
});

test('invalid-pool-option and pool-in-primary (warnings) from code', () => {
  const files = {
    'package.json': '{}',
    'src/db.ts': [
      "import cluster from 'node:cluster';",
      "import mysql from 'mysql2';",
      'if (cluster.isPrimary) {',
      "  const pool = mysql.createPool({ host: 'db', connectionLimit: 5, acquireTimeout: 1000 });",
      '}',
      '',
    ].join('\n'),
  };
  const analysis = analyze(files);
  const option = onlyFinding(analysis, 'invalid-pool-option');
  assert.equal(option.severity, 'warning');
  assert.equal(textAt(files, option.loc), 'acquireTimeout');
  assert.match(option.message, /acquireTimeout is not a mysql2 pool option/);
  const primary = onlyFinding(analysis, 'pool-in-primary');
  assert.equal(primary.severity, 'warning');
  assert.equal(primary.loc.range.start.line, 3);
});

test('severities are configurable per code, and "off" drops a code', () => {
  const files = config(11, 11);
  const analysis = analyze(files, { severities: { 'over-budget': 'error', 'oversized-pool': 'off' } });
  assert.deepEqual(analysis.findings.map((f) => `${f.severity} ${f.code}`), ['error over-budget']);
  const hint = analyze(config(2, 1), { severities: { 'pool-of-one': 'hint' } });
  assert.deepEqual(hint.findings.map((f) => `${f.severity} ${f.code}`), ['hint pool-of-one']);
  const info = analyze(config('x', 5), { severities: { 'invalid-value': 'warning', 'parse-error': 'off' } });
  assert.deepEqual(info.findings.map((f) => `${f.severity} ${f.code}`), ['warning invalid-value']);
});

test('a severity setting does not change the numbers', () => {
  const quiet = analyze(config(4, 50), { severities: { 'over-max-connections': 'off', 'oversized-pool': 'off' } });
  assert.deepEqual(quiet.findings, []);
  assert.equal(quiet.servers[0].status, 'over-max-connections');
  assert.equal(quiet.servers[0].peak, 200);
});

test('findings are sorted by file and position', () => {
  const files = {
    'b/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 1\n',
    'a/docker-compose.yml': 'services:\n  app:\n    image: node\n    scale: 2\n    environment:\n      APP_WORKERS: ${W}\n    deploy:\n      replicas: 3\n',
  };
  const analysis = analyze(files);
  assert.deepEqual(
    analysis.findings.map((f) => `${f.loc.file}:${f.loc.range.start.line + 1} ${f.code}`),
    ['a/docker-compose.yml:4 replicas-conflict', 'a/docker-compose.yml:6 unresolved-value', 'b/production.yaml:3 pool-of-one'],
  );
});
