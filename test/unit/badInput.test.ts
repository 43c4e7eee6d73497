// SPEC §9: bad input gives a finding or a skipped file with a reason — never a crash, a hang or a stale number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_FILE_SIZE, readFileFacts } from '../../src-shared/fileFacts';
import type { Analysis } from '../../src-shared/types';
import { analyze, deployment, type Files } from './helpers/workspace';
import { codes, onlyFinding, textAt } from './helpers/facts';

const goodConfig = { 'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 5\n' };

/** Every bad input must end in numbers, a finding or a skip reason: this is what "never a throw" looks like. */
function analyzeSafely(files: Files): Analysis {
  let analysis: Analysis | undefined;
  assert.doesNotThrow(() => {
    analysis = analyze(files);
  });
  return analysis!;
}

test('malformed YAML: parse-error, the file\'s numbers left out, the other files still analysed', () => {
  const broken = { ...goodConfig, 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: "3\n' };
  const analysis = analyzeSafely(broken);
  const finding = onlyFinding(analysis, 'parse-error');
  assert.equal(finding.loc.file, 'docker-compose.yml');
  assert.deepEqual(analysis.deployments.map((d) => [d.id, d.total]), [['config/production.yaml#production', 10]]);
});

test('a malformed config: its numbers are left out rather than half-read', () => {
  const analysis = analyzeSafely({ 'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 5\n  host: [oops\n' });
  assert.deepEqual(analysis.deployments, []);
  assert.deepEqual(codes(analysis), ['parse-error']);
});

test('truncated YAML (cut in the middle of a flow map) is a parse-error', () => {
  const full = 'services:\n  app:\n    image: node\n    environment: {APP_WORKERS: 3, APP_DATABASE__CONNECTIONLIMIT: 4}\n';
  const analysis = analyzeSafely({ 'docker-compose.yml': full.slice(0, full.indexOf('APP_DATABASE')) });
  assert.deepEqual(codes(analysis), ['parse-error']);
  assert.deepEqual(analysis.deployments, []);
});

test('every truncation of a Compose file ends in numbers, a finding or nothing — never a throw', () => {
  const full = [
    'services:',
    '  app:',
    '    image: node:20',
    '    environment:',
    '      APP_WORKERS: 2',
    '      APP_DATABASE__CONNECTIONLIMIT: "${POOL:-3}"',
    '    deploy:',
    '      replicas: 3',
    '      resources:',
    '        limits:',
    "          cpus: '2.0'",
    '  db:',
    '    image: mysql:8',
    '    command: ["--max-connections=200"]',
    '',
  ].join('\n');
  for (let cut = 0; cut <= full.length; cut += 3) {
    const analysis = analyzeSafely({ 'docker-compose.yml': full.slice(0, cut) });
    for (const d of analysis.deployments) {
      for (const value of [d.total, d.peak]) assert.ok(value === null || Number.isInteger(value), `cut at ${cut}`);
    }
  }
  const whole = deployment(analyze({ 'docker-compose.yml': full }), 'docker-compose.yml#app');
  assert.equal(whole.total, 18);
});

test('a multi-document manifest with one broken document: the others still count, the broken one is reported', () => {
  const files = {
    'k8s/all.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: cm',
      'data:',
      '  X: [',
      '---',
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
      '            - name: APP_DATABASE__CONNECTIONLIMIT',
      '              value: "4"',
      '',
    ].join('\n'),
  };
  const analysis = analyzeSafely(files);
  assert.equal(deployment(analysis, 'k8s/all.yaml#api').total, 8);
  assert.deepEqual(codes(analysis), ['parse-error']);
});

