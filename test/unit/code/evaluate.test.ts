import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '../../../src-shared/code/codeFacts';
import { evaluate, Evaluated } from '../../../src-shared/code/evaluate';
import { deployment, onePool, read, textAt } from './codeFixtures';

function limit(code: string, head = ''): { expr: Expr; text: string } {
  const text = `import mysql from 'mysql2';\nimport os from 'os';\nimport config from 'config';\n${head}\nexport const pool = mysql.createPool({ connectionLimit: ${code} });`;
  const expr = onePool(text).connectionLimit;
  assert.ok(expr);
  return { expr, text };
}

function known(r: Evaluated): Extract<Evaluated, { known: true }> {
  assert.equal(r.known, true, r.known ? '' : r.reason);
  return r as Extract<Evaluated, { known: true }>;
}

function unknown(r: Evaluated): Extract<Evaluated, { known: false }> {
  assert.equal(r.known, false);
  return r as Extract<Evaluated, { known: false }>;
}

describe('evaluate', () => {
  it('uses the env value a deployment sets, with the source to edit there', () => {
    const { expr } = limit('Number(process.env.DB_POOL_SIZE ?? 10)');
    const r = known(evaluate(expr, deployment({ env: { DB_POOL_SIZE: '8' } })));
    assert.equal(r.value, 8);
    assert.equal(r.source?.path, 'deploy.yml: DB_POOL_SIZE');
    assert.deepEqual(r.via.map((v) => v.text), ['process.env.DB_POOL_SIZE']);
  });

  it('falls back to the literal in code when the deployment sets none', () => {
    const { expr, text } = limit('Number(process.env.DB_POOL_SIZE ?? 10)');
    const r = known(evaluate(expr, deployment({})));
    assert.equal(r.value, 10);
    assert.equal(r.source?.number, 10);
    assert.equal(textAt(text, r.source!.edit!.range), '10');
    assert.equal(r.source?.path, 'src/db.ts: connectionLimit fallback');
  });

  it('follows JavaScript: || skips 0 and empty strings, ?? does not', () => {
    const or = limit(`parseInt(process.env.DB_CONNECTION_LIMIT || '10', 10)`).expr;
    assert.equal(known(evaluate(or, deployment({ env: { DB_CONNECTION_LIMIT: '12abc' } }))).value, 12);
    assert.equal(known(evaluate(or, deployment({ env: { DB_CONNECTION_LIMIT: '' } }))).value, 10);
    assert.equal(known(evaluate(or, deployment({}))).value, 10);

    const zeroOr = limit('Number(process.env.X) || 10').expr;
    assert.equal(known(evaluate(zeroOr, deployment({ env: { X: '0' } }))).value, 10);
    const zeroNullish = limit('Number(process.env.X ?? 10)').expr;
    assert.equal(known(evaluate(zeroNullish, deployment({ env: { X: '0' } }))).value, 0);
    assert.equal(known(evaluate(zeroNullish, deployment({ env: { X: '' } }))).value, 0);
  });

  it('says which variable is missing when there is no fallback', () => {
    const { expr, text } = limit('+process.env.DB_POOL_SIZE');
    const r = unknown(evaluate(expr, deployment({})));
    assert.equal(r.reason, 'DB_POOL_SIZE is not set for this deployment and the code has no fallback');
    assert.equal(textAt(text, r.loc.range), 'process.env.DB_POOL_SIZE');
    assert.equal(known(evaluate(expr, deployment({ env: { DB_POOL_SIZE: '6' } }))).value, 6);
    // `Number(x) ?? 10` never falls back: NaN is not nullish.
    unknown(evaluate(limit('Number(process.env.X) ?? 10').expr, deployment({})));
  });

  it('keeps the env value as text without a conversion', () => {
    const r = known(evaluate(limit('process.env.DB_POOL_SIZE').expr, deployment({ env: { DB_POOL_SIZE: '8' } })));
    assert.equal(r.value, '8');
    assert.equal(r.source?.text, '8');
  });

  it('reads config values, missing keys and unknown configs', () => {
    const { expr } = limit('config.database.connectionLimit');
    const r = known(evaluate(expr, deployment({ config: { 'database.connectionLimit': 5 } })));
    assert.equal(r.value, 5);
    assert.equal(r.source?.path, 'config: database.connectionLimit');
    assert.deepEqual(r.via.map((v) => v.text), ['database.connectionLimit']);

    const missing = known(evaluate(expr, deployment({ config: {} })));
    assert.equal(missing.value, undefined);
    assert.equal(missing.source, undefined);
    assert.equal(known(evaluate(limit('config.database.connectionLimit || 7').expr, deployment({ config: {} }))).value, 7);

    const none = unknown(evaluate(expr, deployment({ config: null })));
    assert.match(none.reason, /database\.connectionLimit/);
  });

  it('passes an env override of a config value through as text', () => {
    const ctx = deployment({ config: { 'database.connectionLimit': '8' } });
    assert.equal(known(evaluate(limit('config.database.connectionLimit').expr, ctx)).value, '8');
    assert.equal(known(evaluate(limit('Number(config.database.connectionLimit)').expr, ctx)).value, 8);
  });

  it('evaluates the seed dynamic form: 37 with 4 assumed cores', () => {
    const head = 'const maxConnections = 151;\nconst numWorkers = os.cpus().length;';
    const { expr } = limit('Math.max(2, Math.floor(maxConnections / numWorkers))', head);
    const r = known(evaluate(expr, deployment({})));
    assert.equal(r.value, 37);
    assert.equal(r.assumption, '4 CPU cores assumed');
    assert.equal(r.source, undefined);
    assert.equal(known(evaluate(expr, deployment({ cores: 64 }))).value, 2);
    assert.equal(known(evaluate(expr, deployment({ cores: 64 }))).assumption, undefined);
  });

  it('does arithmetic the JavaScript way', () => {
    assert.equal(known(evaluate(limit('process.env.A + 1').expr, deployment({ env: { A: '2' } }))).value, '21');
    assert.equal(known(evaluate(limit('Number(process.env.A) * 3 - 1').expr, deployment({ env: { A: '2' } }))).value, 5);
    assert.equal(known(evaluate(limit('Math.min(process.env.A, 4)').expr, deployment({ env: { A: '9' } }))).value, 4);
    assert.equal(known(evaluate(limit('Math.ceil(10 / 4)').expr, deployment({}))).value, 3);
    assert.equal(known(evaluate(limit('Number(process.env.A)').expr, deployment({ env: { A: 'many' } }))).value, NaN);
  });

  it('reports code it cannot evaluate as computed at run time', () => {
    const { expr, text } = limit('getLimit() || 5');
    const r = unknown(evaluate(expr, deployment({})));
    assert.equal(r.reason, 'getLimit() is computed at run time');
    assert.equal(textAt(text, r.loc.range), 'getLimit()');
    // The fallback is not needed when the left side is known.
    assert.equal(known(evaluate(limit('Number(process.env.A) || getLimit()').expr, deployment({ env: { A: '3' } }))).value, 3);
  });

  it('counts workers from a fork loop', () => {
    const facts = read(`import cluster from 'cluster';\nimport os from 'os';
for (let i = 0; i < (Number(process.env.WEB_CONCURRENCY) || os.cpus().length); i++) cluster.fork();`);
    const count = facts.forks[0].count;
    assert.equal(known(evaluate(count, deployment({ env: { WEB_CONCURRENCY: '3' } }))).value, 3);
    const cores = known(evaluate(count, deployment({})));
    assert.equal(cores.value, 4);
    assert.equal(cores.assumption, '4 CPU cores assumed');
  });
});
