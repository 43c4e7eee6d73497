// SPEC §3: totals, peaks, budget, percentages, recommendation, max_connections sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, deployment, server } from './helpers/workspace';
import { onlyServer } from './helpers/facts';

function config(workers: number | string, limit: number | string, extra = ''): string {
  return `workers: ${workers}\ndatabase:\n${extra}  connectionLimit: ${limit}\n`;
}

/** A Compose file with app services `name: [replicas, workers, connectionLimit, host]`. */
function compose(services: Record<string, [number, number | string, number | string, string?]>, database = ''): string {
  const lines = ['services:'];
  for (const [name, [replicas, workers, limit, host]] of Object.entries(services)) {
    lines.push(
      `  ${name}:`,
      '    image: node:20',
      '    environment:',
      `      APP_WORKERS: "${workers}"`,
      `      APP_DATABASE__CONNECTIONLIMIT: "${limit}"`,
      ...(host ? [`      APP_DATABASE__HOST: ${host}`] : []),
      '    deploy:',
      `      replicas: ${replicas}`,
    );
  }
  return `${lines.join('\n')}\n${database}`;
}

test('seed: workers -1 with 4 assumed cores × 5 = 20 → 13.2 % of 151; budget floor(151 × 0.8) = 120', () => {
  const db = onlyServer(analyze({ 'config/production.yaml': config(-1, 5) }));
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.budget, db.total, db.peak, db.percent, db.peakPercent], [151, 'default', 120, 20, 20, 13.2, 13.2]);
  assert.equal(db.status, 'ok');
});

test('percent has one decimal: 200/151 = 132.5, 18/151 = 11.9, 40/151 = 26.5, 1/151 = 0.7', () => {
  for (const [workers, limit, percent] of [
    [4, 50, 132.5],
    [6, 3, 11.9],
    [4, 10, 26.5],
    [1, 1, 0.7],
  ] as const) {
    const db = onlyServer(analyze({ 'config/production.yaml': config(workers, limit) }));
    assert.equal(db.percent, percent, `${workers} × ${limit}`);
    assert.equal(db.peakPercent, percent);
  }
});

test('budget is floored and follows the threshold setting', () => {
  const files = { 'config/production.yaml': config(2, 5) };
  assert.equal(onlyServer(analyze(files)).budget, 120);
  assert.equal(onlyServer(analyze(files, { threshold: 75 })).budget, 113, 'floor(113.25)');
  assert.equal(onlyServer(analyze(files, { threshold: 50, maxConnections: 99 })).budget, 49, 'floor(49.5)');
  assert.equal(onlyServer(analyze(files, { threshold: 100 })).budget, 151);
  assert.equal(onlyServer(analyze(files, { threshold: 0 })).budget, 120, 'an invalid threshold is ignored');
  assert.equal(onlyServer(analyze(files, { threshold: 150 })).budget, 120, 'an invalid threshold is ignored');
});

test('recommended = max(2, floor(budget / Σ peakInstances × workers)); conservative = max(2, floor(recommended / 2))', () => {
  // 3 × 2 processes → floor(120 / 6) = 20, conservative 10 (the seed's Compose example).
  const seed = onlyServer(analyze({ 'docker-compose.yml': compose({ app: [3, 2, 3] }) }));
  assert.deepEqual([seed.total, seed.percent, seed.recommendedConnectionLimit, seed.conservativeConnectionLimit], [18, 11.9, 20, 10]);
  // 7 processes → floor(120 / 7) = 17, conservative 8.
  const seven = onlyServer(analyze({ 'docker-compose.yml': compose({ app: [7, 1, 3] }) }));
  assert.deepEqual([seven.recommendedConnectionLimit, seven.conservativeConnectionLimit], [17, 8]);
  // 100 processes → floor(1.2) = 1, raised to 2; conservative max(2, 1) = 2.
  const many = onlyServer(analyze({ 'docker-compose.yml': compose({ app: [50, 2, 3] }) }));
  assert.deepEqual([many.recommendedConnectionLimit, many.conservativeConnectionLimit], [2, 2]);
});

