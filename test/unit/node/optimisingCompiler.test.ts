// Holding back V8's optimising compiler during a folder's first read: hot code is not optimised
// while held, is once released (by the server, or when the time is up), and a user's own choice of
// flags is left alone. Each case runs in a new Node process, with V8's test functions to ask.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import test from 'node:test';

const MODULE = join(__dirname, '../../../src-node/optimisingCompiler.js');

/**
 * Runs `body` in a process started with `flags`; `runUntilOptimised(f)` calls `f` in rounds of
 * 1,000 calls until TurboFan has optimised it, and gives the rounds it took (-1: not in 300).
 */
function run(body: string, flags: string[] = []): Record<string, unknown> {
  const script = `const { holdOptimisingCompiler, optimisingCompilerHeld } = require(${JSON.stringify(MODULE)});
const hotFunction = () => new Function('n', 'let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s;');
const turbofanned = (f) => (%GetOptimizationStatus(f) & (1 << 6)) !== 0;
function runUntilOptimised(f) {
  for (let round = 0; round < 300; round++) {
    for (let i = 0; i < 1000; i++) f(50);
    if (turbofanned(f)) return round;
  }
  return -1;
}
(async () => { ${body} })().then((result) => process.stdout.write(JSON.stringify(result)));`;
  const result = spawnSync(process.execPath, ['--allow-natives-syntax', ...flags, '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

test('optimising compiler: hot code is optimised as usual without a hold', () => {
  const { rounds } = run('return { rounds: runUntilOptimised(hotFunction()) };');
  assert.ok(typeof rounds === 'number' && rounds >= 0, `optimised after ${rounds} rounds`);
});

test('optimising compiler: held, hot code stays unoptimised; released, it is optimised', () => {
  const result = run(`const f = hotFunction();
const release = holdOptimisingCompiler(60000);
const held = { rounds: runUntilOptimised(f), held: optimisingCompilerHeld() };
release();
return { held, released: { rounds: runUntilOptimised(f), held: optimisingCompilerHeld() } };`);
  assert.deepEqual(result.held, { rounds: -1, held: true });
  assert.equal((result.released as { held: boolean }).held, false);
  assert.ok((result.released as { rounds: number }).rounds >= 0, 'optimised once released');
});

test('optimising compiler: a hold ends by itself when its time is up, and a second hold meanwhile is none', () => {
  const result = run(`const release = holdOptimisingCompiler(50);
const second = holdOptimisingCompiler(60000);
second();
const heldAfterSecond = optimisingCompilerHeld();
await new Promise((resolve) => setTimeout(resolve, 100));
return { heldAfterSecond, heldLater: optimisingCompilerHeld(), rounds: runUntilOptimised(hotFunction()) };`);
  assert.equal(result.heldAfterSecond, true, "the second hold's release does not end the first");
  assert.equal(result.heldLater, false);
  assert.ok((result.rounds as number) >= 0, 'optimised after the time is up');
});

test('optimising compiler: not held in a runtime that embeds Node (Electron may freeze V8 flags)', () => {
  const result = run(`const release = holdOptimisingCompiler(60000, [], '', { ...process.versions, electron: '35.0.0' });
const held = optimisingCompilerHeld();
release();
return { held, rounds: runUntilOptimised(hotFunction()) };`);
  assert.equal(result.held, false);
  assert.ok((result.rounds as number) >= 0, 'optimised as usual');
});

test('optimising compiler: a user who runs Node with --no-opt keeps it', () => {
  const result = run(`const release = holdOptimisingCompiler(60000);
const held = optimisingCompilerHeld();
release();
return { held, rounds: runUntilOptimised(hotFunction()) };`, ['--no-opt']);
  assert.deepEqual(result, { held: false, rounds: -1 });
});
