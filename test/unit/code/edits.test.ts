import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EditSite, Range } from '../../../src-shared/types';
import { applyEdit, assertLoc, assertParses, caret, onePool, positionOf, shape, textAt, writtenOf } from './codeFixtures';

function edit(text: string, site: EditSite, n: number): string {
  const after = applyEdit(text, site.range, `${site.prefix}${n}${site.suffix}`);
  assertParses(after);
  return after;
}

function remove(text: string, range: Range): string {
  const after = applyEdit(text, range, '');
  assertParses(after);
  return after;
}

describe('readCode: edit sites', () => {
  it('rewrites a numeric literal in place', () => {
    const text = `import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: 50 });`;
    const pool = onePool(text);
    const w = pool.connectionLimitInitializer!;
    assert.equal(w.text, '50');
    assert.equal(w.number, 50);
    assert.equal(w.path, 'createPool({ connectionLimit })');
    const lit = writtenOf(pool.connectionLimit);
    assert.equal(lit.path, 'createPool({ connectionLimit })');
    const after = edit(text, lit.edit!, 12);
    assert.deepEqual(shape(onePool(after).connectionLimit), { kind: 'number', value: 12 });
  });

  it('rewrites a string literal inside its quotes', () => {
    const text = `import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: '10' });`;
    const lit = writtenOf(onePool(text).connectionLimit);
    assert.equal(lit.text, '10');
    assert.equal(textAt(text, lit.edit!.range), '10');
    const after = edit(text, lit.edit!, 4);
    assert.ok(after.includes(`connectionLimit: '4'`));
    assert.deepEqual(shape(onePool(after).connectionLimit), { kind: 'string', value: '4' });
  });

  it('edits the fallback literal of an env read', () => {
    const text = `import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: parseInt(process.env.DB_CONNECTION_LIMIT || '10', 10) });`;
    const expr = onePool(text).connectionLimit;
    assert.ok(expr?.kind === 'call' && expr.args[0].kind === 'logical');
    const fallback = writtenOf(expr.args[0].right);
    assert.equal(fallback.path, 'src/db.ts: connectionLimit fallback');
    const after = edit(text, fallback.edit!, 6);
    assert.ok(after.includes(`process.env.DB_CONNECTION_LIMIT || '6', 10`));
  });

  it('replaces a whole initializer, keeping a shorthand key', () => {
    let text = `import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: Number(process.env.N) || 10, host: 'db' });`;
    let w = onePool(text).connectionLimitInitializer!;
    assert.equal(w.text, 'Number(process.env.N) || 10');
    assert.equal(w.number, undefined);
    let after = edit(text, w.edit!, 7);
    assert.deepEqual(shape(onePool(after).connectionLimit), { kind: 'number', value: 7 });

    w = onePool(`import mysql from 'mysql2';\nmysql.createPool({ connectionLimit: -1 });`).connectionLimitInitializer!;
    assert.equal(w.text, '-1');
    assert.equal(w.number, -1);

    text = `import mysql from 'mysql2';\nconst connectionLimit = 3;\nexport const pool = mysql.createPool({ connectionLimit, host: 'db' });`;
    w = onePool(text).connectionLimitInitializer!;
    after = edit(text, w.edit!, 7);
    assert.ok(after.includes('{ connectionLimit: 7, host'), after);
    assert.deepEqual(shape(onePool(after).connectionLimit), { kind: 'number', value: 7 });
  });
});

describe('readCode: insertAt', () => {
  const cases: [string, string, string][] = [
    ['multi-line', `{\n    host: 'db',\n    user: 'app',\n  }`, `{\n    connectionLimit: 5,\n    host: 'db',\n    user: 'app',\n  }`],
    ['single-line', `{ host: 'db' }`, `{ connectionLimit: 5, host: 'db' }`],
    ['empty', `{}`, `{connectionLimit: 5}`],
  ];
  for (const [name, before, expected] of cases) {
    it(`inserts into a ${name} object`, () => {
      const text = `import mysql from 'mysql2';\nexport const pool = mysql.createPool(${before});\n`;
      const site = onePool(text).insertAt!;
      assert.ok(site);
      const after = edit(text, site, 5);
      assert.equal(after, `import mysql from 'mysql2';\nexport const pool = mysql.createPool(${expected});\n`);
      assert.deepEqual(shape(onePool(after).connectionLimit), { kind: 'number', value: 5 });
    });
  }

  it('keeps CRLF line ends', () => {
    const text = `import mysql from 'mysql2';\r\nexport const pool = mysql.createPool({\r\n  host: 'db',\r\n});\r\n`;
    const site = onePool(text).insertAt!;
    assert.equal(site.prefix, '\r\n  connectionLimit: ');
  });

  it('inserts into the options object an identifier names', () => {
    const { text, at } = caret(`import mysql from 'mysql2';\nconst options = {|\n  host: 'db',\n};\nexport const pool = mysql.createPool(options);`);
    const site = onePool(text).insertAt!;
    assert.deepEqual(site.range.start, at);
  });

  it('offers none when the options are not a literal here, or already set the limit', () => {
    assert.equal(onePool(`import mysql from 'mysql2';\nexport const pool = mysql.createPool(makeOptions());`).insertAt, undefined);
    assert.equal(onePool(`import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: 2 });`).insertAt, undefined);
  });
});

