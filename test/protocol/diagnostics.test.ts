import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from './lspClient';
import { endOf, Session } from './session';

function summary(diagnostics: Diagnostic[]) {
  return diagnostics
    .map((d) => ({ code: d.code, severity: d.severity, source: d.source, range: d.range }))
    .sort((a, b) => a.range.start.line - b.range.start.line || String(a.code).localeCompare(String(b.code)));
}

function rangeOf(text: string, snippet: string, from = '') {
  const end = endOf(text, snippet, from);
  return { start: { line: end.line, character: end.character - snippet.length }, end };
}

describe('diagnostics', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['cluster-app-antipatterns', 'docker-compose']);
  });
  after(() => session.close());

  it('publishes every finding of the anti-patterns example on the value it is about', async () => {
    const text = session.text('cluster-app-antipatterns', 'src/db.ts');
    const diagnostics = await session.diagnostics('cluster-app-antipatterns', 'src/db.ts');
    const limit = rangeOf(text, '50');
    assert.deepEqual(summary(diagnostics), [
      { code: 'over-max-connections', severity: 1, source: 'connection-budget', range: limit },
      { code: 'oversized-pool', severity: 2, source: 'connection-budget', range: limit },
      { code: 'invalid-pool-option', severity: 2, source: 'connection-budget', range: rangeOf(text, 'acquireTimeout') },
      { code: 'invalid-pool-option', severity: 2, source: 'connection-budget', range: rangeOf(text, 'timeout', 'acquireTimeout: 60000') },
      { code: 'invalid-pool-option', severity: 2, source: 'connection-budget', range: rangeOf(text, 'reconnect') },
    ]);
    const overMax = diagnostics.find((d) => d.code === 'over-max-connections');
    assert.match(overMax!.message, /Peak 200 connections to localhost:3306 exceed its max_connections 151 \(132\.5 %\)/);
  });

  it('publishes nothing for a workspace within its budget', async () => {
    // Both folders analysed and published: one server each.
    await session.client.waitForNotification('connectionBudget/status', 0, (status: { servers: number }) => status.servers === 2);
    assert.equal(session.client.latestDiagnostics(session.uri('docker-compose', 'docker-compose.yml')), undefined);
  });

  it('follows unsaved edits, and clears what an edit fixed', async () => {
    const uri = session.uri('docker-compose', 'configurations/production.yaml');
    session.change('docker-compose', 'configurations/production.yaml', session.text('docker-compose', 'configurations/production.yaml').replace('connectionLimit: 3', 'connectionLimit: 1'));
    const poolOfOne = await session.client.waitForDiagnostics(uri, (list) => list.some((d) => d.code === 'pool-of-one'));
    assert.equal(poolOfOne.find((d) => d.code === 'pool-of-one')?.severity, 2);
    session.change('docker-compose', 'configurations/production.yaml', session.text('docker-compose', 'configurations/production.yaml').replace('connectionLimit: 1', 'connectionLimit: 3'));
    await session.client.waitForDiagnostics(uri, (list) => list.length === 0);
  });

  it('republishes only the files whose diagnostics changed', async () => {
    const composeUri = session.uri('docker-compose', 'docker-compose.yml');
    const configUri = session.uri('docker-compose', 'configurations/production.yaml');
    const compose = session.text('docker-compose', 'docker-compose.yml');
    session.change('docker-compose', 'docker-compose.yml', compose.replace('    deploy:\n', '    scale: 2\n    deploy:\n'));
    const conflict = await session.client.waitForDiagnostics(composeUri, (list) => list.some((d) => d.code === 'replicas-conflict'));
    assert.equal(conflict.find((d) => d.code === 'replicas-conflict')?.severity, 1);

    const before = session.client.notifications.length;
    session.change('docker-compose', 'configurations/production.yaml', session.text('docker-compose', 'configurations/production.yaml').replace('connectionLimit: 3', 'connectionLimit: 1'));
    await session.client.waitForDiagnostics(configUri, (list) => list.some((d) => d.code === 'pool-of-one'));
    // The status goes out after all diagnostics of the same analysis.
    const configPublished = session.client.lastNotificationIndex('textDocument/publishDiagnostics');
    await session.client.waitForNotification('connectionBudget/status', configPublished);
    const published = session.client.notifications
      .slice(before)
      .filter((n) => n.method === 'textDocument/publishDiagnostics')
      .map((n) => (n.params as { uri: string }).uri);
    assert.deepEqual(published, [configUri]);
  });
});
