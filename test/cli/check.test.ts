import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';

test('check prints the seed numbers for the Compose example as an aligned table', () => {
  const result = runCli(['check', 'examples/docker-compose']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Server db:3306 {2}max_connections 151 \(MySQL default\) · budget 120/);
  assert.match(result.stdout, /total 18 \(11\.9 %\) · peak 18 \(11\.9 %\) · within budget/);
  assert.match(result.stdout, /recommended connectionLimit 20 \(conservative 10\)/);
  assert.match(result.stdout, /\n {2}app +compose +3 +2 +3 +18 +18\n/);
  assert.doesNotMatch(result.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
});

test('check --json prints exactly the documented fields', () => {
  const result = runCli(['check', 'examples/docker-compose', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(report).sort(), ['deployments', 'findings', 'servers', 'skipped']);
  const [server] = report.servers;
  assert.deepEqual(
    {
      id: server.id,
      maxConnections: server.maxConnections,
      maxConnectionsSource: server.maxConnectionsSource,
      budget: server.budget,
      total: server.total,
      peak: server.peak,
      percent: server.percent,
      peakPercent: server.peakPercent,
      recommendedConnectionLimit: server.recommendedConnectionLimit,
      deployments: server.deployments,
    },
    {
      id: 'db:3306',
      maxConnections: 151,
      maxConnectionsSource: 'default',
      budget: 120,
      total: 18,
      peak: 18,
      percent: 11.9,
      peakPercent: 11.9,
      recommendedConnectionLimit: 20,
      deployments: ['docker-compose.yml#app'],
    },
  );
  const [app] = report.deployments;
  assert.deepEqual(
    [app.id, app.name, app.kind, app.file, app.line, app.server, app.instances, app.peakInstances, app.workers, app.connectionLimit, app.total, app.peak],
    ['docker-compose.yml#app', 'app', 'compose', 'docker-compose.yml', 3, 'db:3306', 3, 3, 2, 3, 18, 18],
  );
  assert.deepEqual(app.sources, {
    instances: { file: 'docker-compose.yml', line: 9 },
    workers: { file: 'docker-compose.yml', line: 6 },
    connectionLimit: { file: 'configurations/production.yaml', line: 4 },
  });
  assert.deepEqual(report.findings, []);
});

test('check --json on the Kubernetes example gives 40 with a rollout peak of 56', () => {
  const report = JSON.parse(runCli(['check', 'examples/kubernetes', '--json']).stdout);
  const [api] = report.deployments;
  assert.deepEqual([api.total, api.peak, api.peakInstances], [40, 56, 7]);
  assert.deepEqual([report.servers[0].percent, report.servers[0].peakPercent], [26.5, 37.1]);
});

test('the anti-patterns example exits 1 with over-max-connections, and 0 with --fail-on never', () => {
  const failing = runCli(['check', 'examples/cluster-app-antipatterns', '--json']);
  assert.equal(failing.status, 1);
  const report = JSON.parse(failing.stdout);
  const finding = report.findings.find((candidate: { code: string }) => candidate.code === 'over-max-connections');
  assert.deepEqual([finding.severity, finding.file, finding.line, finding.column], ['error', 'src/db.ts', 6, 20]);
  assert.match(finding.message, /200/);
  assert.equal(runCli(['check', 'examples/cluster-app-antipatterns', '--fail-on', 'never']).status, 0);
});

test('--fail-on warning fails on warnings that the default lets through', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-cli-'));
  writeFileSync(path.join(dir, 'production.yaml'), 'workers: 2\ndatabase:\n  connectionLimit: 1\n');
  assert.equal(runCli(['check', dir]).status, 0);
  const strict = runCli(['check', dir, '--fail-on', 'warning']);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /warning +pool-of-one +production\.yaml:3:20/);
});

test('flags change the numbers: --max-connections, --threshold, --cores, --env', () => {
  const json = (args: string[]) => JSON.parse(runCli(['check', ...args, '--json']).stdout);
  const withMax = json(['examples/docker-compose', '--max-connections', '500']).servers[0];
  assert.deepEqual([withMax.maxConnections, withMax.maxConnectionsSource, withMax.percent, withMax.budget], [500, 'setting', 3.6, 400]);
  assert.equal(json(['examples/docker-compose', '--threshold', '50']).servers[0].budget, 75);
  assert.equal(json(['examples/single-server', '--cores', '8']).deployments[0].total, 40);
  const development = json(['examples/single-server', '--env', 'default']).deployments[0];
  assert.deepEqual([development.workers, development.connectionLimit, development.server], [2, 10, 'localhost:3306']);
});

test('--sarif prints SARIF 2.1.0 with one rule per finding code', () => {
  const result = runCli(['check', 'examples/cluster-app-antipatterns', '--sarif']);
  const sarif = JSON.parse(result.stdout);
  assert.equal(sarif.version, '2.1.0');
  const [run] = sarif.runs;
  assert.equal(run.tool.driver.rules.length, 12);
  assert.equal(new Set(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).size, 12);
  const result0 = run.results.find((entry: { ruleId: string }) => entry.ruleId === 'over-max-connections');
  assert.equal(result0.level, 'error');
  assert.equal(run.tool.driver.rules[result0.ruleIndex].id, 'over-max-connections');
  assert.deepEqual(result0.locations[0].physicalLocation.artifactLocation.uri, 'src/db.ts');
  assert.equal(result0.locations[0].physicalLocation.region.startLine, 6);
});

test('bad usage and unreadable paths exit 2 with one clear line', () => {
  for (const args of [['check', '--threshold', 'abc'], ['check', '--bogus'], ['frobnicate'], ['check', 'a', 'b'], ['check', '--max-connections', '-3']]) {
    const result = runCli(args);
    assert.equal(result.status, 2, `${args.join(' ')} → ${result.status}`);
    assert.match(result.stderr.split('\n')[0], /^connection-budget: /);
  }
  const missing = runCli(['check', path.join(tmpdir(), 'no-such-folder-connection-budget')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /is not a readable folder/);
});

test('a workspace of broken files still reports, with the reasons', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-cli-bad-'));
  mkdirSync(path.join(dir, 'k8s'));
  writeFileSync(path.join(dir, 'k8s/broken.yaml'), 'kind: Deployment\nspec:\n  replicas: [1,\n');
  writeFileSync(path.join(dir, 'blob.yaml'), Buffer.from([0x77, 0x6f, 0x72, 0x6b, 0x65, 0x72, 0x73, 0x00, 0xff]));
  writeFileSync(path.join(dir, 'production.yaml'), 'workers: 2\ndatabase:\n  connectionLimit: 5\n');
  const result = runCli(['check', dir, '--json']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.deployments[0].total, 10);
  assert.ok(report.findings.some((finding: { code: string; file: string }) => finding.code === 'parse-error' && finding.file === 'k8s/broken.yaml'));
  assert.deepEqual(report.skipped, [{ file: 'blob.yaml', reason: 'skipped: binary content' }]);
});
