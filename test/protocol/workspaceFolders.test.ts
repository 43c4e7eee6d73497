import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXAMPLES_DIR, Session } from './session';

describe('workspace folders', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['cluster-app-antipatterns'], (root) =>
      fs.cpSync(path.join(EXAMPLES_DIR, 'kubernetes'), path.join(root, 'kubernetes'), { recursive: true }),
    );
  });
  after(() => session.close());

  it('analyses a folder added to the workspace', async () => {
    assert.deepEqual(await session.hints('kubernetes', 'k8s/deployment.yaml'), [], 'not a workspace folder yet');
    session.client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: session.folderUri('kubernetes'), name: 'kubernetes' }], removed: [] },
    });
    assert.equal(await session.hintAfter('kubernetes', 'k8s/deployment.yaml', 'replicas: 5'), '= 40 conns · 26.5 % of 151 · peak 56 (37.1 %)');
  });

  it('withdraws the diagnostics of a removed folder', async () => {
    const uri = session.uri('cluster-app-antipatterns', 'src/db.ts');
    await session.client.waitForDiagnostics(uri, (list) => list.length === 5);
    session.client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: session.folderUri('cluster-app-antipatterns'), name: 'cluster-app-antipatterns' }] },
    });
    await session.client.waitForDiagnostics(uri, (list) => list.length === 0);
    assert.deepEqual(await session.hints('cluster-app-antipatterns', 'src/db.ts'), []);
  });
});
