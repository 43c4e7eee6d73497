import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from './lspClient';
import { applyTextEdits, endOf, Session, type CodeAction } from './session';

const AT_VALUE = (text: string, snippet: string) => {
  const end = endOf(text, snippet);
  return { start: end, end };
};

function titled(actions: CodeAction[], title: string): CodeAction {
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(action, `no action "${title}"; have ${actions.map((a) => a.title).join(', ')}`);
  return action;
}

describe('code actions', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['cluster-app-antipatterns', 'docker-compose', 'kubernetes']);
  });
  after(() => session.close());

  it('fixes the over-sized pool with the recommended limit, and the analysis then gives 4 × 30 = 120', async () => {
    const diagnostics = await session.diagnostics('cluster-app-antipatterns', 'src/db.ts');
    const onLimit = diagnostics.filter((d) => d.code === 'over-max-connections' || d.code === 'oversized-pool');
    const actions = await session.codeActions('cluster-app-antipatterns', 'src/db.ts', onLimit[0].range, onLimit);
    const recommended = titled(actions, 'Set connectionLimit to 30 (recommended)');
    assert.equal(recommended.kind, 'quickfix');
    assert.equal(recommended.isPreferred, true);
    assert.deepEqual(recommended.diagnostics?.map((d) => d.code).sort(), ['over-max-connections', 'oversized-pool']);
    assert.equal(actions.filter((a) => a.title.startsWith('Set connectionLimit to 30')).length, 1, 'offered once');
    assert.equal(titled(actions, 'Set connectionLimit to 15 (conservative)').kind, 'quickfix');

    session.applyEdit(recommended.edit!);
    assert.match(session.text('cluster-app-antipatterns', 'src/db.ts'), /connectionLimit: 30, \/\/ 4 workers/);
    assert.equal(await session.hintAfter('cluster-app-antipatterns', 'src/db.ts', 'connectionLimit: 30'), '= 120 conns · 79.5 % of 151');
    await session.diagnostics('cluster-app-antipatterns', 'src/db.ts', (list) => list.every((d) => d.code === 'invalid-pool-option'));
  });

  it('offers the conservative limit as a refactoring on any connectionLimit value: 4 × 15 = 60', async () => {
    const text = session.text('cluster-app-antipatterns', 'src/db.ts');
    const actions = await session.codeActions('cluster-app-antipatterns', 'src/db.ts', AT_VALUE(text, 'connectionLimit: 30'), [], ['refactor']);
    const conservative = titled(actions, 'Set connectionLimit to 15 (conservative)');
    assert.equal(conservative.kind, 'refactor.rewrite');
    assert.equal(actions.some((a) => a.title.includes('to 30')), false, 'the current value is not offered');
    session.applyEdit(conservative.edit!);
    assert.equal(await session.hintAfter('cluster-app-antipatterns', 'src/db.ts', 'connectionLimit: 15'), '= 60 conns · 39.7 % of 151');
  });

  it('removes an option mysql2 does not accept', async () => {
    const uri = session.uri('cluster-app-antipatterns', 'src/db.ts');
    const diagnostics = await session.diagnostics('cluster-app-antipatterns', 'src/db.ts');
    const acquire = diagnostics.find((d) => d.message.startsWith('acquireTimeout'))!;
    const actions = await session.codeActions('cluster-app-antipatterns', 'src/db.ts', acquire.range, [acquire], ['quickfix']);
    const remove = titled(actions, 'Remove acquireTimeout');
    assert.deepEqual(remove.diagnostics, [acquire]);
    session.applyEdit(remove.edit!);
    assert.doesNotMatch(session.text('cluster-app-antipatterns', 'src/db.ts'), /acquireTimeout/);
    const after = await session.client.waitForDiagnostics(uri, (list: Diagnostic[]) => list.length === 2);
    assert.deepEqual(after.map((d) => d.message.split(' ')[0]).sort(), ['reconnect', 'timeout']);
  });

  it('edits the config file from the code that reads it: 3 × 2 × 20 = 120', async () => {
    const text = session.text('docker-compose', 'src/db.ts');
    const actions = await session.codeActions('docker-compose', 'src/db.ts', AT_VALUE(text, "config.get<number>('database.connectionLimit')"));
    const recommended = titled(actions, 'Set connectionLimit to 20 (recommended)');
    assert.deepEqual(Object.keys(recommended.edit!.changes!), [session.uri('docker-compose', 'configurations/production.yaml')]);
    session.applyEdit(recommended.edit!);
    assert.match(session.text('docker-compose', 'configurations/production.yaml'), /connectionLimit: 20 {2}# 6 × 3 = 18 total connections/);
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 3'), '= 120 conns · 79.5 % of 151');
  });

  it('fixes a pool of one and an unbounded pool where the value lives', async () => {
    const file = 'configurations/production.yaml';
    for (const [written, code] of [['1', 'pool-of-one'], ['0', 'unbounded-pool']] as const) {
      session.change('docker-compose', file, session.text('docker-compose', file).replace(/connectionLimit: \d+/, `connectionLimit: ${written}`));
      const diagnostics = await session.diagnostics('docker-compose', file, (list) => list.some((d) => d.code === code));
      const finding = diagnostics.find((d) => d.code === code)!;
      const actions = await session.codeActions('docker-compose', file, finding.range, [finding], ['quickfix']);
      session.applyEdit(titled(actions, 'Set connectionLimit to 20 (recommended)').edit!);
      assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 3'), '= 120 conns · 79.5 % of 151', code);
    }
  });

  it('makes compose scale match deploy.replicas', async () => {
    const compose = session.text('docker-compose', 'docker-compose.yml').replace('    deploy:\n', '    scale: 2\n    deploy:\n');
    session.change('docker-compose', 'docker-compose.yml', compose);
    const diagnostics = await session.diagnostics('docker-compose', 'docker-compose.yml', (list) => list.some((d) => d.code === 'replicas-conflict'));
    const conflict = diagnostics.find((d) => d.code === 'replicas-conflict')!;
    const [fix] = await session.codeActions('docker-compose', 'docker-compose.yml', conflict.range, [conflict], ['quickfix']);
    assert.ok(fix?.edit, 'a fix for replicas-conflict');
    session.applyEdit(fix.edit);
    assert.match(session.text('docker-compose', 'docker-compose.yml'), /scale: 3\n/);
    await session.diagnostics('docker-compose', 'docker-compose.yml', (list) => list.length === 0);
  });

  it('rewrites the Kubernetes env value, keeping its quotes: 5 × 1 × 17 = 85, peak 119', async () => {
    const file = 'k8s/deployment.yaml';
    const text = session.text('kubernetes', file);
    const actions = await session.codeActions('kubernetes', file, AT_VALUE(text, 'value: "8"'), [], ['refactor.rewrite']);
    const recommended = titled(actions, 'Set connectionLimit to 17 (recommended)');
    // Applied on disk this time, as a file the editor does not have open; the watcher reports it.
    session.writeFile('kubernetes', file, applyTextEdits(text, recommended.edit!.changes![session.uri('kubernetes', file)]));
    assert.match(session.text('kubernetes', file), /value: "17" {2}# 5 pods/);
    assert.equal(await session.hintAfter('kubernetes', file, 'value: "17"'), '= 85 conns · 56.3 % of 151 · peak 119 (78.8 %)');
  });
});
