import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnection, type Connection } from 'mysql2/promise';
import { formatProbeReport } from '../../src-node/database/format';
import { probeDatabase, type ProbeResult } from '../../src-node/database/probe';
import { eventuallyEqual, processExists } from './checks';

// The MariaDB that runs on this machine before the session (root, empty password, database `test`).
// Other people's tests may use it at the same time, so only figures that they cannot change are exact.
const target = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };

describe('probe of the local MariaDB on 127.0.0.1:3306', () => {
  let admin: Connection;
  let result: ProbeResult;

  before(async () => {
    admin = await createConnection({ host: target.host, port: target.port, user: target.user });
    result = await probeDatabase(target);
  });
  after(async () => {
    await admin?.end();
  });

  it('reads sane figures', () => {
    assert.match(result.server.version, /MariaDB/);
    assert.deepEqual(
      [result.server.host, result.server.port, result.server.user, result.server.database],
      ['127.0.0.1', 3306, 'root', 'test'],
    );
    assert.equal(result.maxConnections, 151);
    assert.equal(result.maxUserConnections, 0);
    // The probe and the admin connection are both connected while the probe reads.
    assert.ok(result.threadsConnected! >= 2, `Threads_connected ${result.threadsConnected}`);
    assert.ok(result.threadsRunning! >= 1, `Threads_running ${result.threadsRunning}`);
    assert.ok(
      result.maxUsedConnections! >= result.threadsConnected!,
      `Max_used_connections ${result.maxUsedConnections} < Threads_connected ${result.threadsConnected}`,
    );
    assert.ok(Number.isInteger(result.connectionErrorsMaxConnections) && result.connectionErrorsMaxConnections! >= 0);
    assert.ok(Number.isInteger(result.abortedConnects) && result.abortedConnects! >= 0);
  });

  it('reports Max_used_connections_time as not available, since MariaDB has none', () => {
    assert.equal(result.maxUsedConnectionsTime, null);
    assert.deepEqual(result.unavailable, ['Max_used_connections_time']);
    assert.match(formatProbeReport(result), /^Max_used_connections_time +not available$/m);
  });

  it('sees the whole processlist as root, with the probe itself in it', () => {
    const { processlist } = result;
    assert.equal(processlist.complete, true);
    assert.equal(processlist.note, undefined);
    assert.ok(processlist.total >= 2, `processlist total ${processlist.total}`);
    assert.ok(processlist.byUser.root! >= 2, JSON.stringify(processlist.byUser));
    assert.ok(processlist.byHost['127.0.0.1']! >= 2, JSON.stringify(processlist.byHost));
    assert.ok(processlist.byDatabase.test! >= 1, JSON.stringify(processlist.byDatabase));
    assert.ok(processlist.byCommand.Query! >= 1, JSON.stringify(processlist.byCommand));
    for (const host of Object.keys(processlist.byHost)) {
      assert.doesNotMatch(host, /:\d+$/, `client port left in ${host}`);
    }
    assert.equal(
      Object.values(processlist.byUser).reduce((sum, count) => sum + count, 0),
      processlist.total,
    );
  });

  it('returns plain JSON data', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
  });

  it('closes its connection', async () => {
    assert.ok(result.server.connectionId > 0);
    await eventuallyEqual(() => processExists(admin, result.server.connectionId), false, 'probe thread still on the server');
  });
});