describe('readCode: invalid pool options', () => {
  const seed = `import mysql from 'mysql2';
const pool = mysql.createPool({
  connectionLimit: 10,
  acquireTimeout: 60000,    // Max time to get connection
  timeout: 60000,           // Query timeout
  reconnect: true,          // Auto-reconnect on disconnect
  idleTimeout: 300000,      // Close idle connections after 5min
});
`;

  it('flags what mysql2 ignores and removes each option with its line', () => {
    const pool = onePool(seed);
    assert.deepEqual(pool.invalidOptions.map((o) => o.name), ['acquireTimeout', 'timeout', 'reconnect']);
    assertLoc(pool.invalidOptions[0].loc, seed, 'acquireTimeout');
    const after = remove(seed, pool.invalidOptions[1].removal.range);
    assert.equal(after, seed.replace('  timeout: 60000,           // Query timeout\n', ''));
    // Removing them one after another (re-reading each time) leaves tidy, valid code.
    let text = seed;
    for (;;) {
      const next = onePool(text).invalidOptions[0];
      if (!next) break;
      text = remove(text, next.removal.range);
    }
    assert.equal(text, `import mysql from 'mysql2';
const pool = mysql.createPool({
  connectionLimit: 10,
  idleTimeout: 300000,      // Close idle connections after 5min
});
`);
  });

  it('accepts acquireTimeout for the mysql driver, but not reconnect', () => {
    const pool = onePool(seed.replace(`'mysql2'`, `'mysql'`));
    assert.equal(pool.driver, 'mysql');
    assert.deepEqual(pool.invalidOptions.map((o) => o.name), ['timeout', 'reconnect', 'idleTimeout']);
  });

  const inline: [string, string, string][] = [
    ['middle', `{ host: 'db', timeout: 5, connectionLimit: 2 }`, `{ host: 'db', connectionLimit: 2 }`],
    ['last', `{ host: 'db', timeout: 5 }`, `{ host: 'db' }`],
    ['only', `{ timeout: 5 }`, `{ }`],
    ['last on its own line', `{\n  host: 'db',\n  timeout: 5\n}`, `{\n  host: 'db'\n}`],
    ['last with trailing comma', `{\n  host: 'db',\n  timeout: 5,\n}`, `{\n  host: 'db',\n}`],
    ['first', `{\n  timeout: 5,\n  host: 'db',\n}`, `{\n  host: 'db',\n}`],
    ['shorthand', `{ host: 'db', reconnect }`, `{ host: 'db' }`],
    ['quoted key', `{ 'acquireTimeout': 1, host: 'db' }`, `{ host: 'db' }`],
    // Any JavaScript whitespace may stand before the comma, and the comma may be on the next line.
    ['form feed before its comma', `{\n  timeout: 5\f,\n  host: 'db',\n}`, `{\n  host: 'db',\n}`],
    ['no-break space before its comma', `{ timeout: 5\u00a0, host: 'db' }`, `{ host: 'db' }`],
    ['comma on the next line', `{\n  timeout: 5\n  , host: 'db',\n}`, `{\n  host: 'db',\n}`],
  ];
  for (const [name, before, expected] of inline) {
    it(`removes the ${name} option tidily`, () => {
      const text = `import mysql from 'mysql2';\nconst reconnect = true;\nexport const pool = mysql.createPool(${before});\n`;
      const [option] = onePool(text).invalidOptions;
      assert.ok(option);
      const after = remove(text, option.removal.range);
      assert.equal(after, text.replace(before, expected));
      assert.equal(onePool(after).invalidOptions.length, 0);
    });
  }

  it('checks options in a spread object literal too', () => {
    const text = `import mysql from 'mysql2';\nconst base = { timeout: 1 };\nexport const pool = mysql.createPool({ ...base, connectionLimit: 2 });`;
    const [option] = onePool(text).invalidOptions;
    assert.equal(option.name, 'timeout');
    assert.deepEqual(option.loc.range.start, positionOf(text, text.indexOf('timeout')));
  });
});
