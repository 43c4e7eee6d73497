// Reopening a workspace: the server keeps each folder's read facts between sessions (in the user's
// cache folder) and parses only what changed; what the editor shows is the same as from a fresh read.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { serverCacheHome } from './lspClient';
import { Session, type InlayHint } from './session';

const FILES: Array<[string, string]> = [
  ['docker-compose', 'docker-compose.yml'],
  ['docker-compose', 'configurations/production.yaml'],
  ['docker-compose', 'src/db.ts'],
  ['kubernetes', 'k8s/deployment.yaml'],
  ['cluster-app-antipatterns', 'src/index.ts'],
  ['cluster-app-antipatterns', 'src/db.ts'],
];

async function everything(session: Session): Promise<Array<{ file: string; hints: InlayHint[] }>> {
  return Promise.all(FILES.map(async ([folder, file]) => ({ file: `${folder}/${file}`, hints: await session.hints(folder, file) })));
}

describe('reopening a workspace', () => {
  let session: Session;
  after(() => session.close());

  it('shows the same hints and diagnostics, parsing only files that hold a credential', async () => {
    session = await Session.start(['docker-compose', 'kubernetes', 'cluster-app-antipatterns'], (root) =>
      fs.writeFileSync(path.join(root, 'docker-compose/.env'), 'DB_PASSWORD=hunter2\n'),
    );
    assert.ok(fs.existsSync(path.join(session.root, 'cluster-app-antipatterns/src/db.ts')), 'the fixture file exists');
    const before = await everything(session);
    assert.ok(before.every(({ hints }) => hints.length > 0), 'every file has hints');
    const diagnostics = await session.diagnostics('cluster-app-antipatterns', 'src/db.ts', (found) => found.length > 0);
    assert.match(await session.keptFactsLine('kubernetes'), /: 0 files' facts kept from the last session, \d+ parsed$/);
    // A small folder's code is parsed on the server's own thread (largeWorkspace.test.ts has the other case).
    assert.match(await session.keptFactsLine('cluster-app-antipatterns'), /: 0 files' facts kept from the last session, \d+ parsed$/);

    session = await session.reopen();
    assert.deepEqual(await everything(session), before);
    assert.deepEqual(await session.diagnostics('cluster-app-antipatterns', 'src/db.ts', (found) => found.length > 0), diagnostics);
    assert.match(await session.keptFactsLine('kubernetes'), /: [1-9]\d* files' facts kept from the last session, 0 parsed$/);
    // The .env holds a password: its facts are never written, so it is parsed on every start.
    assert.match(await session.keptFactsLine('docker-compose'), /: [1-9]\d* files' facts kept from the last session, 1 parsed$/);
    const cacheDir = path.join(serverCacheHome(), 'connection-budget', 'facts');
    const written = fs.readdirSync(cacheDir).map((name) => fs.readFileSync(path.join(cacheDir, name), 'latin1'));
    assert.ok(written.length >= 3, 'a cache file per folder');
    assert.ok(written.every((text) => !text.includes('hunter2')), 'no cache file holds the password');
  });

  it('reads a file changed while the editor was closed', async () => {
    const deployment = path.join(session.root, 'kubernetes/k8s/deployment.yaml');
    // Not reported to this server: a change made outside the editor.
    fs.writeFileSync(deployment, fs.readFileSync(deployment, 'utf8').replace('replicas: 5', 'replicas: 6'));
    session = await session.reopen();
    assert.equal(await session.hintAfter('kubernetes', 'k8s/deployment.yaml', 'replicas: 6'), '= 48 conns · 31.8 % of 151 · peak 64 (42.4 %)');
    assert.match(await session.keptFactsLine('kubernetes'), /: [1-9]\d* files' facts kept from the last session, 1 parsed$/);
  });
});
