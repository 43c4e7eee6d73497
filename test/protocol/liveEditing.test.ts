import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Session } from './session';

const CONFIG = 'configurations/production.yaml';
const COMPOSE = 'docker-compose.yml';

describe('live editing', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['docker-compose', 'kubernetes']);
  });
  after(() => session.close());

  it('registers file watchers for every file kind the analysis reads', async () => {
    const registration = await session.client.waitForServerRequest('client/registerCapability');
    const { registrations } = registration.params as { registrations: Array<{ method: string; registerOptions: { watchers: Array<{ globPattern: string }> } }> };
    const watchers = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')?.registerOptions.watchers.map((w) => w.globPattern);
    assert.deepEqual(watchers, ['**/*.{yaml,yml,ts,tsx,js,jsx,mjs,cjs,mts,cts,cnf,env}', '**/.env*', '**/package.json']);
  });

  it('shows an unsaved config change in the compose file, and asks the editor to refresh its hints', async () => {
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 18 conns · 11.9 % of 151');
    // Every folder's first analysis (and the refresh it asks for) is out before the edit.
    await session.client.waitForNotification('connectionBudget/status', 0, (status: { servers: number }) => status.servers === 2);
    const refreshes = session.client.serverRequests.length;
    session.change('docker-compose', CONFIG, session.text('docker-compose', CONFIG).replace('connectionLimit: 3', 'connectionLimit: 5'));
    // Asked right away: the change is analysed before the answer, not after a delay.
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 30 conns · 19.9 % of 151');
    await session.client.waitForServerRequest('workspace/inlayHint/refresh', refreshes);
  });

  it('keeps the buffer over the disk while it is open, and goes back to the disk when it closes unsaved', async () => {
    session.writeFile('docker-compose', CONFIG, session.diskText('docker-compose', CONFIG).replace('connectionLimit: 3', 'connectionLimit: 7'));
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 30 conns · 19.9 % of 151', 'the buffer says 5');
    session.closeBuffer('docker-compose', CONFIG);
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 42 conns · 27.8 % of 151', 'the disk says 7');
  });

  it('reads a file changed on disk, and forgets a deleted folder', async () => {
    session.writeFile('docker-compose', CONFIG, session.diskText('docker-compose', CONFIG).replace('connectionLimit: 7', 'connectionLimit: 4'));
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 24 conns · 15.9 % of 151');
    session.remove('docker-compose', 'configurations');
    // The code still reads database.connectionLimit from a config that is gone: unknown, not guessed.
    assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= ? conns (connectionLimit unknown)');
  });

  it('answers with the last text of a burst of edits', async () => {
    const file = 'k8s/deployment.yaml';
    const text = session.text('kubernetes', file);
    for (const replicas of [6, 7, 8, 9]) session.change('kubernetes', file, text.replace('replicas: 5', `replicas: ${replicas}`));
    assert.equal(await session.hintAfter('kubernetes', file, 'replicas: 9'), '= 72 conns · 47.7 % of 151 · peak 96 (63.6 %)');
  });
});
