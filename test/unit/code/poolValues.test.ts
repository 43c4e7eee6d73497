import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLoc, exprLoc, onePool, read, shape } from './codeFixtures';

const env = (name: string) => ({ kind: 'env', name });
const num = (value: number) => ({ kind: 'number', value });
const str = (value: string) => ({ kind: 'string', value });
const config = (...path: string[]) => ({ kind: 'config', path });

function limitOf(body: string, head = ''): unknown {
  return shape(onePool(`import mysql from 'mysql2/promise';\n${head}\nexport const pool = mysql.createPool(${body});`).connectionLimit);
}

describe('readCode: connectionLimit forms (SPEC 2.6)', () => {
  it('reads a literal', () => {
    assert.deepEqual(limitOf('{ connectionLimit: 10 }'), num(10));
    assert.deepEqual(limitOf(`{ connectionLimit: '10' }`), str('10'));
    assert.deepEqual(limitOf('{ connectionLimit: 1_000 }'), num(1000));
    assert.deepEqual(limitOf('{ connectionLimit: (10 as number) }'), num(10));
  });

  it('reads env vars with conversions and fallbacks', () => {
    assert.deepEqual(limitOf('{ connectionLimit: Number(process.env.DB_POOL_SIZE ?? 10) }'), {
      kind: 'call', fn: 'Number', args: [{ kind: 'logical', op: '??', left: env('DB_POOL_SIZE'), right: num(10) }],
    });
    assert.deepEqual(limitOf(`{ connectionLimit: parseInt(process.env.DB_CONNECTION_LIMIT || '10', 10) }`), {
      kind: 'call', fn: 'parseInt', args: [{ kind: 'logical', op: '||', left: env('DB_CONNECTION_LIMIT'), right: str('10') }, num(10)],
    });
    assert.deepEqual(limitOf('{ connectionLimit: +process.env.X }'), { kind: 'unary', op: '+', arg: env('X') });
    assert.deepEqual(limitOf(`{ connectionLimit: Number(process.env['MYSQL_CONNECTION_LIMIT']) }`), {
      kind: 'call', fn: 'Number', args: [env('MYSQL_CONNECTION_LIMIT')],
    });
    assert.deepEqual(limitOf('{ connectionLimit: Number.parseInt(process.env.X!) }'), { kind: 'call', fn: 'parseInt', args: [env('X')] });
    assert.deepEqual(limitOf('{ connectionLimit: -(-process.env.X) }'), { kind: 'unary', op: '-', arg: { kind: 'unary', op: '-', arg: env('X') } });
  });

  it('follows constants, destructured env and destructuring defaults', () => {
    assert.deepEqual(limitOf('{ connectionLimit: poolSize }', 'const poolSize = Number(process.env.DB_POOL_SIZE) || 8;'), {
      kind: 'logical', op: '||', left: { kind: 'call', fn: 'Number', args: [env('DB_POOL_SIZE')] }, right: num(8),
    });
    assert.deepEqual(limitOf('{ connectionLimit: Number(DB_POOL_SIZE) }', 'const { DB_POOL_SIZE } = process.env;'), {
      kind: 'call', fn: 'Number', args: [env('DB_POOL_SIZE')],
    });
    assert.deepEqual(limitOf('{ connectionLimit: +size }', `const { DB_POOL_SIZE: size = '6' } = process.env;`), {
      kind: 'unary', op: '+', arg: { kind: 'logical', op: '??', left: env('DB_POOL_SIZE'), right: str('6') },
    });
    assert.deepEqual(limitOf('{ connectionLimit }', 'const connectionLimit = 4;'), num(4));
    assert.deepEqual(limitOf('{ connectionLimit: limit }', `import { env } from 'node:process';\nconst limit = Number(env.POOL);`), {
      kind: 'call', fn: 'Number', args: [env('POOL')],
    });
  });

  it('reads config references, aliases, destructuring and config.get', () => {
    const head = `import config from 'config';`;
    assert.deepEqual(limitOf('{ connectionLimit: config.database.connectionLimit }', head), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf('{ connectionLimit: db.connectionLimit }', `${head}\nconst db = config.database;`), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf('{ connectionLimit: database.connectionLimit }', `${head}\nconst { database } = config;`), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf('{ connectionLimit }', `${head}\nconst { database: { connectionLimit } } = config;`), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf(`{ connectionLimit: config.get('database.connectionLimit') }`, head), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf(`{ connectionLimit: config.get<number>('database.connectionLimit') }`, head), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf(`{ connectionLimit: config['database']['connectionLimit'] }`, head), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf(`{ connectionLimit: loadConfig().database.connectionLimit }`), config('database', 'connectionLimit'));
    assert.deepEqual(limitOf('{ connectionLimit: cfg.pool.size }', `const cfg = require('./config.json');`), config('pool', 'size'));
    const inClass = onePool(`import mysql from 'mysql2';
class Db {
  constructor(private readonly config: AppConfig) {}
  readonly pool = mysql.createPool({ connectionLimit: this.config.database.connectionLimit });
}`);
    assert.deepEqual(shape(inClass.connectionLimit), config('database', 'connectionLimit'));
    const passedIn = onePool(`import mysql from 'mysql2';
export function makePool(settings: AppConfig) {
  return mysql.createPool({ connectionLimit: settings.database.connectionLimit });
}`);
    assert.deepEqual(shape(passedIn.connectionLimit), config('database', 'connectionLimit'));
  });

  it('reads a value from an object literal in the same file', () => {
    assert.deepEqual(limitOf('{ connectionLimit: settings.db.limit }', 'const settings = { db: { limit: 12 } };'), num(12));
  });

  it('evaluates the seed dynamic form symbolically', () => {
    const head = `import os from 'os';\nconst maxConnections = 151;\nconst numWorkers = os.cpus().length;\nconst connectionLimit = Math.max(2, Math.floor(maxConnections / numWorkers));`;
    assert.deepEqual(limitOf('{ connectionLimit }', head), {
      kind: 'call', fn: 'Math.max', args: [num(2), { kind: 'call', fn: 'Math.floor', args: [{ kind: 'binary', op: '/', left: num(151), right: { kind: 'cores' } }] }],
    });
  });

  it('keeps what it cannot read as dynamic, with its text', () => {
    assert.deepEqual(limitOf('{ connectionLimit: computeLimit() }'), { kind: 'dynamic', text: 'computeLimit()' });
    assert.deepEqual(limitOf('{ connectionLimit: flag ? 5 : 10 }'), { kind: 'dynamic', text: 'flag ? 5 : 10' });
    assert.deepEqual(limitOf('{ connectionLimit: limit }', 'function f(limit: number) {}\nlet limit;'), { kind: 'dynamic', text: 'limit' });
  });

  it('does not loop on cyclic constants', () => {
    assert.equal((limitOf('{ connectionLimit: a }', 'const a = b;\nconst b = a;') as { kind: string }).kind, 'dynamic');
    assert.equal((limitOf('{ connectionLimit: a.x }', 'const a = { x: a.x };') as { kind: string }).kind, 'dynamic');
  });

  it('resolves names in the innermost scope', () => {
    const text = `import mysql from 'mysql2';
const options = { connectionLimit: 1 };
export function make() {
  const options = { connectionLimit: 9 };
  return mysql.createPool(options);
}`;
    assert.deepEqual(shape(onePool(text).connectionLimit), num(9));
  });
});

