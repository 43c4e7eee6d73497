import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FolderReport, ReportResult, StatusParams } from '../../src-shared/protocol';
import { Session } from './session';

describe('report and status', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['docker-compose', 'kubernetes', 'cluster-app-antipatterns']);
  });
  after(() => session.close());

  const folder = (report: ReportResult, name: string): FolderReport => {
    const found = report.folders.find((candidate) => candidate.name === name);
    assert.ok(found, name);
    return found;
  };

  it('reports each workspace folder as the CLI does, plus links for the view', async () => {
    const report = await session.client.request<ReportResult>('connectionBudget/report', {});
    assert.deepEqual(report.folders.map((f) => f.name).sort(), ['cluster-app-antipatterns', 'docker-compose', 'kubernetes']);
    const compose = folder(report, 'docker-compose');
    assert.equal(compose.uri, session.folderUri('docker-compose'));
    const [server] = compose.json.servers;
    assert.deepEqual(
      { id: server.id, maxConnections: server.maxConnections, budget: server.budget, total: server.total, percent: server.percent, recommended: server.recommendedConnectionLimit },
      { id: 'db:3306', maxConnections: 151, budget: 120, total: 18, percent: 11.9, recommended: 20 },
    );
    const [deployment] = compose.json.deployments;
    assert.deepEqual(deployment.sources, {
      instances: { file: 'docker-compose.yml', line: 9 },
      workers: { file: 'docker-compose.yml', line: 6 },
      connectionLimit: { file: 'configurations/production.yaml', line: 4 },
    });
    const view = compose.deployments[0];
    assert.deepEqual(view.sources.connectionLimit, {
      uri: session.uri('docker-compose', 'configurations/production.yaml'),
      line: 3,
      label: 'configurations/production.yaml:4',
    });
    assert.equal(compose.servers[0].threshold, 80);
    assert.deepEqual(compose.servers[0].deployments, ['docker-compose.yml#app']);

    const kubernetes = folder(report, 'kubernetes');
    assert.deepEqual([kubernetes.deployments[0].peak, kubernetes.deployments[0].peakReasons.length], [56, 1]);
    const antipatterns = folder(report, 'cluster-app-antipatterns');
    assert.equal(antipatterns.findings.filter((f) => f.code === 'invalid-pool-option').length, 3);
    assert.equal(antipatterns.findings[0].link.uri, session.uri('cluster-app-antipatterns', 'src/db.ts'));
  });

  it('notifies the worst server after each analysis', async () => {
    // Folders are published as each finishes its first read; wait for all three.
    const status = await session.client.waitForNotification<StatusParams>('connectionBudget/status', 0, (params) => params.servers === 3);
    assert.deepEqual(status, {
      worst: { folder: 'cluster-app-antipatterns', id: 'localhost:3306', maxConnections: 151, budget: 120, peak: 200, peakPercent: 132.5, status: 'over-max-connections' },
      servers: 3,
    });
    const before = session.client.notifications.length;
    session.change('cluster-app-antipatterns', 'src/db.ts', session.text('cluster-app-antipatterns', 'src/db.ts').replace('connectionLimit: 50', 'connectionLimit: 5'));
    const after = await session.client.waitForNotification<StatusParams>('connectionBudget/status', before, (params) => params.worst?.id !== 'localhost:3306');
    assert.deepEqual(after.worst && [after.worst.folder, after.worst.id, after.worst.peak, after.worst.peakPercent, after.worst.status], ['kubernetes', 'mysql:3306', 56, 37.1, 'ok']);
  });

  it('re-reads the disk on refresh, for changes no watcher reported', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const file = path.join(session.root, 'docker-compose', 'docker-compose.yml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replicas: 3', 'replicas: 4'));
    assert.equal(await session.client.request('connectionBudget/refresh', {}), null);
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 4'), '= 24 conns · 15.9 % of 151');
  });
});
