// SPEC §5: "Set connectionLimit to N" fixes edit where the effective value lives and keep the file's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionLimitFixes } from '../../src-shared/fixes';
import type { FindingCode, Fix } from '../../src-shared/types';
import { analyze, deployment, sourceLine, type Files } from './helpers/workspace';
import { applyFix, codes, fixTitled, onlyFinding, onlyServer } from './helpers/facts';

/**
 * Takes the finding's fix, checks its title and edits, applies it, and checks the result:
 * the deployment's connectionLimit is the promised one, read from the edited place.
 */
function applyAndCheck(files: Files, code: FindingCode, label: 'recommended' | 'conservative', id: string) {
  const finding = onlyFinding(analyze(files), code);
  const fix: Fix = fixTitled(finding, new RegExp(`\\(${label}\\)`));
  assert.match(fix.title, new RegExp(`^Set connectionLimit to ${fix.connectionLimit} \\(${label}\\)$`));
  assert.equal(fix.edits.length, 1);
  const result = applyFix(files, fix);
  const app = deployment(result.analysis, id);
  assert.equal(app.connectionLimit.value, fix.connectionLimit, 'the promised connectionLimit');
  return { fix, edit: fix.edits[0], ...result, app };
}

/** The lines of `after` that differ from `before`. */
function changedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  return after.split('\n').filter((line, i) => line !== old[i]);
}

test('config file: the recommended fix sets the value in place, keeps the comment, and the server is back within budget', () => {
  const files = { 'config/production.yaml': 'workers: 4\ndatabase:\n  host: db  # the db\n  connectionLimit: 50  # per worker\n' };
  const { fix, edit, files: fixed, analysis, app } = applyAndCheck(files, 'over-max-connections', 'recommended', 'config/production.yaml#production');
  assert.equal(fix.connectionLimit, 30, 'floor(120 / 4)');
  assert.equal(fix.isPreferred, true);
  assert.equal(edit.file, 'config/production.yaml');
  assert.deepEqual(changedLines(files['config/production.yaml'], fixed['config/production.yaml']), ['  connectionLimit: 30  # per worker']);
  assert.equal(app.total, 120);
  assert.equal(onlyServer(analysis).status, 'ok');
  assert.deepEqual(codes(analysis), []);
});

test('the conservative fix halves the recommendation', () => {
  const files = { 'config/production.yaml': 'workers: 4\ndatabase:\n  connectionLimit: 50\n' };
  const { fix, analysis, app } = applyAndCheck(files, 'over-max-connections', 'conservative', 'config/production.yaml#production');
  assert.equal(fix.connectionLimit, 15);
  assert.equal(fix.isPreferred, false);
  assert.equal(app.total, 60);
  assert.equal(onlyServer(analysis).status, 'ok');
});

test('over-budget, oversized-pool, pool-of-one and unbounded-pool all offer the fix, and it brings the server within budget', () => {
  const cases: Array<[string, FindingCode, number]> = [
    ['workers: 11\ndatabase:\n  connectionLimit: 11\n', 'over-budget', 10],
    ['workers: 11\ndatabase:\n  connectionLimit: 11\n', 'oversized-pool', 10],
    ['workers: 4\ndatabase:\n  connectionLimit: 1\n', 'pool-of-one', 30],
    ['workers: 4\ndatabase:\n  connectionLimit: 0\n', 'unbounded-pool', 30],
  ];
  for (const [text, code, limit] of cases) {
    const files = { 'config/production.yaml': text };
    const { fix, analysis } = applyAndCheck(files, code, 'recommended', 'config/production.yaml#production');
    assert.equal(fix.connectionLimit, limit, code);
    const server = onlyServer(analysis);
    assert.equal(server.status, 'ok', code);
    assert.ok(server.peak! <= server.budget, code);
  }
});

test('a fix that equals the current value is not offered', () => {
  // 21 × 3 = 63 processes × 2 = 126 > 120; recommended max(2, floor(120 / 63)) = 2 is the value already (conservative too).
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: 3\n      APP_DATABASE__CONNECTIONLIMIT: 2\n    deploy:\n      replicas: 21\n' };
  const finding = onlyFinding(analyze(files), 'over-budget');
  assert.deepEqual(finding.fixes, []);
});

