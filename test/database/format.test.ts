import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOT_AVAILABLE, formatProbeReport } from '../../src-node/database/format';
import type { ProbeResult } from '../../src-node/database/probe';
import { summariseProcesslist } from '../../src-node/database/processlist';

function result(overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    server: { version: '8.0.36', host: 'db.internal', port: 3306, user: 'monitor', database: 'shop', connectionId: 42 },
    maxConnections: 200,
    maxUserConnections: 0,
    threadsConnected: 25,
    threadsRunning: 3,
    maxUsedConnections: 180,
    maxUsedConnectionsTime: '2026-11-20 09:15:02',
    connectionErrorsMaxConnections: 4,
    abortedConnects: 17,
    processlist: summariseProcesslist(
      [
        { id: 7, user: 'app', host: '10.0.0.5:5100', database: 'shop', command: 'Sleep', seconds: 5, state: '', statement: null },
        { id: 8, user: 'app', host: '10.0.0.6:5101', database: 'shop', command: 'Query', seconds: 95, state: 'Sending data', statement: 'SELECT *\n  FROM orders' },
        { id: 42, user: 'monitor', host: '10.0.0.9:6000', database: null, command: 'Query', seconds: 0, state: 'executing', statement: 'SELECT ID FROM information_schema.PROCESSLIST' },
      ],
      { complete: true },
    ),
    unavailable: [],
    ...overrides,
  };
}

describe('formatProbeReport', () => {
  it('prints an aligned report', () => {
    assert.equal(
      formatProbeReport(result()),
      [
        'Server   monitor@db.internal:3306/shop',
        'Version  8.0.36',
        '',
        'max_connections                    200',
        'max_user_connections               0 (no per-user limit)',
        'Threads_connected                  25 (12.5% of max_connections)',
        'Threads_running                    3',
        'Max_used_connections               180 (90.0% of max_connections)',
        'Max_used_connections_time          2026-11-20 09:15:02',
        'Connection_errors_max_connections  4',
        'Aborted_connects                   17',
        '',
        'Processlist: 3 connections including this probe, 1 sleeping',
        '  By user',
        '    app      2',
        '    monitor  1',
        '  By client host',
        '    10.0.0.5  1',
        '    10.0.0.6  1',
        '    10.0.0.9  1',
        '  By command',
        '    Query  2',
        '    Sleep  1',
        '  By database',
        '    shop    2',
        '    (none)  1',
        '  Statements running over 30 s',
        '    #8 app@10.0.0.6 95 s  SELECT * FROM orders',
        '',
      ].join('\n'),
    );
  });

  it(`prints "${NOT_AVAILABLE}" for figures the server lacks and the note of an incomplete processlist`, () => {
    const text = formatProbeReport(
      result({
        maxUsedConnectionsTime: null,
        connectionErrorsMaxConnections: null,
        maxConnections: null,
        maxUserConnections: 10,
        processlist: summariseProcesslist([], { complete: false }),
      }),
    );
    assert.match(text, /^max_connections {20}not available$/m);
    assert.match(text, /^max_user_connections {15}10$/m);
    assert.match(text, /^Threads_connected {18}25$/m);
    assert.match(text, /^Max_used_connections_time {10}not available$/m);
    assert.match(text, /^Connection_errors_max_connections {2}not available$/m);
    assert.match(text, /^Processlist: 0 connections including this probe, 0 sleeping$/m);
    assert.match(text, /^ {2}By user\n {4}none$/m);
    assert.match(text, /^ {2}Statements running over 30 s: none$/m);
    assert.match(text, /^ {2}Note: The account lacks the PROCESS privilege, so only its own connections are listed/m);
  });
});
