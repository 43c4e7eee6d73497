import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, deployment, exampleFiles, server, sourceLine } from './helpers/workspace';

test('single server: workers -1 with 4 assumed cores × connectionLimit 5 = 20 (13.2 %)', () => {
  const analysis = analyze(exampleFiles('single-server'));
  const app = deployment(analysis, 'configurations/production.yaml#production');
  assert.equal(app.kind, 'config');
  assert.equal(app.instances.value, 1);
  assert.equal(app.workers.value, 4);
  assert.match(app.workers.assumption ?? '', /4 CPU cores assumed/);
  assert.equal(sourceLine(app.workers), 'configurations/production.yaml:2');
  assert.equal(app.connectionLimit.value, 5);
  assert.equal(app.total, 20);
  const db = server(analysis, 'db.production.com:3306');
  assert.equal(db.percent, 13.2);
  assert.equal(db.maxConnectionsSource, 'default');
});

test('Docker Compose: 3 replicas × APP_WORKERS 2 × connectionLimit 3 = 18 (11.9 %)', () => {
  const analysis = analyze(exampleFiles('docker-compose'));
  const app = deployment(analysis, 'docker-compose.yml#app');
  assert.equal(app.kind, 'compose');
  assert.equal(app.loc.range.start.line + 1, 3);
  assert.equal(app.server, 'db:3306');
  assert.deepEqual([app.instances.value, app.workers.value, app.connectionLimit.value, app.total], [3, 2, 3, 18]);
  assert.equal(sourceLine(app.instances), 'docker-compose.yml:9');
  assert.equal(sourceLine(app.workers), 'docker-compose.yml:6');
  assert.equal(sourceLine(app.connectionLimit), 'configurations/production.yaml:4');
  const db = server(analysis, 'db:3306');
  assert.deepEqual([db.total, db.percent, db.budget, db.recommendedConnectionLimit], [18, 11.9, 120, 20]);
  assert.equal(analysis.deployments.length, 1, 'db and cache are not app deployments');
});

test('Kubernetes: 5 replicas × APP_WORKERS=1 × APP_DATABASE__CONNECTIONLIMIT=8 = 40, rollout peak 56', () => {
  const analysis = analyze(exampleFiles('kubernetes'));
  const api = deployment(analysis, 'k8s/deployment.yaml#api');
  assert.equal(api.kind, 'kubernetes');
  assert.equal(api.server, 'mysql:3306');
  assert.deepEqual([api.instances.value, api.workers.value, api.connectionLimit.value, api.total], [5, 1, 8, 40]);
  assert.equal(api.peakInstances, 7);
  assert.equal(api.peak, 56);
  const mysql = server(analysis, 'mysql:3306');
  assert.deepEqual([mysql.percent, mysql.peakPercent], [26.5, 37.1]);
});

test('cluster app with the anti-patterns: 4 workers × 50 = 200 (132.5 %, error)', () => {
  const analysis = analyze(exampleFiles('cluster-app-antipatterns'));
  const [app] = analysis.deployments;
  assert.equal(app.kind, 'code');
  assert.deepEqual([app.instances.value, app.workers.value, app.connectionLimit.value, app.total], [1, 4, 50, 200]);
  const local = server(analysis, 'localhost:3306');
  assert.equal(local.percent, 132.5);
  assert.equal(local.status, 'over-max-connections');
  const codes = analysis.findings.map((finding) => `${finding.severity} ${finding.code}`);
  assert.ok(codes.includes('error over-max-connections'));
  assert.ok(codes.includes('warning oversized-pool'));
  assert.equal(analysis.findings.filter((finding) => finding.code === 'invalid-pool-option').length, 3);
});

test('cluster app with a correct pool: 4 workers × 10 from env fallbacks = 40 (26.5 %)', () => {
  const analysis = analyze(exampleFiles('cluster-app'));
  const [app] = analysis.deployments;
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [4, 10, 40]);
  assert.equal(sourceLine(app.connectionLimit), 'src/db.ts:8');
  assert.equal(server(analysis, 'localhost:3306').percent, 26.5);
  assert.deepEqual(analysis.findings.map((finding) => finding.code), []);
});