test('Compose environment override: the env value is edited, not the config file; the quotes and comment stay', () => {
  const files = {
    'config/production.yaml': 'workers: 4\ndatabase:\n  connectionLimit: 5\n',
    'docker-compose.yml': 'services:\n  app:\n    build: .\n    environment:\n      APP_DATABASE__CONNECTIONLIMIT: "40"   # big pool\n',
  };
  const { edit, files: fixed, analysis, app } = applyAndCheck(files, 'over-max-connections', 'recommended', 'docker-compose.yml#app');
  assert.equal(edit.file, 'docker-compose.yml');
  assert.equal(fixed['config/production.yaml'], files['config/production.yaml']);
  assert.deepEqual(changedLines(files['docker-compose.yml'], fixed['docker-compose.yml']), ['      APP_DATABASE__CONNECTIONLIMIT: "30"   # big pool']);
  assert.equal(sourceLine(app.connectionLimit), 'docker-compose.yml:5');
  assert.equal(onlyServer(analysis).status, 'ok');
});

test('Compose list environment: only the text after = changes', () => {
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      - APP_WORKERS=4\n      - "APP_DATABASE__CONNECTIONLIMIT=40"\n' };
  const { files: fixed } = applyAndCheck(files, 'over-max-connections', 'recommended', 'docker-compose.yml#app');
  assert.deepEqual(changedLines(files['docker-compose.yml'], fixed['docker-compose.yml']), ['      - "APP_DATABASE__CONNECTIONLIMIT=30"']);
});

test('Compose env_file: the env file entry is edited', () => {
  const files = {
    'docker-compose.yml': 'services:\n  app:\n    image: node\n    env_file: app.env\n',
    'app.env': 'APP_WORKERS=4\nAPP_DATABASE__CONNECTIONLIMIT=40 # big\n',
  };
  const { edit, files: fixed } = applyAndCheck(files, 'over-max-connections', 'recommended', 'docker-compose.yml#app');
  assert.equal(edit.file, 'app.env');
  assert.equal(fixed['app.env'], 'APP_WORKERS=4\nAPP_DATABASE__CONNECTIONLIMIT=30 # big\n');
});

test('interpolation from .env: the .env entry is edited (its quotes kept), not the compose reference', () => {
  const files = {
    'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: 4\n      APP_DATABASE__CONNECTIONLIMIT: ${POOL}\n',
    '.env': '# pool size\nPOOL="40" # big\n',
  };
  const { edit, files: fixed, app } = applyAndCheck(files, 'over-max-connections', 'recommended', 'docker-compose.yml#app');
  assert.equal(edit.file, '.env');
  assert.equal(fixed['docker-compose.yml'], files['docker-compose.yml']);
  assert.equal(fixed['.env'], '# pool size\nPOOL="30" # big\n');
  assert.equal(sourceLine(app.connectionLimit), '.env:2');
});

test('${VAR:-default} with VAR unset: the default inside the compose text is edited', () => {
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: 4\n      APP_DATABASE__CONNECTIONLIMIT: "${POOL:-40}"  # default\n' };
  const { files: fixed } = applyAndCheck(files, 'over-max-connections', 'recommended', 'docker-compose.yml#app');
  assert.deepEqual(changedLines(files['docker-compose.yml'], fixed['docker-compose.yml']), ['      APP_DATABASE__CONNECTIONLIMIT: "${POOL:-30}"  # default']);
});

test('a value read through an alias is rewritten at the alias, in the anchor\'s quotes: the anchor and its other users keep their value', () => {
  const files = {
    'docker-compose.yml': [
      'x-pool: &pool "40"',
      'services:',
      '  a:',
      '    image: node',
      '    environment:',
      '      APP_WORKERS: &workers 4',
      '      APP_DATABASE__CONNECTIONLIMIT: *pool',
      '  b:',
      '    image: node',
      '    environment:',
      '      APP_WORKERS: *workers',
      '      APP_DATABASE__CONNECTIONLIMIT: *pool',
      '',
    ].join('\n'),
  };
  const analysis = analyze(files);
  const onA = analysis.findings.find((finding) => finding.code === 'over-max-connections' && finding.deployments?.includes('docker-compose.yml#a'));
  assert.deepEqual(onA?.deployments, ['docker-compose.yml#a'], 'each alias is its own place, with its own finding');
  const fix = fixTitled(onA!, /\(recommended\)/);
  const { files: fixed, analysis: after } = applyFix(files, fix);
  assert.deepEqual(changedLines(files['docker-compose.yml'], fixed['docker-compose.yml']), [`      APP_DATABASE__CONNECTIONLIMIT: "${fix.connectionLimit}"`]);
  const [a, b] = ['docker-compose.yml#a', 'docker-compose.yml#b'].map((id) => deployment(after, id));
  assert.deepEqual([a.workers.value, a.connectionLimit.value], [4, fix.connectionLimit]);
  assert.deepEqual([b.workers.value, b.connectionLimit.value], [4, 40], 'b still reads the anchor');
});

