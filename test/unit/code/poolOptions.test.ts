import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MYSQL2_POOL_OPTIONS, MYSQL_POOL_OPTIONS } from '../../../src-shared/code/poolOptions.generated';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'generate-pool-options.mjs');

describe('poolOptions.generated', () => {
  it('matches what the installed drivers accept (re-derived from their sources)', () => {
    const derived = JSON.parse(execFileSync(process.execPath, [SCRIPT, '--json'], { cwd: ROOT, encoding: 'utf8' }));
    assert.deepEqual([...MYSQL2_POOL_OPTIONS].sort(), derived.mysql2.options);
    assert.deepEqual([...MYSQL_POOL_OPTIONS].sort(), derived.mysql.options);
    const header = readFileSync(join(ROOT, 'src-shared', 'code', 'poolOptions.generated.ts'), 'utf8').split('\n')[0];
    assert.ok(header.includes(`mysql2 ${derived.mysql2.version}`), header);
    execFileSync(process.execPath, [SCRIPT, '--check'], { cwd: ROOT });
  });

  it("agrees with mysql2's own check: its PoolConfig warns for exactly the other keys", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const PoolConfig = require(join(ROOT, 'node_modules', 'mysql2', 'lib', 'pool_config.js'));
    const warnedFor = (key: string): boolean => {
      const original = console.error;
      let warned = false;
      console.error = (message: unknown) => {
        if (String(message).includes(`option passed to Connection: ${key}.`)) warned = true;
      };
      try {
        new PoolConfig({ [key]: undefined });
      } finally {
        console.error = original;
      }
      return warned;
    };
    for (const key of MYSQL2_POOL_OPTIONS) assert.equal(warnedFor(key), false, key);
    for (const key of ['acquireTimeout', 'timeout', 'reconnect', 'maxConnections']) assert.equal(warnedFor(key), true, key);
  });

  it('has the differences the spec names', () => {
    for (const key of ['acquireTimeout', 'timeout', 'reconnect']) assert.equal(MYSQL2_POOL_OPTIONS.has(key), false, key);
    assert.equal(MYSQL_POOL_OPTIONS.has('acquireTimeout'), true);
    for (const key of ['connectionLimit', 'host', 'port', 'waitForConnections', 'queueLimit', 'idleTimeout', 'maxIdle', 'uri']) {
      assert.equal(MYSQL2_POOL_OPTIONS.has(key), true, key);
    }
    for (const key of ['connectionLimit', 'host', 'port', 'waitForConnections', 'queueLimit']) assert.equal(MYSQL_POOL_OPTIONS.has(key), true, key);
  });
});
