// The facts cache: a folder reopened with unchanged files gets the facts it had, without parsing;
// anything changed, damaged or from another build is parsed as without a cache.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { analyzeWorkspace } from '../../../src-shared/analyzeWorkspace';
import { readFileFacts, type FileFacts } from '../../../src-shared/fileFacts';
import { FactsCache } from '../../../src-node/factsCache';

const MANIFEST = 'k8s/api.yaml';
const MANIFEST_TEXT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: api}',
  'spec:',
  '  replicas: &r 3',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          env:',
  '            - {name: APP_WORKERS, value: "2"}',
  '            - {name: APP_DATABASE__CONNECTIONLIMIT, value: "8"}',
  '---',
  'kind: ConfigMap',
  'metadata: {name: api}',
  'data: {APP_DATABASE__HOST: db}',
  '',
].join('\n');
const CODE = 'src/db.ts';
const CODE_TEXT = "import mysql from 'mysql2';\nexport const pool = mysql.createPool({ host: 'db', connectionLimit: Number(process.env.POOL ?? 5) });\n";
const COMPOSE = 'docker-compose.yml';
const COMPOSE_TEXT = 'services:\n  app:\n    environment:\n      DB_PASSWORD: hunter2\n      APP_WORKERS: 2\n';

function cacheDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'cb-facts-cache-')), 'facts');
}

/** One session: the cache is loaded, the files are read through it, and what was read is kept. */
async function session(dir: string, files: Record<string, string>, build = 'build-1', root = '/work/app'): Promise<{ facts: FileFacts[]; cache: FactsCache }> {
  const cache = new FactsCache(dir, root, build);
  await cache.load();
  const facts = Object.entries(files).map(([file, text]) => cache.read(file, text, 1024 * 1024));
  // The server keeps facts after it has linked them: linking must leave them as read.
  analyzeWorkspace(facts);
  await cache.save(facts);
  return { facts, cache };
}

test('facts cache: a reopened folder gets the facts it had, without parsing them again', async () => {
  const dir = cacheDir();
  const files = { [MANIFEST]: MANIFEST_TEXT, [CODE]: CODE_TEXT };
  const first = await session(dir, files);
  assert.deepEqual(first.cache.counts, { kept: 0, parsed: 2 });
  assert.deepEqual(first.facts, [readFileFacts(MANIFEST, MANIFEST_TEXT), readFileFacts(CODE, CODE_TEXT)]);
  const [cacheFile] = readdirSync(dir);
  assert.equal(statSync(dir).mode & 0o777, 0o700, 'the cache folder is private to the user');
  assert.equal(statSync(join(dir, cacheFile)).mode & 0o777, 0o600);

  const second = await session(dir, files);
  assert.deepEqual(second.cache.counts, { kept: 2, parsed: 0 });
  assert.deepEqual(second.facts, first.facts, 'the kept facts equal a fresh read: Maps, locations and edits included');
});

test('facts cache: a changed text, another size limit, another build or another folder is parsed', async () => {
  const dir = cacheDir();
  await session(dir, { [MANIFEST]: MANIFEST_TEXT, [CODE]: CODE_TEXT });

  const changed = MANIFEST_TEXT.replace('value: "8"', 'value: "9"');
  const edited = await session(dir, { [MANIFEST]: changed, [CODE]: CODE_TEXT });
  assert.deepEqual(edited.cache.counts, { kept: 1, parsed: 1 });
  assert.deepEqual(edited.facts[0], readFileFacts(MANIFEST, changed));

  const limited = new FactsCache(dir, '/work/app', 'build-1');
  await limited.load();
  limited.read(CODE, CODE_TEXT, 10);
  assert.deepEqual(limited.counts, { kept: 0, parsed: 1 }, 'the size limit is part of the key');

  const rebuilt = await session(dir, { [MANIFEST]: changed, [CODE]: CODE_TEXT }, 'build-2');
  assert.deepEqual(rebuilt.cache.counts, { kept: 0, parsed: 2 }, 'facts of another build are not used');

  const otherFolder = await session(dir, { [MANIFEST]: changed }, 'build-2', '/work/other');
  assert.deepEqual(otherFolder.cache.counts, { kept: 0, parsed: 1 });
  assert.equal(readdirSync(dir).length, 2, 'one cache file per folder');
});

