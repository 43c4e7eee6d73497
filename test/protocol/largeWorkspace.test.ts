import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Session } from './session';

const EXTRA_FILES = 300;

describe('a large workspace', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['docker-compose'], (root) => {
      const src = path.join(root, 'docker-compose', 'src', 'generated');
      fs.mkdirSync(src, { recursive: true });
      for (let i = 0; i < EXTRA_FILES; i++) fs.writeFileSync(path.join(src, `module-${i}.ts`), `export const value${i} = ${i};\n`);
    });
  });
  after(() => session.close());

  it('reports its first read as work-done progress, begun and ended', async () => {
    const create = await session.client.waitForServerRequest('window/workDoneProgress/create');
    const token = (create.params as { token: string | number }).token;
    type Progress = { token: string | number; value: { kind: string; title?: string } };
    const ofToken = (kind: string) => (params: Progress) => params.token === token && params.value.kind === kind;
    const begin = await session.client.waitForNotification<Progress>('$/progress', 0, ofToken('begin'));
    assert.match(begin.value.title ?? '', /Connection Budget: reading docker-compose/);
    await session.client.waitForNotification<Progress>('$/progress', 0, ofToken('end'));
  });

  it('answers with the same numbers', async () => {
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 3'), '= 18 conns · 11.9 % of 151');
  });
});