describe('readCode: pool options objects', () => {
  it('resolves createPool(identifier) to its object literal', () => {
    const text = `import mysql from 'mysql2';\nconst options = { host: 'db', connectionLimit: 3 };\nexport const pool = mysql.createPool(options);`;
    const pool = onePool(text);
    assert.deepEqual(shape(pool.connectionLimit), num(3));
    assertLoc(pool.connectionLimitInitializer?.loc, text, '3');
  });

  it('takes a config object passed whole or spread as the base', () => {
    const head = `import mysql from 'mysql2';\nimport config from 'config';\n`;
    let text = `${head}export const pool = mysql.createPool(config.database);`;
    let pool = onePool(text);
    assert.deepEqual(pool.configBase?.path, ['database']);
    assertLoc(pool.configBase?.loc, text, 'config.database');
    assert.equal(pool.connectionLimit, undefined);
    assert.equal(pool.insertAt, undefined);

    text = `${head}export const pool = mysql.createPool({ ...config.database, connectionLimit: 5 });`;
    pool = onePool(text);
    assert.deepEqual(pool.configBase?.path, ['database']);
    assert.deepEqual(shape(pool.connectionLimit), num(5));

    // Before the spread, a property holds only where the config lacks it.
    text = `${head}export const pool = mysql.createPool({ connectionLimit: 5, ...config.database });`;
    pool = onePool(text);
    assert.deepEqual(shape(pool.connectionLimit), { kind: 'logical', op: '??', left: config('database', 'connectionLimit'), right: num(5) });
  });

  it('merges spread object literals in order', () => {
    const text = `import mysql from 'mysql2';
const base = { host: 'a', connectionLimit: 2 };
export const pool = mysql.createPool({ ...base, host: 'b' });`;
    const pool = onePool(text);
    assert.deepEqual(shape(pool.host), str('b'));
    assert.deepEqual(shape(pool.connectionLimit), num(2));
    assert.equal(pool.insertAt, undefined);
  });

  it('reads a URI: a string, an env var, or the uri option', () => {
    let pool = onePool(`import mysql from 'mysql2';\nexport const pool = mysql.createPool('mysql://app@db:3306/app');`);
    assert.deepEqual(shape(pool.uri), str('mysql://app@db:3306/app'));
    pool = onePool(`import mysql from 'mysql2';\nexport const pool = mysql.createPool(process.env.DATABASE_URL!);`);
    assert.deepEqual(shape(pool.uri), env('DATABASE_URL'));
    pool = onePool(`import mysql from 'mysql2';\nexport const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 4 });`);
    assert.deepEqual(shape(pool.uri), env('DATABASE_URL'));
    assert.deepEqual(shape(pool.connectionLimit), num(4));
  });

  it('reads host and port like connectionLimit', () => {
    const pool = onePool(`import mysql from 'mysql2';\nimport config from 'config';
export const pool = mysql.createPool({ host: process.env.DB_HOST ?? 'mysql', port: Number(config.database.port) });`);
    assert.deepEqual(shape(pool.host), { kind: 'logical', op: '??', left: env('DB_HOST'), right: str('mysql') });
    assert.deepEqual(shape(pool.port), { kind: 'call', fn: 'Number', args: [config('database', 'port')] });
  });

  it('lists the env vars pools and forks read', () => {
    const facts = read(`import mysql from 'mysql2';\nimport cluster from 'cluster';
const { DB_HOST } = process.env;
export const pool = mysql.createPool({ host: DB_HOST, user: process.env.DB_USER, connectionLimit: Number(process.env.DB_POOL_SIZE) });
for (let i = 0; i < Number(process.env.WEB_CONCURRENCY); i++) cluster.fork();`);
    assert.deepEqual(facts.envNames.sort(), ['DB_HOST', 'DB_POOL_SIZE', 'WEB_CONCURRENCY']);
  });

  it('locates env and config reads where the code reads them', () => {
    const text = `import mysql from 'mysql2';\nimport config from 'config';
const db = config.database;
export const pool = mysql.createPool({ host: process.env.DB_HOST, connectionLimit: db.connectionLimit });`;
    const pool = onePool(text);
    assertLoc(exprLoc(pool.host), text, 'process.env.DB_HOST');
    assertLoc(exprLoc(pool.connectionLimit), text, 'db.connectionLimit');
    assertLoc(pool.loc, text, `mysql.createPool({ host: process.env.DB_HOST, connectionLimit: db.connectionLimit })`);
  });
});