test('a ${VAR:-default} read through an alias: no fix, since the default can only be edited at the anchor', () => {
  const files = {
    'docker-compose.yml': 'x-pool: &pool ${POOL:-40}\nservices:\n  app:\n    image: node\n    environment:\n      APP_WORKERS: 4\n      APP_DATABASE__CONNECTIONLIMIT: *pool\n',
  };
  const analysis = analyze(files);
  assert.equal(deployment(analysis, 'docker-compose.yml#app').connectionLimit.value, 40);
  assert.deepEqual(onlyFinding(analysis, 'over-max-connections').fixes, []);
});

test('a database: that aliases a null: the fix replaces the alias, not the anchored null', () => {
  const files = { 'config/production.yaml': 'none: &none ~\nworkers: 20\ndatabase: *none\n' };
  const { files: fixed } = applyAndCheck(files, 'over-max-connections', 'recommended', 'config/production.yaml#production');
  assert.equal(fixed['config/production.yaml'], 'none: &none ~\nworkers: 20\ndatabase: \n  connectionLimit: 6\n');
});

test('Kubernetes env value: the value is edited with its quotes and comment', () => {
  const files = {
    'k8s/api.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: api',
      'spec:',
      '  replicas: 4',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - name: APP_DATABASE__CONNECTIONLIMIT',
      '              value: "40"  # forty',
      '',
    ].join('\n'),
    'config/production.yaml': 'workers: 1\ndatabase:\n  connectionLimit: 5\n',
  };
  const { files: fixed, analysis } = applyAndCheck(files, 'over-max-connections', 'recommended', 'k8s/api.yaml#api');
  assert.deepEqual(changedLines(files['k8s/api.yaml'], fixed['k8s/api.yaml']), ['              value: "30"  # forty']);
  assert.equal(fixed['config/production.yaml'], files['config/production.yaml']);
  assert.equal(onlyServer(analysis).status, 'ok');
});

test('Kubernetes env from a ConfigMap: the ConfigMap value is edited', () => {
  const files = {
    'k8s/api.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: api',
      'spec:',
      '  replicas: 4',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          envFrom:',
      '            - configMapRef:',
      '                name: api-config',
      '          env:',
      '            - name: APP_WORKERS',
      '              valueFrom:',
      '                configMapKeyRef:',
      '                  name: api-config',
      '                  key: workers',
      '',
    ].join('\n'),
    'k8s/configmap.yaml': "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  workers: '1'\n  APP_DATABASE__CONNECTIONLIMIT: '40'\n",
  };
  const { edit, files: fixed } = applyAndCheck(files, 'over-max-connections', 'recommended', 'k8s/api.yaml#api');
  assert.equal(edit.file, 'k8s/configmap.yaml');
  assert.equal(fixed['k8s/api.yaml'], files['k8s/api.yaml']);
  assert.deepEqual(changedLines(files['k8s/configmap.yaml'], fixed['k8s/configmap.yaml']), ["  APP_DATABASE__CONNECTIONLIMIT: '30'"]);
});

test('a value in the base file: the base file is edited (that is where the value lives)', () => {
  const files = {
    'config/default.yaml': 'database:\n  connectionLimit: 50\n',
    'config/production.yaml': 'workers: 4\n',
  };
  const { edit } = applyAndCheck(files, 'over-max-connections', 'recommended', 'config/production.yaml#production');
  assert.equal(edit.file, 'config/default.yaml');
});

test('quotes are kept: "8" → "17", \'8\' → \'17\'', () => {
  for (const quote of ['"', "'"]) {
    const files = {
      'docker-compose.yml': `services:\n  app:\n    image: node\n    environment:\n      APP_DATABASE__CONNECTIONLIMIT: ${quote}8${quote}\n    deploy:\n      replicas: 7\n`,
      'config/production.yaml': 'workers: 2\n',
    };
    // 7 × 2 × 8 = 112 ≤ 120: no budget finding. Make the budget smaller so there is one.
    const finding = onlyFinding(analyze(files, { maxConnections: 130 }), 'over-budget');
    const fix = fixTitled(finding, /recommended/);
    assert.equal(fix.connectionLimit, 7, 'floor(104 / 14)');
    const conservative = fixTitled(finding, /conservative/);
    assert.equal(conservative.connectionLimit, 3);
    const fixed = applyFix(files, fix, { maxConnections: 130 });
    assert.match(fixed.files['docker-compose.yml'], new RegExp(`APP_DATABASE__CONNECTIONLIMIT: ${quote}7${quote}\\n`));
    assert.deepEqual(codes(fixed.analysis), []);
  }
  const files = { 'config/production.yaml': 'workers: 40\ndatabase:\n  connectionLimit: "8"\n' };
  const fixed = applyFix(files, fixTitled(onlyFinding(analyze(files), 'over-max-connections'), /recommended/));
  assert.equal(fixed.files['config/production.yaml'], 'workers: 40\ndatabase:\n  connectionLimit: "3"\n');
});

