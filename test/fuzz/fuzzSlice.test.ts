// A short fixed-seed slice of the fuzzer for `npm test`: the same inputs every run, and the
// fuzzer's own rules — no throw (nor a reader error caught and hidden), each input within 1 s.
// Other problems the slice meets are printed as diagnostics; fixSafety and regressions own them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInput, type Problem } from './check';
import { READERS, targetsOf } from './corpus';
import { fuzzInput } from './mutate';

const SEED = 1;
const PER_READER = 300;
const FATAL = new Set<Problem['kind']>(['throw', 'slow', 'swallowed']);

for (const reader of READERS) {
  test(`fuzz slice: ${PER_READER} ${reader} inputs (seed ${SEED}) neither throw nor take over 1 s`, (t) => {
    for (const target of targetsOf(reader)) runInput({ target, text: target.files[target.file], settings: {} }); // warm-up
    const fatal: string[] = [];
    const other = new Map<string, number>();
    let slowest = 0;
    for (let index = 0; index < PER_READER; index++) {
      const input = fuzzInput(reader, SEED, index);
      const outcome = runInput(input);
      slowest = Math.max(slowest, outcome.ms);
      for (const problem of outcome.problems) {
        if (FATAL.has(problem.kind)) {
          fatal.push(`index ${index} (${input.target.file}) [${problem.kind}] ${problem.message}${problem.detail ? ` ${problem.detail}` : ''}\n${problem.stack ?? ''}`);
        } else other.set(`[${problem.kind}] ${problem.message}`, (other.get(`[${problem.kind}] ${problem.message}`) ?? 0) + 1);
      }
    }
    t.diagnostic(`slowest input ${slowest.toFixed(1)} ms`);
    for (const [message, count] of other) t.diagnostic(`${count}× ${message}`);
    assert.deepEqual(fatal, [], `replay with: node out/test/fuzz/run.js --reader ${reader} --seed ${SEED} --index N`);
  });
}
