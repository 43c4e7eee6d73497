import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grantsIncludeProcess, seesOtherUsers } from '../../src-node/database/privileges';
import {
  PROCESSLIST_INCOMPLETE_NOTE,
  hostWithoutPort,
  summariseProcesslist,
  type ProcesslistRow,
} from '../../src-node/database/processlist';

function row(fields: Partial<ProcesslistRow> & { id: number }): ProcesslistRow {
  return {
    user: 'app',
    host: '10.0.0.5:51234',
    database: 'shop',
    command: 'Sleep',
    seconds: 0,
    state: '',
    statement: null,
    ...fields,
  };
}

describe('summariseProcesslist', () => {
  const rows = [
    row({ id: 1 }),
    row({ id: 2, host: '10.0.0.5:40000' }),
    row({ id: 3, host: '10.0.0.6:40001', command: 'Query', seconds: 31, statement: 'SELECT * FROM orders' }),
    row({ id: 4, user: 'report', host: '[::1]:5000', database: null, command: 'Query', seconds: 30 }),
    row({ id: 5, user: 'system user', host: '', database: null, command: 'Daemon', seconds: 90000 }),
    row({ id: 6, user: 'root', host: 'localhost', command: 'Execute', seconds: 120, statement: 'UPDATE t SET a = 1' }),
  ];

  it('counts by user, client host without port, command and database, largest first', () => {
    const summary = summariseProcesslist(rows, { complete: true });
    assert.equal(summary.total, 6);
    assert.equal(summary.sleeping, 2);
    assert.deepEqual(Object.entries(summary.byUser), [['app', 3], ['report', 1], ['root', 1], ['system user', 1]]);
    assert.deepEqual(Object.entries(summary.byHost), [['10.0.0.5', 2], ['(none)', 1], ['10.0.0.6', 1], ['::1', 1], ['localhost', 1]]);
    assert.deepEqual(summary.byCommand, { Query: 2, Sleep: 2, Daemon: 1, Execute: 1 });
    assert.deepEqual(summary.byDatabase, { shop: 4, '(none)': 2 });
    assert.equal(summary.complete, true);
    assert.equal('note' in summary, false);
  });

  it('lists statements over 30 s, longest first, and leaves out sleeping and server threads', () => {
    const summary = summariseProcesslist(rows, { complete: true });
    assert.equal(summary.longRunningSeconds, 30);
    assert.deepEqual(summary.longRunning, [
      { id: 6, user: 'root', host: 'localhost', database: 'shop', seconds: 120, state: '', statement: 'UPDATE t SET a = 1' },
      { id: 3, user: 'app', host: '10.0.0.6', database: 'shop', seconds: 31, state: '', statement: 'SELECT * FROM orders' },
    ]);
  });

  it('takes another threshold', () => {
    const summary = summariseProcesslist(rows, { complete: true, longRunningSeconds: 29 });
    assert.deepEqual(summary.longRunning.map((query) => query.id), [6, 3, 4]);
  });

  it('says why an incomplete list is incomplete', () => {
    const summary = summariseProcesslist(rows.slice(0, 1), { complete: false });
    assert.equal(summary.complete, false);
    assert.equal(summary.note, PROCESSLIST_INCOMPLETE_NOTE);
  });

  it('gives empty counts for no rows', () => {
    const summary = summariseProcesslist([], { complete: true });
    assert.deepEqual(
      [summary.total, summary.sleeping, summary.byUser, summary.longRunning],
      [0, 0, {}, []],
    );
  });
});

describe('hostWithoutPort', () => {
  it('drops the client port in every form the server writes', () => {
    assert.equal(hostWithoutPort('192.168.1.20:61000'), '192.168.1.20');
    assert.equal(hostWithoutPort('app-1.internal:61000'), 'app-1.internal');
    assert.equal(hostWithoutPort('::1:61000'), '::1');
    assert.equal(hostWithoutPort('[fe80::1]:61000'), 'fe80::1');
    assert.equal(hostWithoutPort('localhost'), 'localhost');
    assert.equal(hostWithoutPort(null), '(none)');
  });
});

describe('grantsIncludeProcess', () => {
  it('finds PROCESS or ALL PRIVILEGES granted on *.*', () => {
    assert.equal(grantsIncludeProcess(['GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION']), true);
    assert.equal(grantsIncludeProcess(['GRANT SELECT, PROCESS, REPLICATION CLIENT ON *.* TO `monitor`@`%`']), true);
    assert.equal(grantsIncludeProcess(['GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD \'*ABC\'']), false);
    assert.equal(grantsIncludeProcess(['GRANT ALL PRIVILEGES ON `shop`.* TO `app`@`%`']), false);
    assert.equal(grantsIncludeProcess(['GRANT `monitoring` TO `app`@`%`']), false);
    assert.equal(grantsIncludeProcess([]), false);
  });

  it('treats a thread of another user as proof of PROCESS', () => {
    assert.equal(seesOtherUsers(['app', 'app'], 'app'), false);
    assert.equal(seesOtherUsers(['app', 'root'], 'app'), true);
    assert.equal(seesOtherUsers([null], 'app'), false);
  });
});