test('a two-digit value becomes a one-digit value and back without touching its neighbours', () => {
  const files = { 'config/production.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 1 # tiny\n  host: db\n' };
  const { files: fixed } = applyAndCheck(files, 'pool-of-one', 'recommended', 'config/production.yaml#production');
  assert.equal(fixed['config/production.yaml'], 'workers: 2\ndatabase:\n  connectionLimit: 60 # tiny\n  host: db\n');
});

test('a config without connectionLimit: the fix inserts it under the existing database: map, indented like its keys', () => {
  const files = { 'config/production.yaml': 'workers: 20\ndatabase:\n    host: db  # the db\n    port: 3306\nlogging: info\n' };
  const { files: fixed, analysis, app } = applyAndCheck(files, 'over-max-connections', 'recommended', 'config/production.yaml#production');
  assert.equal(fixed['config/production.yaml'], 'workers: 20\ndatabase:\n    host: db  # the db\n    port: 3306\n    connectionLimit: 6\nlogging: info\n');
  assert.equal(sourceLine(app.connectionLimit), 'config/production.yaml:5');
  assert.equal(onlyServer(analysis).status, 'ok');
});

test('a config without a database: map: the fix adds one at the end', () => {
  for (const text of ['workers: 20\n', 'workers: 20']) {
    const files = { 'config/production.yaml': text };
    const { files: fixed, analysis } = applyAndCheck(files, 'over-max-connections', 'recommended', 'config/production.yaml#production');
    assert.equal(fixed['config/production.yaml'], 'workers: 20\ndatabase:\n  connectionLimit: 6\n');
    assert.equal(onlyServer(analysis).status, 'ok');
  }
});

test('a config whose database is a plain string or whose top level is a flow map: no fix, rather than a broken file', () => {
  for (const text of ['workers: 20\ndatabase: mydb\n', '{workers: 20}\n']) {
    const analysis = analyze({ 'config/production.yaml': text });
    const finding = onlyFinding(analysis, 'over-max-connections');
    assert.deepEqual(finding.fixes, [], text);
  }
});

test('a config whose database: has no value or is a flow map: the fix puts connectionLimit inside it, not a second database key', () => {
  const cases: Array<[string, string]> = [
    ['workers: 20\ndatabase:\n', 'workers: 20\ndatabase:\n  connectionLimit: 6\n'],
    ['workers: 20\ndatabase:  # to do\nlogging: info\n', 'workers: 20\ndatabase:  # to do\n  connectionLimit: 6\nlogging: info\n'],
    ['workers: 20\ndatabase: {host: db}\n', 'workers: 20\ndatabase: {host: db, connectionLimit: 6}\n'],
    ['workers: 20\ndatabase: {}\n', 'workers: 20\ndatabase: {connectionLimit: 6}\n'],
    ['workers: 20\ndatabase: ~  # none yet\n', 'workers: 20\ndatabase: \n  connectionLimit: 6  # none yet\n'],
  ];
  for (const [text, expected] of cases) {
    const files = { 'config/production.yaml': text };
    const { files: fixed, analysis } = applyAndCheck(files, 'over-max-connections', 'recommended', 'config/production.yaml#production');
    assert.equal(fixed['config/production.yaml'], expected);
    assert.equal(onlyServer(analysis).status, 'ok');
  }
});

test('the env override lacks nothing: with no config value and no override, the fix goes into the config', () => {
  const files = {
    'config/production.yaml': 'workers: 4\ndatabase:\n  host: db\n',
    'docker-compose.yml': 'services:\n  app:\n    build: .\n    deploy:\n      replicas: 5\n',
  };
  const { edit, files: fixed, analysis } = applyAndCheck(files, 'over-max-connections', 'recommended', 'docker-compose.yml#app');
  assert.equal(edit.file, 'config/production.yaml');
  assert.equal(fixed['config/production.yaml'], 'workers: 4\ndatabase:\n  host: db\n  connectionLimit: 6\n');
  assert.equal(onlyServer(analysis).status, 'ok');
});

