import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { manyPackageFiles } from '../workspaces/manyPackages';
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

  it('parses its 300 code files on the server thread: a thread of their own would cost more than it saves', async () => {
    assert.match(await session.keptFactsLine('docker-compose'), /: 0 files' facts kept from the last session, 3\d\d parsed$/);
  });
});

describe('a workspace of 50,000 files', () => {
  const FOLDER = 'monorepo';
  const COMPOSE = 'services/s0/docker-compose.yml';
  let session: Session;
  before(async () => {
    session = await Session.start([FOLDER], (root) => {
      for (const [file, text] of Object.entries(manyPackageFiles(5_000))) {
        const target = path.join(root, FOLDER, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
      }
    });
  });
  after(() => session.close());

  it('answers cancelled requests while it reads, then the hints, in bounded memory', async (t) => {
    session.open(FOLDER, COMPOSE);
    const progress = session.client.waitForNotification<{ value: { kind: string; title?: string } }>('$/progress', 0, (p) => p.value.kind === 'begin');
    let hintsAnswered = false;
    const hints = session.hints(FOLDER, COMPOSE).then((answer) => {
      hintsAnswered = true;
      return answer;
    });
    // The editor gives up on hovers while the folder is read: each is answered at once, not after the read.
    for (let i = 0; i < 5; i++) {
      const hover = session.hover(FOLDER, COMPOSE, { line: 7, character: 16 });
      session.client.notify('$/cancelRequest', { id: session.client.lastRequestId });
      assert.equal(await hover, null);
      assert.equal(hintsAnswered, false, 'the cancelled hover was answered before the read finished');
    }
    assert.match((await progress).value.title ?? '', /Connection Budget: reading monorepo/);
    const labels = (await hints).map((hint) => hint.label);
    assert.ok(labels.some((label) => /^= \d+ conns/.test(label)), `hints after the read: ${labels.join(' | ')}`);
    // 10,000 code files: their first read was shared with the code reader's thread.
    assert.match(await session.keptFactsLine(FOLDER), /: 0 files' facts kept from the last session, \d+ parsed \([1-9]\d* on the code reader thread\)$/);
    const peakKB = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${session.client.pid}/status`, 'utf8'))?.[1]);
    t.diagnostic(`server peak memory ${Math.round(peakKB / 1024)} MB`);
    assert.ok(peakKB < 1.5 * 1024 * 1024, `server peak memory ${Math.round(peakKB / 1024)} MB`);
  });
});