test('a YAML alias bomb (billion laughs) is analysed without expanding it', () => {
  const letters = 'abcdefghijklm';
  const bomb = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < letters.length; i++) bomb.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(',')}]`);
  // Expanded, l12 would hold 10^13 strings; read naively, this never finishes.
  const compose = [
    'x-bomb:',
    ...bomb.map((line) => `  ${line}`),
    '  all: *l12',
    'services:',
    '  app:',
    '    image: node:20',
    '    environment:',
    '      APP_WORKERS: 2',
    '      APP_DATABASE__CONNECTIONLIMIT: 3',
    '    labels: *l12',
    '',
  ].join('\n');
  const analysis = analyzeSafely({ 'docker-compose.yml': compose });
  assert.equal(deployment(analysis, 'docker-compose.yml#app').total, 6);

  const config = `${bomb.join('\n')}\nworkers: *l12\ndatabase:\n  connectionLimit: 5\n`;
  const bombed = analyzeSafely({ 'config/production.yaml': config });
  const app = deployment(bombed, 'config/production.yaml#production');
  assert.equal(app.workers.value, null, 'a list is no worker count');
  assert.equal(onlyFinding(bombed, 'invalid-value').severity, 'error');
});

test('a self-referencing alias does not loop', () => {
  const analysis = analyzeSafely({ 'config/production.yaml': 'workers: &a [*a]\ndatabase:\n  connectionLimit: 5\n' });
  assert.equal(deployment(analysis, 'config/production.yaml#production').workers.value, null);
  assert.deepEqual(codes(analysis), ['invalid-value']);
});

test('deeply nested YAML is a parse-error, not a stack overflow', () => {
  const analysis = analyzeSafely({ 'config/production.yaml': `workers: ${'['.repeat(5000)}${']'.repeat(5000)}\n` });
  assert.deepEqual(codes(analysis), ['parse-error']);
  assert.deepEqual(analysis.deployments, []);
});

test('a 50 MB file is skipped with a reason naming connectionBudget.maxFileSize; the rest is analysed', () => {
  const huge = `workers: 2\n${'# padding padding padding padding padding padding\n'.repeat(Math.ceil((50 * 1024 * 1024) / 50))}`;
  assert.ok(huge.length >= 50 * 1024 * 1024);
  const analysis = analyzeSafely({ 'big/production.yaml': huge, 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: 3\n' });
  assert.equal(analysis.skipped.length, 1);
  assert.equal(analysis.skipped[0].file, 'big/production.yaml');
  assert.match(analysis.skipped[0].reason, /connectionBudget\.maxFileSize/);
  assert.match(analysis.skipped[0].reason, /50\.0 MB/);
  assert.deepEqual(analysis.deployments.map((d) => [d.id, d.total]), [['docker-compose.yml#app', 30]]);
  assert.deepEqual(analysis.findings, []);
});

test('maxFileSize is 1 MB by default and configurable in readFileFacts', () => {
  assert.equal(DEFAULT_MAX_FILE_SIZE, 1024 * 1024);
  const text = `workers: 2\n${'#'.repeat(2000)}\n`;
  assert.match(readFileFacts('config/production.yaml', text, 1000).skipped ?? '', /over connectionBudget\.maxFileSize \(1 KB\)/);
  assert.equal(readFileFacts('config/production.yaml', text, 10_000).skipped, undefined);
  assert.equal(readFileFacts('config/production.yaml', text, 10_000).config?.values.workers?.text, '2');
});

test('binary bytes (NUL) are skipped as binary, in YAML, .env, .cnf and code', () => {
  const files = {
    'config/production.yaml': 'workers: 2\u0000\u0001\ndatabase:\n  connectionLimit: 5\n',
    '.env': 'APP_WORKERS=2\u0000',
    'my.cnf': '[mysqld]\u0000\nmax_connections = 300\n',
    'src/db.ts': 'const x = 1;\u0000',
  };
  const analysis = analyzeSafely(files);
  assert.deepEqual(analysis.skipped.map((s) => [s.file, s.reason]).sort(), [
    ['.env', 'skipped: binary content'],
    ['config/production.yaml', 'skipped: binary content'],
    ['my.cnf', 'skipped: binary content'],
    ['src/db.ts', 'skipped: binary content'],
  ]);
  assert.deepEqual(analysis.deployments, []);
});

test('a BOM at the start changes nothing: same numbers and the same line and column', () => {
  const files = { 'config/production.yaml': '\uFEFFworkers: 2\ndatabase:\n  connectionLimit: 1\n' };
  const analysis = analyzeSafely(files);
  const app = deployment(analysis, 'config/production.yaml#production');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [2, 1, 2]);
  const finding = onlyFinding(analysis, 'pool-of-one');
  assert.equal(textAt(files, finding.loc), '1');
  const cnf = analyzeSafely({ ...goodConfig, 'my.cnf': '\uFEFF[mysqld]\nmax_connections = 300\n' });
  assert.equal(cnf.servers[0].maxConnections, 300);
  const dotenv = {
    'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: ${WORKERS}\n',
    '.env': '\uFEFFWORKERS=3\n',
  };
  const fromDotenv = deployment(analyzeSafely(dotenv), 'docker-compose.yml#app');
  assert.equal(fromDotenv.workers.value, 3);
  assert.equal(textAt(dotenv, fromDotenv.workers.source!.edit!), '3');
});

test('a Helm template is skipped with a reason', () => {
  const analysis = analyzeSafely({ 'chart/templates/deployment.yaml': 'kind: Deployment\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  replicas: {{ .Values.replicas }}\n' });
  assert.match(analysis.skipped[0]?.reason ?? '', /template/);
  assert.deepEqual(analysis.deployments, []);
});

test('wrong types: replicas: [1, 2] in Compose → invalid-value on it, numbers null', () => {
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: 2\n    deploy:\n      replicas: [1, 2]\n' };
  const analysis = analyzeSafely(files);
  const app = deployment(analysis, 'docker-compose.yml#app');
  assert.deepEqual([app.instances.value, app.total], [null, null]);
  const finding = onlyFinding(analysis, 'invalid-value');
  assert.equal(textAt(files, finding.loc), '[1, 2]');
  assert.match(finding.message, /not an instance count/);
});

test('wrong types: scale: {a: 1} in Compose → invalid-value', () => {
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    scale: {a: 1}\n    environment:\n      APP_WORKERS: 2\n' };
  const analysis = analyzeSafely(files);
  assert.equal(deployment(analysis, 'docker-compose.yml#app').instances.value, null);
  assert.equal(textAt(files, onlyFinding(analysis, 'invalid-value').loc), '{a: 1}');
});

test('wrong types: spec.replicas: [1, 2] in Kubernetes → invalid-value', () => {
  const files = {
    'k8s/api.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: api\nspec:\n  replicas: [1, 2]\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: APP_WORKERS\n              value: "2"\n',
  };
  const analysis = analyzeSafely(files);
  assert.deepEqual([deployment(analysis, 'k8s/api.yaml#api').instances.value, deployment(analysis, 'k8s/api.yaml#api').peak], [null, null]);
  assert.equal(textAt(files, onlyFinding(analysis, 'invalid-value').loc), '[1, 2]');
});

test('wrong types: workers: {a: 1} (flow and block) and connectionLimit: [1, 2] in a config → invalid-value, not a silent default', () => {
  const flow = { 'config/production.yaml': 'workers: {a: 1}\ndatabase:\n  connectionLimit: 5\n' };
  const first = analyzeSafely(flow);
  assert.equal(deployment(first, 'config/production.yaml#production').workers.value, null);
  const finding = onlyFinding(first, 'invalid-value');
  assert.equal(textAt(flow, finding.loc), '{a: 1}');
  assert.match(finding.message, /worker count/);

  const block = { 'config/production.yaml': 'workers:\n  a: 1\ndatabase:\n  connectionLimit: 5\n' };
  assert.equal(deployment(analyzeSafely(block), 'config/production.yaml#production').workers.value, null);

  const limit = { 'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: [1, 2]\n' };
  const third = analyzeSafely(limit);
  const app = deployment(third, 'config/production.yaml#production');
  assert.deepEqual([app.connectionLimit.value, app.total], [null, null]);
  assert.match(onlyFinding(third, 'invalid-value').message, /connectionLimit/);
});

test('wrong types: connectionLimit: "lots" → invalid-value', () => {
  const files = { 'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: "lots"\n' };
  const analysis = analyzeSafely(files);
  assert.equal(deployment(analysis, 'config/production.yaml#production').connectionLimit.value, null);
  assert.match(onlyFinding(analysis, 'invalid-value').message, /"lots" is not a number/);
});

test('wrong types: true, a date, a binary tag → invalid-value', () => {
  for (const value of ['true', '2024-01-01', '!!binary aGVsbG8=']) {
    const analysis = analyzeSafely({ 'config/production.yaml': `workers: ${value}\n` });
    assert.equal(deployment(analysis, 'config/production.yaml#production').workers.value, null, value);
    assert.deepEqual(codes(analysis), ['invalid-value'], value);
  }
});

test('wrong types in the env: a list as an env value is reported, not counted', () => {
  const analysis = analyzeSafely({ 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: [2]\n' });
  assert.equal(deployment(analysis, 'docker-compose.yml#app').workers.value, null);
  assert.equal(analysis.findings.length, 1);
  assert.equal(analysis.findings[0].loc.range.start.line, 4, 'on the APP_WORKERS line');
});

test('odd shapes are ignored quietly rather than crashing', () => {
  const shapes = [
    '',
    '---\n---\n',
    '[]',
    '"just a string"',
    'services: 5',
    'services:\n  app: 5\n',
    'services:\n  app:\n    image: node\n    environment: 5\n',
    'services:\n  app:\n    image: node\n    environment:\n      - 5\n      - {a: 1}\n',
    'services:\n  db:\n    image: mysql\n    command: {a: 1}\n    volumes: ./x\n',
    'services:\n  app:\n    build: .\n    env_file: {path: 5}\n',
    'services:\n  app:\n    <<: *nope\n',
    'kind: Deployment\n',
    'kind: Deployment\nmetadata:\n  name: x\nspec: []\n',
    'spec:\n  containers: 5\n',
    'kind: ConfigMap\nmetadata:\n  name: c\ndata: [1, 2]\n',
    'kind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef: api\n  maxReplicas: [3]\n',
    'workers:\ndatabase:\n',
    '1: 2\nworkers: 3\n',
  ];
  for (const text of shapes) {
    for (const file of ['config/production.yaml', 'docker-compose.yml', 'k8s/x.yaml']) analyzeSafely({ [file]: text });
  }
  const weirdEnv = analyzeSafely({ '.env': '=\n==\nexport\n"unterminated=\nAPP_WORKERS\n', 'my.cnf': '[mysqld\nmax_connections\n= 3\n[mysqld]\nmax_connections = many\n' });
  assert.deepEqual(weirdEnv.deployments, []);
  assert.deepEqual(weirdEnv.servers, []);
});

test('a file that becomes valid again is read fresh: no stale numbers carry over', () => {
  const broken = analyzeSafely({ 'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: [5\n' });
  assert.deepEqual(broken.deployments, []);
  const fixed = analyzeSafely({ 'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 6\n' });
  assert.equal(deployment(fixed, 'config/production.yaml#production').total, 12);
  assert.deepEqual(fixed.findings, []);
});