test('CRLF files: the replacement keeps CRLF; an insertion uses CRLF', () => {
  const replace = { 'config/production.yaml': 'workers: 4\r\ndatabase:\r\n  connectionLimit: 50\r\n' };
  assert.equal(applyAndCheck(replace, 'over-max-connections', 'recommended', 'config/production.yaml#production').files['config/production.yaml'], 'workers: 4\r\ndatabase:\r\n  connectionLimit: 30\r\n');

  const insertUnder = { 'config/production.yaml': 'workers: 20\r\ndatabase:\r\n  host: db\r\n' };
  assert.equal(applyAndCheck(insertUnder, 'over-max-connections', 'recommended', 'config/production.yaml#production').files['config/production.yaml'], 'workers: 20\r\ndatabase:\r\n  host: db\r\n  connectionLimit: 6\r\n');

  const insertNew = { 'config/production.yaml': 'workers: 20\r\n' };
  assert.equal(applyAndCheck(insertNew, 'over-max-connections', 'recommended', 'config/production.yaml#production').files['config/production.yaml'], 'workers: 20\r\ndatabase:\r\n  connectionLimit: 6\r\n');
});

test('replicas-conflict fix rewrites scale only', () => {
  const files = { 'docker-compose.yml': 'services:\n  app:\n    image: node\n    scale: "4"\n    environment:\n      APP_WORKERS: 1\n    deploy:\n      replicas: 3\n' };
  const finding = onlyFinding(analyze(files), 'replicas-conflict');
  const fixed = applyFix(files, finding.fixes[0]);
  assert.equal(fixed.files['docker-compose.yml'], files['docker-compose.yml'].replace('scale: "4"', 'scale: "3"'));
  assert.deepEqual(codes(fixed.analysis), []);
});

test('the fix recommendation accounts for every deployment on the server', () => {
  const files: Files = {
    'docker-compose.yml': [
      'services:',
      '  a:',
      '    image: node',
      '    environment:',
      '      APP_DATABASE__HOST: db',
      '      APP_WORKERS: 4',
      '      APP_DATABASE__CONNECTIONLIMIT: 21',
      '  b:',
      '    image: node',
      '    environment:',
      '      APP_DATABASE__HOST: db',
      '      APP_WORKERS: 2',
      '      APP_DATABASE__CONNECTIONLIMIT: 21',
      '  db:',
      '    image: mysql:8',
      '',
    ].join('\n'),
  };
  // 6 processes × 21 = 126 > 120: over budget on both values; floor(120 / 6) = 20 for each.
  const findings = analyze(files).findings.filter((f) => f.code === 'over-budget');
  assert.deepEqual(findings.map((f) => f.deployments), [['docker-compose.yml#a'], ['docker-compose.yml#b']]);
  let current = files;
  for (const finding of findings) {
    const fix = fixTitled(finding, /recommended/);
    assert.equal(fix.connectionLimit, 20);
    current = applyFix(current, fix).files;
  }
  const db = onlyServer(analyze(current));
  assert.equal(db.status, 'ok');
  assert.equal(db.peak, 120);
});

test('a pool size the code makes undefined or NaN (mysql2 then takes 10): the fix goes where a number sets it', () => {
  const config = 'workers: 2\ndatabase:\n  host: db\n';
  const pool = (limit: string) => `import mysql from 'mysql2';\nimport config from 'config';\nexport const pool = mysql.createPool({ connectionLimit: ${limit} });\n`;
  const cases = [
    // The config's missing key, read by the code: into the config.
    { limit: "Number(config.get('database.connectionLimit'))", file: 'config/production.yaml', after: `${config}  connectionLimit: 60\n` },
    // The one written value the code converts: there, not into a config the code does not read.
    { limit: "parseInt(process.env.DB_POOL_SIZE || 'ten')", file: 'src/db.ts', after: pool("parseInt(process.env.DB_POOL_SIZE || '60')") },
    // Computed from it: the whole expression.
    { limit: "Math.max(2, parseInt(process.env.DB_POOL_SIZE || 'ten'))", file: 'src/db.ts', after: pool('60') },
  ];
  for (const { limit, file, after } of cases) {
    const files = { 'package.json': '{"name":"app"}', 'config/production.yaml': config, 'src/db.ts': pool(limit) };
    const analysis = analyze(files);
    const app = deployment(analysis, 'config/production.yaml#production');
    assert.equal(app.connectionLimit.value, 10, limit);
    const [fix] = connectionLimitFixes(app.connectionLimit, onlyServer(analysis));
    assert.deepEqual([fix.title, fix.edits.map((edit) => edit.file)], ['Set connectionLimit to 60 (recommended)', [file]], limit);
    const fixed = applyFix(files, fix);
    assert.equal(fixed.files[file], after, limit);
    assert.equal(deployment(fixed.analysis, 'config/production.yaml#production').connectionLimit.value, 60, limit);
  }
});
