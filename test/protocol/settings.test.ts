import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReportResult } from '../../src-shared/protocol';
import { endOf, Session } from './session';

const COMPOSE = 'docker-compose.yml';

describe('settings', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['docker-compose', 'single-server', 'cluster-app-antipatterns']);
  });
  after(() => session.close());

  it('asks the editor for the connectionBudget section of each workspace folder', async () => {
    const folders = ['docker-compose', 'single-server', 'cluster-app-antipatterns'];
    const asked = () =>
      session.client.serverRequests
        .filter((request) => request.method === 'workspace/configuration')
        .flatMap((request) => (request.params as { items: Array<{ scopeUri: string; section: string }> }).items);
    // One request per folder, in any order: wait until each folder has been asked.
    await session.client.waitFor(
      () => (folders.every((example) => asked().some((item) => item.section === 'connectionBudget' && item.scopeUri === session.folderUri(example))) ? true : undefined),
      'a workspace/configuration request for every folder',
    );
  });

  it('applies max connections live', async () => {
    session.changeSettings({ maxConnections: 500 });
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 18 conns · 3.6 % of 500');
    const text = session.text('docker-compose', COMPOSE);
    const hover = await session.hover('docker-compose', COMPOSE, endOf(text, 'replicas: '));
    assert.match(hover?.contents.value ?? '', /max_connections \*\*500\*\* \(from the setting `connectionBudget.maxConnections`\)/);
    assert.match(hover?.contents.value ?? '', /Recommended connectionLimit \*\*66\*\*/);
  });

  it('applies the threshold: the same peak goes over a smaller budget', async () => {
    session.changeSettings({ threshold: 10 });
    const diagnostics = await session.diagnostics('docker-compose', 'configurations/production.yaml', (list) => list.some((d) => d.code === 'over-budget'));
    assert.match(diagnostics.find((d) => d.code === 'over-budget')!.message, /11\.9 % of max_connections 151, over the 10 % budget of 15/);
    const text = session.text('docker-compose', COMPOSE);
    const hover = await session.hover('docker-compose', COMPOSE, endOf(text, 'replicas: '));
    assert.match(hover?.contents.value ?? '', /peak 18 is \*\*over\*\* the 10 % budget of 15/);
  });

  it('applies the assumed core count', async () => {
    session.changeSettings({ assumedCpuCores: 8 });
    assert.equal(await session.hintAfter('single-server', 'configurations/production.yaml', 'workers: -1'), '= 40 conns · 26.5 % of 151 · assumes 8 cores');
    await session.diagnostics('docker-compose', 'configurations/production.yaml', (list) => list.length === 0);
  });

  it('applies severities, and turns a code off', async () => {
    session.changeSettings({ severity: { 'invalid-pool-option': 'off', 'over-max-connections': 'hint' } });
    const diagnostics = await session.diagnostics('cluster-app-antipatterns', 'src/db.ts', (list) => !list.some((d) => d.code === 'invalid-pool-option'));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]).sort(), [['over-max-connections', 4], ['oversized-pool', 2]]);
  });

  it('leaves out excluded files', async () => {
    session.changeSettings({ exclude: ['configurations/**'] });
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= ? conns (connectionLimit unknown)');
    assert.deepEqual(await session.hints('single-server', 'configurations/production.yaml'), []);
    session.changeSettings({});
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 18 conns · 11.9 % of 151');
  });

  it('skips files over maxFileSize, and says so in the report', async () => {
    session.changeSettings({ maxFileSize: 100 });
    assert.deepEqual(await session.hints('docker-compose', COMPOSE), []);
    const report = await session.client.request<ReportResult>('connectionBudget/report', {});
    const compose = report.folders.find((folder) => folder.name === 'docker-compose')!;
    assert.match(compose.skipped.find((skipped) => skipped.link.label === COMPOSE)?.reason ?? '', /over connectionBudget\.maxFileSize/);
    session.changeSettings({});
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 18 conns · 11.9 % of 151');
  });

  it('takes live max_connections from the client, by host and port, over the setting, marked live', async () => {
    session.changeSettings({ maxConnections: 500 });
    const servers = [
      { host: 'db', port: 3306, maxConnections: 1000 },
      { host: 'localhost', port: 3306, maxConnections: 300 },
    ];
    session.client.notify('connectionBudget/setLiveServers', { servers });
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 18 conns · 1.8 % of 1000 live');
    assert.equal(await session.hintAfter('cluster-app-antipatterns', 'src/db.ts', 'connectionLimit: 50'), '= 200 conns · 66.7 % of 300 live');
    assert.equal(await session.hintAfter('single-server', 'configurations/production.yaml', 'workers: -1'), '= 20 conns · 4 % of 500 · assumes 4 cores', 'not queried');
    const text = session.text('docker-compose', COMPOSE);
    const hover = await session.hover('docker-compose', COMPOSE, endOf(text, 'replicas: '));
    assert.match(hover?.contents.value ?? '', /max_connections \*\*1000\*\* \(read from the live server\)/);
  });
});
