import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { workspaceFiles } from '../../../bench/generate';
import { readFactsInParallel } from '../../../src-node/parallelRead';
import { discoverFiles, readFactsFromDisk } from '../../../src-node/workspaceFiles';

const EXAMPLES = join(__dirname, '../../../../examples');

function writtenWorkspace(count: number): string {
  const root = mkdtempSync(join(tmpdir(), 'cb-parallel-'));
  for (const [file, text] of workspaceFiles(count)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

async function oneByOne(root: string, files: string[]) {
  const facts = [];
  for (const file of files) facts.push(await readFactsFromDisk(root, file));
  return facts;
}

test('parallel read: a worker thread and the main thread together read the same facts as one by one', async () => {
  for (const root of [join(EXAMPLES, 'cluster-app'), join(EXAMPLES, 'kubernetes'), writtenWorkspace(300)]) {
    const files = await discoverFiles(root);
    let reported = 0;
    const parallel = await readFactsInParallel(root, files, { onRead: (done) => (reported = done) });
    assert.deepStrictEqual(parallel, await oneByOne(root, files), root);
    assert.equal(reported, files.length, 'progress reaches every file');
  }
});

test('parallel read: a read that is no longer wanted stops starting files', async () => {
  const root = writtenWorkspace(300);
  const files = await discoverFiles(root);
  let started = 0;
  const facts = await readFactsInParallel(root, files, { current: () => started++ < 20 });
  const read = facts.filter((fact) => fact !== undefined).length;
  assert.ok(read < files.length / 2, `${read} of ${files.length} files read after the read was abandoned`);
});