test('the recommendation counts peak instances (HPA max and surge), not the steady replicas', () => {
  const analysis = analyze({
    'k8s/api.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      'spec:',
      '  replicas: 5',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - name: APP_WORKERS',
      '              value: "1"',
      '            - name: APP_DATABASE__CONNECTIONLIMIT',
      '              value: "8"',
      '',
    ].join('\n'),
  });
  const db = onlyServer(analysis);
  assert.deepEqual([db.total, db.peak, db.percent, db.peakPercent], [40, 56, 26.5, 37.1]);
  assert.equal(db.recommendedConnectionLimit, 17, 'floor(120 / 7 peak pods)');
  assert.equal(db.conservativeConnectionLimit, 8);
});

test('several deployments on one server: totals and peaks are sums; processes are summed for the recommendation', () => {
  const analysis = analyze({ 'docker-compose.yml': compose({ a: [3, 2, 5, 'db'], b: [1, 1, 4, 'db'] }, '  db:\n    image: mysql:8\n') });
  const db = server(analysis, 'db:3306');
  assert.deepEqual(db.deployments, ['docker-compose.yml#a', 'docker-compose.yml#b']);
  assert.deepEqual([db.total, db.peak, db.percent], [34, 34, 22.5]);
  assert.deepEqual([db.recommendedConnectionLimit, db.conservativeConnectionLimit], [17, 8], 'floor(120 / (6 + 1))');
});

test('deployments in different files on one server are summed', () => {
  const analysis = analyze({
    'docker-compose.yml': compose({ a: [3, 2, 5, 'db'] }, '  db:\n    image: mysql:8\n    command: --max-connections=200\n'),
    'worker/docker-compose.yml': compose({ worker: [1, 4, 5, 'db'] }),
    'k8s/cron.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: cron',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: cron',
      '          env:',
      '            - name: APP_DATABASE__HOST',
      '              value: db',
      '            - name: APP_DATABASE__CONNECTIONLIMIT',
      '              value: "3"',
      '',
    ].join('\n'),
  });
  const db = server(analysis, 'db:3306');
  assert.deepEqual(db.deployments.sort(), ['docker-compose.yml#a', 'k8s/cron.yaml#cron', 'worker/docker-compose.yml#worker']);
  assert.deepEqual([db.maxConnections, db.budget, db.total, db.peak, db.percent], [200, 160, 30 + 20 + 6, 56, 28]);
  assert.equal(db.recommendedConnectionLimit, Math.floor(160 / (6 + 4 + 2)));
});

test('deployments on different servers are counted apart', () => {
  const analysis = analyze({ 'docker-compose.yml': compose({ a: [2, 2, 5, 'db1'], b: [1, 1, 4, 'db2'] }) });
  assert.deepEqual(analysis.servers.map((s) => [s.id, s.total]), [['db1:3306', 20], ['db2:3306', 4]]);
});

test('null propagation: one unknown factor makes the deployment and the server total null (status unknown)', () => {
  const analysis = analyze({ 'docker-compose.yml': compose({ a: [3, 2, 5, 'db'], b: [1, 1, '${MISSING}', 'db'] }) });
  const b = deployment(analysis, 'docker-compose.yml#b');
  assert.deepEqual([b.connectionLimit.value, b.total, b.peak], [null, null, null]);
  assert.equal(deployment(analysis, 'docker-compose.yml#a').total, 30, 'the known deployment keeps its numbers');
  const db = server(analysis, 'db:3306');
  assert.deepEqual([db.total, db.peak, db.percent, db.peakPercent, db.status], [null, null, null, null, 'unknown']);
  assert.equal(db.recommendedConnectionLimit, 17, 'processes are known, so the recommendation still is');
});

test('an unknown worker count makes the recommendation unknown too', () => {
  const analysis = analyze({ 'docker-compose.yml': compose({ a: [3, '${W}', 5] }) });
  const db = onlyServer(analysis);
  assert.deepEqual([db.total, db.recommendedConnectionLimit, db.conservativeConnectionLimit], [null, null, null]);
});

test('connectionLimit 0 (no limit in mysql2): total and peak null, unbounded-pool explains it', () => {
  const analysis = analyze({ 'config/production.yaml': config(2, 0) });
  const app = deployment(analysis, 'config/production.yaml#production');
  assert.equal(app.connectionLimit.value, 0);
  assert.deepEqual([app.total, app.peak], [null, null]);
  assert.equal(onlyServer(analysis).total, null);
  assert.deepEqual(analysis.findings.map((f) => f.code), ['unbounded-pool']);
});

