import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { endOf, Session } from './session';

const COMPOSE = 'docker-compose.yml';

const BAD_BUFFERS: Array<[string, string, string]> = [
  ['malformed YAML', COMPOSE, 'services:\n  app:\n    deploy: [replicas: 3\n  - : : "unterminated\n\t  bad: indent\n'],
  ['binary bytes', 'src/db.ts', 'import mysql from "mysql2";\u0000\u0001\u0002\uFFFD createPool({ connectionLimit: \u0000 })'],
  ['a YAML alias bomb', 'configurations/production.yaml', `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\nworkers: *m\ndatabase: { connectionLimit: *m }\n`],
  ['deeply nested code', 'src/cluster.ts', `import cluster from 'node:cluster';\nconst n = ${'('.repeat(20000)}4${')'.repeat(20000)};\nfor (let i = 0; i < n; i++) cluster.fork();\n`],
  ['a buffer over maxFileSize', 'configurations/production.yaml', `database:\n  connectionLimit: 3\n# ${'x'.repeat(2 * 1024 * 1024)}\n`],
  ['a value of the wrong type', COMPOSE, 'services:\n  app:\n    build: .\n    environment:\n      APP_WORKERS: [2]\n    deploy:\n      replicas: three\n'],
];

describe('bad input', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['docker-compose', 'kubernetes']);
  });
  after(() => session.close());

  for (const [what, file, text] of BAD_BUFFERS) {
    it(`keeps answering after ${what}`, async () => {
      session.change('docker-compose', file, text);
      await session.hints('docker-compose', file);
      const compose = session.text('docker-compose', COMPOSE);
      const hover = await session.hover('docker-compose', COMPOSE, { line: compose.split('\n').length - 2, character: 4 });
      assert.ok(hover === null || typeof hover.contents.value === 'string');
      assert.equal(await session.hintAfter('kubernetes', 'k8s/deployment.yaml', 'replicas: 5'), '= 40 conns · 26.5 % of 151 · peak 56 (37.1 %)');
      assert.ok(session.client.alive, session.client.stderr);
      session.closeBuffer('docker-compose', file);
      assert.equal(await session.hintAfter('docker-compose', COMPOSE, 'replicas: 3'), '= 18 conns · 11.9 % of 151', 'back to the disk, no stale hint');
    });
  }

  it('reports malformed YAML as a parse-error on the file', async () => {
    session.change('docker-compose', COMPOSE, BAD_BUFFERS[0][2]);
    const diagnostics = await session.diagnostics('docker-compose', COMPOSE, (list) => list.some((d) => d.code === 'parse-error'));
    assert.equal(diagnostics.find((d) => d.code === 'parse-error')?.severity, 3);
    session.closeBuffer('docker-compose', COMPOSE);
  });

  it('answers nothing, without failing, for files outside the workspace folders and odd requests', async () => {
    const outside = { textDocument: { uri: 'file:///nowhere/docker-compose.yml' }, position: { line: 0, character: 0 } };
    assert.equal(await session.client.request('textDocument/hover', outside), null);
    assert.equal(await session.client.request('textDocument/hover', { ...outside, textDocument: { uri: 'untitled:Untitled-1' } }), null);
    assert.equal(await session.client.request('textDocument/hover', { textDocument: { uri: session.uri('docker-compose', COMPOSE) } }), null);
    await assert.rejects(session.client.request('connectionBudget/noSuchRequest', {}));
    session.client.notify('connectionBudget/setLiveServers', { servers: 'not a list' });
    session.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 2 }] });
    const compose = session.text('docker-compose', COMPOSE);
    const hover = await session.hover('docker-compose', COMPOSE, endOf(compose, 'replicas: '));
    assert.match(hover?.contents.value ?? '', /`3 × 2 × 3 = 18`/);
  });

  it('ends on shutdown and exit', async () => {
    const client = session.client;
    assert.equal(await client.request('shutdown'), null);
    client.notify('exit');
    assert.equal(await client.exited, 0);
  });
});
