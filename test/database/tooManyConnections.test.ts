import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { probeDatabase } from '../../src-node/database/probe';
import { startThrowawayMariadb, type ThrowawayMariadb } from './throwawayMariadb';
import { eventuallyEqual, expectProbeFailure, threadsConnected } from './checks';

// MariaDB 10.11 raises --max-connections below 10 to 10, and lets one connection more in for
// SUPER users (root here). So the non-super user holds all 10 ordinary slots, root watches
// through the extra one, and the probe, as the non-super user, finds the server full.
const MAX_CONNECTIONS = 10;

describe(`probe of a full throwaway mariadbd (--max-connections=${MAX_CONNECTIONS})`, () => {
  let server: ThrowawayMariadb;
  const holders: Connection[] = [];
  let admin: Connection;

  before(async () => {
    server = await startThrowawayMariadb({ maxConnections: MAX_CONNECTIONS });
    for (let slot = 0; slot < MAX_CONNECTIONS; slot++) {
      holders.push(await server.connect(server.app));
    }
    admin = await server.connect(server.root);
  });
  after(async () => {
    await Promise.all(holders.map((holder) => holder.end()));
    await admin?.end();
    await server?.stop();
  });

  async function refusedForMaxConnections(): Promise<number> {
    const [rows] = await admin.query<RowDataPacket[]>(
      "SHOW GLOBAL STATUS LIKE 'Connection_errors_max_connections'",
    );
    return Number(rows[0]?.Value);
  }

  it('too many connections: the server is full, which is the finding', async () => {
    const baseline = await threadsConnected(admin);
    assert.equal(baseline, MAX_CONNECTIONS + 1, 'holders and admin');
    const refusedBefore = await refusedForMaxConnections();

    const error = await expectProbeFailure({ host: server.host, port: server.port, ...server.app });
    assert.equal(error.kind, 'too-many-connections');
    assert.equal(error.code, 'ER_CON_COUNT_ERROR');
    assert.equal(error.action, 'none');
    assert.equal(
      error.message,
      `127.0.0.1:${server.port} answered "Too many connections": the server is full, which is itself the finding, so close idle connections or raise max_connections.`,
    );
    assert.equal(await refusedForMaxConnections(), refusedBefore + 1);
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
  });

  it('once connections are freed the probe gets in and reports the refusal it met', async () => {
    // Two holders leave: root's connection now counts against the 10 ordinary slots too.
    await holders.pop()!.end();
    await holders.pop()!.end();
    const idle = MAX_CONNECTIONS - 1;
    await eventuallyEqual(() => threadsConnected(admin), idle, 'Threads_connected after two holders left');

    const result = await probeDatabase({ host: server.host, port: server.port, ...server.app });
    assert.equal(result.maxConnections, MAX_CONNECTIONS);
    assert.equal(result.threadsConnected, MAX_CONNECTIONS);
    assert.equal(result.maxUsedConnections, MAX_CONNECTIONS + 1);
    assert.equal(result.connectionErrorsMaxConnections, 1);
    assert.deepEqual(result.processlist.byUser, { budget_app: MAX_CONNECTIONS - 1 });
    assert.equal(result.processlist.complete, false);
    await eventuallyEqual(() => threadsConnected(admin), idle, 'Threads_connected after the probe');
  });
});
