import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { readCode } from '../../../src-shared/code/readCode';
import { evaluate } from '../../../src-shared/code/evaluate';
import { assertLoc, deployment, FILE, onePool, read, shape, writtenOf } from './codeFixtures';

const HEAD = `import mysql from 'mysql2';\nimport cluster from 'cluster';\n`;

describe('readCode: bad input', () => {
  it('reads what it can from half-typed code', () => {
    let facts = read(`${HEAD}export const pool = mysql.createPool({ connectionLimit: `);
    assert.equal(facts.pools.length, 1);
    assert.equal(shape(facts.pools[0].connectionLimit) !== null, true);

    facts = read(`${HEAD}export const pool = mysql.createPool({ host: 'db', connectionLimit: 8,\nfunction broken( {\n`);
    assert.deepEqual(shape(facts.pools[0].connectionLimit), { kind: 'number', value: 8 });

    facts = read(`${HEAD}if (cluster.isPrimary) {\n  for (let i = 0; i < 3; i++) { cluster.fork();\n`);
    assert.deepEqual(shape(facts.forks[0].count), { kind: 'number', value: 3 });

    for (const text of [`${HEAD}mysql.createPool(`, `${HEAD}mysql.createPool({`, `${HEAD}mysql.createPool({ ...`, `${HEAD}}}}) mysql.createPool({ a: }`, `${HEAD}cluster.fork(`]) {
      assert.doesNotThrow(() => readCode(FILE, text), text);
    }
  });

  it('survives binary bytes', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    assert.doesNotThrow(() => readCode('src/blob.js', `// mysql cluster createPool fork\n${bytes}`));
    const facts = read(`${HEAD}\u0000\u0001\uFFFD\nexport const pool = mysql.createPool({ connectionLimit: 2 });\n\u0000`);
    assert.equal(facts.pools.length, 1);
  });

  it('gives positions that ignore a BOM-free prefix and count a BOM as a character', () => {
    const text = `\uFEFF${HEAD}export const pool = mysql.createPool({ connectionLimit: 2 });`;
    const pool = onePool(text);
    assertLoc(writtenOf(pool.connectionLimit).loc, text, '2');
  });

  it('handles CRLF line ends', () => {
    const text = `${HEAD}export const pool = mysql.createPool({\r\n  connectionLimit: 9,\r\n  timeout: 1,\r\n});\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r');
    const pool = onePool(text);
    const lit = writtenOf(pool.connectionLimit);
    assert.deepEqual(lit.loc.range.start, { line: 3, character: 19 });
    const removal = pool.invalidOptions[0].removal.range;
    assert.deepEqual(removal, { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } });
  });

  it('reports nesting deeper than the parser can take as an error, not a throw', () => {
    const deep = `${HEAD}export const pool = mysql.createPool({ connectionLimit: ${'('.repeat(5000)}1${')'.repeat(5000)} });`;
    const facts = readCode(FILE, deep);
    assert.match(facts.error ?? '', /could not be analysed/);
    assert.deepEqual(facts.pools, []);
  });

  it('reads long operator and property chains without running out of stack', () => {
    const sum = Array.from({ length: 50000 }, () => '1').join(' + ');
    const chain = Array.from({ length: 50000 }, () => 'a').join('.');
    const facts = read(`${HEAD}const x = ${sum};
const y = ${chain};
export const pool = mysql.createPool({ connectionLimit: ${sum} });`);
    assert.equal(facts.pools.length, 1);
    // Read to a bounded depth; deeper than that is left dynamic, so the value is unknown, not wrong.
    const r = evaluate(facts.pools[0].connectionLimit!, deployment({}));
    assert.equal(r.known, false);
  });

  it('reads each file type with its own grammar', () => {
    const jsx = `import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: 3 });\nexport const App = () => <div>{String(pool)}</div>;`;
    assert.equal(readCode('src/app.tsx', jsx).pools.length, 1);
    assert.equal(readCode('src/app.jsx', jsx).pools.length, 1);
    const cjs = `const mysql = require('mysql2');\nmodule.exports = mysql.createPool({ connectionLimit: 3 });`;
    for (const file of ['a.js', 'a.cjs', 'a.mjs', 'a.mts', 'a.cts']) assert.equal(readCode(file, cjs).pools.length, 1, file);
  });
});

describe('readCode: cost', () => {
  it('loads TypeScript only when a file may hold a pool or a fork', () => {
    const script = `
      const { readCode } = require(${JSON.stringify(require.resolve('../../../src-shared/code/readCode'))});
      const loaded = () => Object.keys(require.cache).some((k) => /[\\\\/]node_modules[\\\\/]typescript[\\\\/]/.test(k));
      readCode('src/a.ts', 'export const workers = 2;');
      readCode('src/b.ts', '// mysql, but no pool here');
      const before = loaded();
      readCode('src/c.ts', "import mysql from 'mysql2'; mysql.createPool({});");
      process.stdout.write(JSON.stringify([before, loaded()]));`;
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })), [false, true]);
  });
});

describe('readCode: size', () => {
  function bigFile(lines: number): string {
    const out = [`import mysql from 'mysql2/promise';`, `import cluster from 'node:cluster';`, `import os from 'node:os';`];
    for (let i = 0; out.length < lines - 6; i++) {
      out.push(
        `export async function handler${i}(id: number): Promise<unknown> {`,
        `  const [rows] = await pool.query('SELECT * FROM t${i} WHERE id = ?', [id]);`,
        `  for (let j = 0; j < (rows as unknown[]).length; j++) { if (!rows) return null; }`,
        `  return rows;`,
        `}`,
      );
    }
    out.push(
      `export const pool = mysql.createPool({ connectionLimit: Number(process.env.DB_POOL_SIZE) || 10 });`,
      `if (cluster.isPrimary) {`,
      `  for (let i = 0; i < os.availableParallelism(); i++) cluster.fork();`,
      `}`,
    );
    return out.join('\n');
  }

  it('reads a 10,000-line file quickly', () => {
    const text = bigFile(10000);
    assert.ok(text.split('\n').length >= 9990);
    const started = performance.now();
    const facts = read(text);
    const elapsed = performance.now() - started;
    assert.equal(facts.pools.length, 1);
    assert.equal(facts.forks.length, 1);
    assert.deepEqual(shape(facts.forks[0].count), { kind: 'cores' });
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  });

  it('reads a file of a thousand pools', () => {
    const parts = [HEAD];
    for (let i = 0; i < 1000; i++) parts.push(`export const pool${i} = mysql.createPool({ connectionLimit: ${i % 9 + 1}, timeout: 1 });`);
    const facts = read(parts.join('\n'));
    assert.equal(facts.pools.length, 1000);
    assert.deepEqual(shape(facts.pools[999].connectionLimit), { kind: 'number', value: 1 });
    assert.equal(facts.pools[999].invalidOptions.length, 1);
  });
});
