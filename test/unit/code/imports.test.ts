import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCode } from '../../../src-shared/code/readCode';
import { onePool, read, shape } from './codeFixtures';

const OPTIONS = `{ host: 'db', connectionLimit: 7 }`;

describe('readCode: which createPool is a MySQL pool', () => {
  const styles: [string, string, 'mysql' | 'mysql2'][] = [
    ['default import', `import mysql from 'mysql2';\nexport const pool = mysql.createPool(${OPTIONS});`, 'mysql2'],
    ['namespace import', `import * as mysql from 'mysql2/promise';\nexport const pool = mysql.createPool(${OPTIONS});`, 'mysql2'],
    ['named import', `import { createPool } from 'mysql2/promise';\nexport const pool = createPool(${OPTIONS});`, 'mysql2'],
    ['renamed import', `import { createPool as cp } from 'mysql';\nexport const pool = cp(${OPTIONS});`, 'mysql'],
    ['default and named', `import mysql, { createPool } from 'mysql2';\nexport const pool = createPool(${OPTIONS});`, 'mysql2'],
    ['require', `const mysql = require('mysql');\nmodule.exports = mysql.createPool(${OPTIONS});`, 'mysql'],
    ['destructured require', `const { createPool } = require('mysql2/promise');\nexports.pool = createPool(${OPTIONS});`, 'mysql2'],
    ['renamed destructured require', `const { createPool: makePool } = require('mysql2');\nexports.pool = makePool(${OPTIONS});`, 'mysql2'],
    ['import = require', `import mysql = require('mysql2');\nexport const pool = mysql.createPool(${OPTIONS});`, 'mysql2'],
    ['direct require', `export const pool = require('mysql2').createPool(${OPTIONS});`, 'mysql2'],
    ['direct require of mysql', `module.exports = require('mysql').createPool(${OPTIONS});`, 'mysql'],
    ['import after use (hoisted)', `export const pool = createPool(${OPTIONS});\nimport { createPool } from 'mysql2';`, 'mysql2'],
    ['aliased module', `const mysql = require('mysql2');\nconst driver = mysql;\nexport const pool = driver.createPool(${OPTIONS});`, 'mysql2'],
    ['chained .promise()', `import mysql from 'mysql2';\nexport const pool = mysql\n  .createPool(${OPTIONS})\n  .promise();`, 'mysql2'],
    ['dynamic import', `export async function make() {\n  const mysql = await import('mysql2/promise');\n  return mysql.createPool(${OPTIONS});\n}`, 'mysql2'],
  ];
  for (const [name, text, driver] of styles) {
    it(`finds the pool of a ${name}`, () => {
      const pool = onePool(text);
      assert.equal(pool.driver, driver);
      assert.deepEqual(shape(pool.connectionLimit), { kind: 'number', value: 7 });
      assert.deepEqual(shape(pool.host), { kind: 'string', value: 'db' });
    });
  }

  it('ignores a createPool that is not bound to a MySQL driver', () => {
    const texts = [
      `import { createPool } from 'generic-pool';\nconst mysql = 1;\nexport const pool = createPool({ connectionLimit: 5 });`,
      `import pg from 'mysql-like-but-not';\nexport const pool = pg.createPool({ connectionLimit: 5 });`,
      `const redis = require('redis');\n// mysql\nexport const pool = redis.createPool({ connectionLimit: 5 });`,
      `// mysql\nexport const pool = somebody.createPool({ connectionLimit: 5 });`,
      `// mysql\nfunction createPool(o) { return o; }\nexport const pool = createPool({ connectionLimit: 5 });`,
      `import mysql from 'mysql2';\nfunction f(mysql) { return mysql.createPool({ connectionLimit: 5 }); }`,
    ];
    for (const text of texts) assert.equal(readCode('src/db.ts', text).pools.length, 0, text);
  });

  it('skips text that mentions neither mysql nor cluster without parsing it', () => {
    assert.deepEqual(readCode('src/a.ts', 'export const x = createPool({ connectionLimit: 5 });'), {
      file: 'src/a.ts', pools: [], forks: [], envNames: [],
    });
  });

  it('tells cluster.fork from child_process.fork', () => {
    const facts = read(`import cluster from 'cluster';\nimport { fork } from 'child_process';\nfork('worker.js');\ncluster.fork();`);
    assert.equal(facts.forks.length, 1);
    assert.deepEqual(shape(facts.forks[0].count), { kind: 'number', value: 1 });
  });

  it('binds cluster and os in every import style', () => {
    const texts = [
      `import cluster from 'node:cluster';\nimport os from 'node:os';\nfor (const _ of os.cpus()) cluster.fork();`,
      `import * as cluster from 'cluster';\nimport * as os from 'os';\nos.cpus().forEach(() => cluster.fork());`,
      `const cluster = require('cluster');\nconst os = require('os');\nfor (let i = 0; i < os.cpus().length; i++) cluster.fork();`,
      `import { fork } from 'node:cluster';\nimport { availableParallelism } from 'node:os';\nfor (let i = 0; i < availableParallelism(); i++) fork();`,
      `import { fork as spawn } from 'cluster';\nimport { cpus } from 'os';\nfor (let i = 0; i < cpus().length; i++) spawn();`,
      `const { fork } = require('node:cluster');\nconst { cpus } = require('node:os');\nArray.from({ length: cpus().length }, () => fork());`,
    ];
    for (const text of texts) {
      const facts = read(text);
      assert.equal(facts.forks.length, 1, text);
      assert.deepEqual(shape(facts.forks[0].count), { kind: 'cores' }, text);
    }
  });

  it('does not take a local os or cluster for the module', () => {
    const facts = read(`// cluster\nconst cluster = { fork() {} };\nconst os = { cpus: () => [1, 2] };\nfor (const c of os.cpus()) cluster.fork();`);
    assert.equal(facts.forks.length, 0);
  });
});