test('settings.maxConnections replaces 151 (source setting) and budgets follow', () => {
  const db = onlyServer(analyze({ 'config/production.yaml': config(2, 5) }, { maxConnections: 500 }));
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.budget, db.percent, db.recommendedConnectionLimit], [500, 'setting', 400, 2, 200]);
  const invalid = onlyServer(analyze({ 'config/production.yaml': config(2, 5) }, { maxConnections: -3 }));
  assert.deepEqual([invalid.maxConnections, invalid.maxConnectionsSource], [151, 'default']);
});

test('a setting wins over --max-connections in the workspace', () => {
  const analysis = analyze({ 'docker-compose.yml': compose({ a: [1, 1, 5, 'db'] }, '  db:\n    image: mysql:8\n    command: --max-connections=300\n') }, { maxConnections: 90 });
  const db = server(analysis, 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource], [90, 'setting']);
});

test('settings.assumedCpuCores sizes workers -1 without a CPU limit', () => {
  const app = deployment(analyze({ 'config/production.yaml': config(-1, 5) }, { assumedCpuCores: 16 }), 'config/production.yaml#production');
  assert.deepEqual([app.workers.value, app.total], [16, 80]);
  assert.match(app.workers.assumption ?? '', /16 CPU cores assumed/);
});

test('a live server reading wins over everything (source database) for the matching host:port, case-insensitively', () => {
  const files = { 'docker-compose.yml': compose({ a: [3, 2, 5, 'db'] }, '  db:\n    image: mysql:8\n    command: --max-connections=300\n') };
  const db = server(analyze(files, { maxConnections: 40, live: [{ host: 'DB', port: 3306, maxConnections: 1000 }] }), 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.budget, db.percent], [1000, 'database', 800, 3]);
});

test('a live reading of another port does not apply when several servers exist', () => {
  const analysis = analyze(
    { 'docker-compose.yml': compose({ a: [1, 1, 5, 'db'], b: [1, 1, 5, 'other'] }) },
    { live: [{ host: 'db', port: 3307, maxConnections: 1000 }] },
  );
  assert.deepEqual(analysis.servers.map((s) => [s.id, s.maxConnections, s.maxConnectionsSource]), [
    ['db:3306', 151, 'default'],
    ['other:3306', 151, 'default'],
  ]);
});

test('a single live reading applies to the only server even when its name differs', () => {
  const db = onlyServer(analyze({ 'config/production.yaml': config(2, 5, '  host: x\n') }, { live: [{ host: 'elsewhere', port: 3306, maxConnections: 1000 }] }));
  assert.deepEqual([db.id, db.maxConnections, db.maxConnectionsSource], ['x:3306', 1000, 'database']);
});

test('with several live readings, a non-matching server keeps its own max_connections', () => {
  const analysis = analyze(
    { 'config/production.yaml': config(2, 5, '  host: x\n  port: 3307\n') },
    { live: [{ host: 'x', port: 3306, maxConnections: 1000 }, { host: 'y', port: 3306, maxConnections: 5 }] },
  );
  const db = onlyServer(analysis);
  assert.deepEqual([db.id, db.maxConnections, db.maxConnectionsSource], ['x:3307', 151, 'default']);
});

test('the server id is host:port, or "default" when the host is unknown', () => {
  assert.equal(onlyServer(analyze({ 'config/production.yaml': config(1, 5) })).id, 'default');
  assert.equal(onlyServer(analyze({ 'config/production.yaml': config(1, 5, '  host: db.internal\n') })).id, 'db.internal:3306');
  const withPort = onlyServer(analyze({ 'config/production.yaml': config(1, 5, '  host: db.internal\n  port: 3310\n') }));
  assert.deepEqual([withPort.id, withPort.host, withPort.port], ['db.internal:3310', 'db.internal', 3310]);
});

test('status: ok at the budget, over-budget above it, over-max-connections above max_connections (by the peak)', () => {
  const status = (workers: number, limit: number) => onlyServer(analyze({ 'config/production.yaml': config(workers, limit) })).status;
  assert.equal(status(12, 10), 'ok', '120 = budget');
  assert.equal(status(11, 11), 'over-budget', '121 > 120');
  assert.equal(status(151, 1), 'over-budget', '151 = max_connections is not over it');
  assert.equal(status(2, 76), 'over-max-connections', '152 > 151');
});
