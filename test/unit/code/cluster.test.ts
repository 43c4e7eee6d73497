import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLoc, onePool, read, shape } from './codeFixtures';

const HEAD = `import cluster from 'node:cluster';\nimport mysql from 'mysql2';\nimport os from 'node:os';\nimport config from 'config';\n`;
const POOL = `mysql.createPool({ connectionLimit: 5 })`;

describe('readCode: pool-in-primary', () => {
  const primary: [string, string][] = [
    ['cluster.isPrimary', `if (cluster.isPrimary) {\n  const pool = ${POOL};\n}`],
    ['cluster.isMaster', `if (cluster.isMaster) {\n  const pool = ${POOL};\n}`],
    ['cluster.isPrimary === true', `if (cluster.isPrimary === true) {\n  const pool = ${POOL};\n}`],
    ['else of cluster.isWorker', `if (cluster.isWorker) {\n  start();\n} else {\n  const pool = ${POOL};\n}`],
    ['else of !cluster.isPrimary', `if (!cluster.isPrimary) {\n  start();\n} else {\n  const pool = ${POOL};\n}`],
    ['a conditional expression', `const pool = cluster.isPrimary ? ${POOL} : undefined;`],
    ['a nested function in the branch', `if (cluster.isPrimary) {\n  setup(() => ${POOL});\n}`],
    ['the then of cluster.isPrimary && more', `if (cluster.isPrimary && process.env.MIGRATE) {\n  const pool = ${POOL};\n}`],
    ['the else of !(cluster.isMaster && more)', `if (!(cluster.isMaster && ready)) {\n  start();\n} else {\n  const pool = ${POOL};\n}`],
    ['a copy of cluster.isPrimary', `const isPrimary = cluster.isPrimary;\nif (isPrimary) {\n  const pool = ${POOL};\n}`],
  ];
  for (const [name, body] of primary) {
    it(`flags a pool in ${name}`, () => {
      const text = HEAD + body;
      const pool = onePool(text);
      assert.ok(pool.inPrimary, 'expected inPrimary');
      const condition = /if \((.*)\) \{|const pool = (cluster\.isPrimary) \?/.exec(body)!;
      assertLoc(pool.inPrimary, text, condition[1] ?? condition[2]);
    });
  }

  const worker: [string, string][] = [
    ['the else of cluster.isPrimary', `if (cluster.isPrimary) {\n  cluster.fork();\n} else {\n  const pool = ${POOL};\n}`],
    ['the then of cluster.isWorker', `if (cluster.isWorker) {\n  const pool = ${POOL};\n}`],
    ['the then of !cluster.isMaster', `if (!cluster.isMaster) {\n  const pool = ${POOL};\n}`],
    ['an unrelated test inside the worker branch', `if (!cluster.isPrimary) {\n  if (ready) {\n    const pool = ${POOL};\n  }\n}`],
    ['a test on some other isPrimary', `const node = { isPrimary: true };\nif (node.isPrimary) {\n  const pool = ${POOL};\n}`],
    ['top level', `export const pool = ${POOL};`],
    ['the else of cluster.isPrimary && more', `if (cluster.isPrimary && ready) {\n  cluster.fork();\n} else {\n  const pool = ${POOL};\n}`],
  ];
  for (const [name, body] of worker) {
    it(`does not flag a pool in ${name}`, () => {
      assert.equal(onePool(HEAD + body).inPrimary, undefined);
    });
  }

  it('lets the innermost cluster test decide', () => {
    const text = `${HEAD}if (cluster.isPrimary) {\n  if (cluster.isWorker) {\n    const pool = ${POOL};\n  }\n}`;
    assert.equal(onePool(text).inPrimary, undefined);
  });
});

describe('readCode: cluster.fork() counts', () => {
  function count(body: string): unknown {
    const facts = read(HEAD + body);
    assert.equal(facts.forks.length, 1, `forks in: ${body}`);
    return shape(facts.forks[0].count);
  }
  const one = { kind: 'number', value: 1 };

  it('counts a for loop up to a literal, with < and <=', () => {
    assert.deepEqual(count('for (let i = 0; i < 4; i++) cluster.fork();'), { kind: 'number', value: 4 });
    assert.deepEqual(count('for (let i = 0; i <= 4; i++) { cluster.fork(); }'), { kind: 'binary', op: '+', left: { kind: 'number', value: 4 }, right: one });
    assert.deepEqual(count('for (let i = 1; i <= 4; i++) cluster.fork();'), { kind: 'number', value: 4 });
    assert.deepEqual(count('for (let i = 1; i < 4; i++) cluster.fork();'), { kind: 'binary', op: '-', left: { kind: 'number', value: 4 }, right: one });
    assert.deepEqual(count('for (let i = 0; 4 > i; i++) cluster.fork();'), { kind: 'number', value: 4 });
    assert.deepEqual(count('let i;\nfor (i = 0; i < 3; i++) cluster.fork();'), { kind: 'number', value: 3 });
    assert.deepEqual(count('for (let n = workers; n > 0; n--) cluster.fork();\nconst workers = 6;'), { kind: 'number', value: 6 });
  });

  it('counts a loop bounded by env, cores and config', () => {
    assert.deepEqual(count('for (let i = 0; i < (Number(process.env.WEB_CONCURRENCY) || os.cpus().length); i++) cluster.fork();'), {
      kind: 'logical', op: '||', left: { kind: 'call', fn: 'Number', args: [{ kind: 'env', name: 'WEB_CONCURRENCY' }] }, right: { kind: 'cores' },
    });
    assert.deepEqual(count('for (let i = 0; i < os.availableParallelism(); i++) cluster.fork();'), { kind: 'cores' });
    assert.deepEqual(count('for (let i = 0; i < config.workers; i++) cluster.fork();'), { kind: 'config', path: ['workers'] });
    assert.deepEqual(count(`const workers = config.get<number>('workers');\nif (cluster.isPrimary) {\n  for (let i = 0; i < workers; i++) {\n    cluster.fork();\n  }\n}`),
      { kind: 'config', path: ['workers'] });
  });

  it('counts cores for os.cpus() loops and callbacks', () => {
    assert.deepEqual(count('for (const _ of os.cpus()) cluster.fork();'), { kind: 'cores' });
    assert.deepEqual(count('os.cpus().forEach(() => cluster.fork());'), { kind: 'cores' });
    assert.deepEqual(count('os.cpus().map(() => {\n  return cluster.fork();\n});'), { kind: 'cores' });
    assert.deepEqual(count('const cpus = os.cpus();\nfor (const cpu of cpus) cluster.fork();'), { kind: 'cores' });
  });

  it('counts Array.from({ length: N }) and friends', () => {
    assert.deepEqual(count('Array.from({ length: 3 }, () => cluster.fork());'), { kind: 'number', value: 3 });
    assert.deepEqual(count('Array.from({ length: Number(process.env.W) }).forEach(() => cluster.fork());'),
      { kind: 'call', fn: 'Number', args: [{ kind: 'env', name: 'W' }] });
    assert.deepEqual(count('[...Array(2)].forEach(() => cluster.fork());'), { kind: 'number', value: 2 });
    assert.deepEqual(count('new Array(5).fill(0).forEach(() => cluster.fork());'), { kind: 'number', value: 5 });
  });

  it('counts a lone call as one, and keeps unknown loops dynamic', () => {
    assert.deepEqual(count('cluster.fork();'), one);
    assert.deepEqual(count('while (alive() < 3) cluster.fork();'), { kind: 'dynamic', text: 'alive() < 3' });
    assert.deepEqual(count('for (const w of workerNames) cluster.fork();'), { kind: 'dynamic', text: 'workerNames' });
  });

  it('does not count forks that replace an exited worker', () => {
    const facts = read(`${HEAD}if (cluster.isPrimary) {
  for (let i = 0; i < 2; i++) cluster.fork();
  cluster.on('exit', (worker) => {
    console.warn(\`worker \${worker.process.pid} exited\`);
    setTimeout(() => cluster.fork(), 1000);
  });
  cluster.once('disconnect', () => cluster.fork());
}`);
    assert.equal(facts.forks.length, 1);
    assert.deepEqual(shape(facts.forks[0].count), { kind: 'number', value: 2 });
  });

  it('locates the fork call', () => {
    const text = `${HEAD}for (let i = 0; i < 2; i++) cluster.fork();`;
    assertLoc(read(text).forks[0].loc, text, 'cluster.fork()');
  });
});