test('facts cache: facts that hold a password are never written', async () => {
  const dir = cacheDir();
  await session(dir, { [COMPOSE]: COMPOSE_TEXT, [CODE]: CODE_TEXT });
  const [cacheFile] = readdirSync(dir);
  const written = readFileSync(join(dir, cacheFile), 'latin1');
  assert.ok(!written.includes('hunter2'), 'the password is not in the cache');
  assert.ok(written.includes('connectionLimit'), 'the other file is');
  const again = await session(dir, { [COMPOSE]: COMPOSE_TEXT, [CODE]: CODE_TEXT });
  assert.deepEqual(again.cache.counts, { kept: 1, parsed: 1 });
});

test('facts cache: a damaged cache file is ignored and written again', async () => {
  const dir = cacheDir();
  await session(dir, { [CODE]: CODE_TEXT });
  const [cacheFile] = readdirSync(dir);
  writeFileSync(join(dir, cacheFile), 'not a cache');
  const damaged = await session(dir, { [CODE]: CODE_TEXT });
  assert.deepEqual(damaged.cache.counts, { kept: 0, parsed: 1 });
  assert.deepEqual(damaged.facts[0], readFileFacts(CODE, CODE_TEXT));
  const repaired = await session(dir, { [CODE]: CODE_TEXT });
  assert.deepEqual(repaired.cache.counts, { kept: 1, parsed: 0 });
});

test('facts cache: a cache file cut short, or with a header that does not add up, is ignored', async () => {
  const dir = cacheDir();
  const files = { [MANIFEST]: MANIFEST_TEXT, [CODE]: CODE_TEXT };
  await session(dir, files);
  const cacheFile = join(dir, readdirSync(dir)[0]);
  const whole = readFileSync(cacheFile);
  for (const damaged of [whole.subarray(0, whole.length - 10), Buffer.concat([whole, Buffer.from('more')]), whole.subarray(0, 3)]) {
    writeFileSync(cacheFile, damaged);
    const reopened = await session(dir, files);
    assert.deepEqual(reopened.cache.counts, { kept: 0, parsed: 2 });
    assert.deepEqual(reopened.facts, [readFileFacts(MANIFEST, MANIFEST_TEXT), readFileFacts(CODE, CODE_TEXT)]);
  }
});

test('facts cache: a cache folder that cannot be written costs only the time', async () => {
  const dir = cacheDir();
  writeFileSync(dir, 'a file where the folder should be');
  const { facts, cache } = await session(dir, { [CODE]: CODE_TEXT });
  assert.deepEqual(facts[0], readFileFacts(CODE, CODE_TEXT));
  assert.deepEqual(cache.counts, { kept: 0, parsed: 1 });
});

test('facts cache: facts parsed elsewhere (the code reader thread) are kept like those parsed here', async () => {
  const dir = cacheDir();
  const cache = new FactsCache(dir, '/work/app', 'build-1');
  assert.equal(cache.hasStored(), false, 'a folder never kept');
  await cache.load();
  const parsedElsewhere = async (file: string, text: string, maxFileSize: number) => readFileFacts(file, text, maxFileSize);
  const facts = await cache.readWith(parsedElsewhere, CODE, CODE_TEXT, 1024 * 1024);
  assert.deepEqual(cache.counts, { kept: 0, parsed: 1 });
  await cache.save([facts]);

  const reopened = new FactsCache(dir, '/work/app', 'build-1');
  assert.equal(reopened.hasStored(), true);
  await reopened.load();
  const kept = reopened.readWith(() => assert.fail('an unchanged file is not parsed again'), CODE, CODE_TEXT, 1024 * 1024);
  assert.deepEqual(reopened.counts, { kept: 1, parsed: 0 });
  assert.deepEqual(kept, facts);
});
