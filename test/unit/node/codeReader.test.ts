// The code reader: the server's first read of a folder parses code files on a worker thread. Its
// facts must be the ones this thread would read, and a reader that cannot must say so (the
// folder then parses on its own thread).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { readFileFacts } from '../../../src-shared/fileFacts';
import { CodeReader } from '../../../src-node/codeReader';

/** The worker runs the built bundle, as the server does (out/test/unit/node → dist/). */
const WORKER = join(__dirname, '../../../../dist/code-reader.js');

const POOL_MODULE = [
  "import mysql from 'mysql2/promise';",
  "import cluster from 'node:cluster';",
  '',
  'const workers = Number(process.env.WEB_CONCURRENCY ?? 4);',
  'if (cluster.isPrimary) {',
  '  for (let i = 0; i < workers; i++) cluster.fork();',
  '}',
  'export const pool = mysql.createPool({ host: process.env.DB_HOST, connectionLimit: Number(process.env.DB_POOL_SIZE ?? 10) });',
  '',
].join('\n');

test('code reader: a code file read on the worker has the facts this thread reads', async () => {
  const reader = new CodeReader(WORKER);
  try {
    const files: Array<[string, string]> = [
      ['src/db.ts', POOL_MODULE],
      ['src/app.js', POOL_MODULE.replace("import mysql from 'mysql2/promise';", "const mysql = require('mysql2/promise');").replace("import cluster from 'node:cluster';", "const cluster = require('node:cluster');")],
      ['src/broken.ts', 'export const pool = mysql.createPool({ connectionLimit: '],
    ];
    for (const [file, text] of files) {
      const here = readFileFacts(file, text);
      assert.ok(here.code, `${file} has code facts`);
      assert.deepEqual(await reader.read(file, text, 1024 * 1024), here, file);
    }
  } finally {
    reader.close();
  }
});

test('code reader: once closed, or when its worker cannot start, reading rejects', async () => {
  const reader = new CodeReader(WORKER);
  reader.close();
  await assert.rejects(reader.read('src/db.ts', POOL_MODULE, 1024 * 1024), /closed/);
  const missing = new CodeReader(join(__dirname, 'no-such-worker.js'));
  await assert.rejects(missing.read('src/db.ts', POOL_MODULE, 1024 * 1024));
  missing.close();
});
