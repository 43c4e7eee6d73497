import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { requireWithCodeCache } from '../../../src-node/codeCache';
import { REPOSITORY, runCli } from '../../cli/runCli';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const CODE_CACHE_MODULE = join(__dirname, '../../../src-node/codeCache.js');
const OPTIMISING_COMPILER_MODULE = join(__dirname, '../../../src-node/optimisingCompiler.js');

function bundle(): { file: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cb-code-cache-'));
  const file = join(dir, 'bundle.js');
  writeFileSync(file, "const path = require('node:path');\nexports.joined = path.join('a', 'b');\nexports.file = __filename;\nmodule.exports.square = (n) => n * n;\n");
  return { file, cacheDir: join(dir, 'cache') };
}

/** A start of a process that loads the bundle (V8 also caches compiled scripts within one process). */
function start(file: string, cacheDir: string): { exports: { joined: string; file: string; square: number } } {
  const script = `const m = require(${JSON.stringify(CODE_CACHE_MODULE)}).requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
process.stdout.write(JSON.stringify({ joined: m.joined, file: m.file, square: m.square(7) }));`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return { exports: JSON.parse(result.stdout) };
}

function cacheFiles(cacheDir: string): string[] {
  return readdirSync(cacheDir).map((name) => join(cacheDir, name));
}

test('code cache: a bundle loads as with require, and its compiled code is kept for the next start', () => {
  const { file, cacheDir } = bundle();
  assert.deepEqual(start(file, cacheDir).exports, { joined: join('a', 'b'), file, square: 49 });
  const [cache] = cacheFiles(cacheDir);
  assert.ok(statSync(cache).size > 0, 'the code cache is written');
  assert.equal(statSync(cacheDir).mode & 0o777, 0o700, 'the cache folder is private to the user');

  // The next start uses the cache as it is: V8 accepts it, so nothing is written again.
  const written = statSync(cache).mtimeMs;
  assert.equal(start(file, cacheDir).exports.square, 49);
  assert.equal(statSync(cache).mtimeMs, written);
});

test('code cache: a damaged cache is ignored and written again', () => {
  const { file, cacheDir } = bundle();
  start(file, cacheDir);
  const [cache] = cacheFiles(cacheDir);
  writeFileSync(cache, 'not V8 code');
  assert.equal(start(file, cacheDir).exports.square, 49);
  assert.notEqual(readFileSync(cache, 'latin1'), 'not V8 code');
});

test('code cache: a cache folder that cannot be created costs nothing but the time', async () => {
  const { file } = bundle();
  const blocked = join(mkdtempSync(join(tmpdir(), 'cb-code-cache-')), 'a-file');
  writeFileSync(blocked, '');
  const loaded = requireWithCodeCache(file, join(blocked, 'cache')) as { square(n: number): number };
  await nextTurn();
  assert.equal(loaded.square(5), 25);
});

test('code cache: the CLI keeps TypeScript compiled in the user cache folder, and checks the same with it', () => {
  const cacheHome = mkdtempSync(join(tmpdir(), 'cb-cache-home-'));
  const args = ['check', join(REPOSITORY, 'examples/cluster-app'), '--json'];
  const first = runCli(args, { env: { XDG_CACHE_HOME: cacheHome } });
  const kept = readdirSync(join(cacheHome, 'connection-budget'));
  assert.equal(kept.length, 1);
  assert.match(kept[0], /^typescript\.js-\d+-\d+-v\d+/);
  const second = runCli(args, { env: { XDG_CACHE_HOME: cacheHome } });
  assert.equal(second.status, first.status);
  assert.equal(second.stdout, first.stdout);
  assert.ok(JSON.parse(first.stdout).deployments.length > 0, 'the example has code with pools, so TypeScript was loaded');
});

/**
 * A start that loads the bundle and keeps its compiled code only when `keep` is set; `held`: with
 * the optimising compiler held, as during a server's first read.
 */
function startKeeping(file: string, cacheDir: string, keep: boolean, held = false): { square: number } {
  const script = `const { loadWithCodeCache } = require(${JSON.stringify(CODE_CACHE_MODULE)});
if (${held}) require(${JSON.stringify(OPTIMISING_COMPILER_MODULE)}).holdOptimisingCompiler(60000);
const loaded = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
const square = loaded.exports.square(9);
if (${keep}) loaded.keepCompiledCode();
process.stdout.write(JSON.stringify({ square }));`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('code cache: a bundle loaded for a long run is kept when its caller says, and earlier builds of it are deleted', () => {
  const { file, cacheDir } = bundle();
  assert.equal(startKeeping(file, cacheDir, false).square, 81);
  assert.throws(() => readdirSync(cacheDir), 'nothing is written before the caller keeps the code');

  startKeeping(file, cacheDir, true);
  const [first] = cacheFiles(cacheDir);
  const written = statSync(first).mtimeMs;
  startKeeping(file, cacheDir, true);
  assert.equal(statSync(first).mtimeMs, written, 'an accepted cache is not written again');

  // A new build of the bundle: its cache replaces the old one, and a write cut off earlier is removed.
  const cutOff = `${first}.12345.tmp`;
  writeFileSync(cutOff, 'partial');
  writeFileSync(file, `${readFileSync(file, 'utf8')}exports.cube = (n) => n * n * n;\n`);
  startKeeping(file, cacheDir, true);
  const after = cacheFiles(cacheDir);
  assert.equal(after.length, 1);
  assert.notEqual(after[0], first);
  assert.equal(existsSync(cutOff), false, 'a partial file of a cut-off write is deleted');
});

test('code cache: a bundle loaded while the optimising compiler is held has a cache of its own, which V8 accepts then', () => {
  const { file, cacheDir } = bundle();
  startKeeping(file, cacheDir, true, true);
  const [held] = cacheFiles(cacheDir);
  assert.match(held, /-held\.v8cache$/);
  const written = statSync(held).mtimeMs;
  assert.equal(startKeeping(file, cacheDir, true, true).square, 81);
  assert.equal(statSync(held).mtimeMs, written, 'accepted under the same flags: not written again');

  // Loaded as usual, the bundle has the other cache; neither start deletes the other's.
  startKeeping(file, cacheDir, true);
  assert.equal(cacheFiles(cacheDir).length, 2);
  startKeeping(file, cacheDir, true, true);
  assert.equal(statSync(held).mtimeMs, written);

  writeFileSync(file, `${readFileSync(file, 'utf8')}exports.cube = (n) => n * n * n;\n`);
  startKeeping(file, cacheDir, true);
  assert.equal(cacheFiles(cacheDir).length, 1, "a new build's cache replaces both of the old build's");
});
