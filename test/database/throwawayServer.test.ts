import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { ProbeError } from '../../src-node/database/errors';
import { probeDatabase, type ProbeOptions } from '../../src-node/database/probe';
import { PROCESSLIST_INCOMPLETE_NOTE } from '../../src-node/database/processlist';
import { startFaultyProxy, type ProxyFault } from './faultyProxy';
import { startThrowawayMariadb, type ThrowawayMariadb } from './throwawayMariadb';
import { eventuallyEqual, expectProbeFailure, threadsConnected } from './checks';

describe('probe of a throwaway mariadbd (--max-connections=37)', () => {
  let server: ThrowawayMariadb;
  let admin: Connection;
  let baseline: number;

  before(async () => {
    server = await startThrowawayMariadb({ maxConnections: 37 });
    admin = await server.connect(server.root);
    baseline = await threadsConnected(admin);
  });
  after(async () => {
    await admin?.end();
    await server?.stop();
  });

  const asRoot = (): ProbeOptions => ({ host: server.host, port: server.port, ...server.root });
  const asApp = (): ProbeOptions => ({
    host: server.host,
    port: server.port,
    ...server.app,
    database: server.appDatabase,
  });

  /** A failing probe that, like every failure, leaves no thread behind on the server. */
  async function failingProbe(options: ProbeOptions): Promise<ProbeError> {
    const error = await expectProbeFailure(options, [server.app.password]);
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
    return error;
  }

  it('reads max_connections and counts its own connection, then closes it', async () => {
    assert.equal(baseline, 1, 'only the admin connection before the probe');
    const result = await probeDatabase(asRoot());
    assert.equal(result.maxConnections, 37);
    assert.equal(result.threadsConnected, baseline + 1);
    assert.deepEqual(result.processlist.byUser, { root: 2 });
    assert.deepEqual(result.processlist.byHost, { '127.0.0.1': 2 });
    assert.deepEqual(result.processlist.byCommand, { Query: 1, Sleep: 1 });
    assert.equal(result.processlist.sleeping, 1);
    assert.equal(result.processlist.complete, true);
    assert.ok(result.maxUsedConnections! >= 2);
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
  });

  it('tells that a user without PROCESS sees only its own connections', async () => {
    const result = await probeDatabase(asApp());
    assert.equal(result.processlist.complete, false);
    assert.equal(result.processlist.note, PROCESSLIST_INCOMPLETE_NOTE);
    assert.equal(result.processlist.total, 1);
    assert.deepEqual(result.processlist.byUser, { budget_app: 1 });
    assert.deepEqual(result.processlist.byDatabase, { budget: 1 });
    // Global status is not restricted: the admin connection is counted, just not listed.
    assert.equal(result.threadsConnected, baseline + 1);
    assert.equal(result.maxConnections, 37);
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
  });

  it('lists a statement that runs longer than the threshold', async () => {
    const sleeper = await server.connect(server.root);
    const [[idRow]] = await sleeper.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
    const sleeperId = Number(idRow!.id);
    const sleeping = sleeper.query('SELECT SLEEP(600)').catch(() => undefined);
    try {
      await eventuallyEqual(
        async () => {
          const [rows] = await admin.query<RowDataPacket[]>(
            'SELECT TIME >= 2 AS old FROM information_schema.PROCESSLIST WHERE ID = ?',
            [sleeperId],
          );
          return rows[0]?.old === 1;
        },
        true,
        'the sleeping statement never reached 2 s',
      );
      const result = await probeDatabase({ ...asRoot(), longRunningSeconds: 1 });
      assert.equal(result.processlist.longRunningSeconds, 1);
      assert.equal(result.processlist.longRunning.length, 1, JSON.stringify(result.processlist.longRunning));
      const [query] = result.processlist.longRunning;
      assert.equal(query!.id, sleeperId);
      assert.equal(query!.user, 'root');
      assert.equal(query!.host, '127.0.0.1');
      assert.equal(query!.statement, 'SELECT SLEEP(600)');
      assert.ok(query!.seconds >= 2, `seconds ${query!.seconds}`);
    } finally {
      await admin.query(`KILL QUERY ${sleeperId}`);
      await sleeping;
      await sleeper.end();
    }
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the test');
  });

  it('access denied: wrong password', async () => {
    const wrongPassword = `Wrong-${server.app.password}`;
    const error = await failingProbe({ ...asApp(), password: wrongPassword });
    assert.equal(error.kind, 'access-denied');
    assert.equal(error.code, 'ER_ACCESS_DENIED_ERROR');
    assert.equal(error.action, 'set-password');
    assert.equal(
      error.message,
      `127.0.0.1:${server.port} denied access to user "budget_app"; check the user name and set the password again.`,
    );
  });

  it('access denied: a database the user may not use', async () => {
    const error = await failingProbe({ ...asApp(), database: 'mysql' });
    assert.equal(error.kind, 'access-denied');
    assert.equal(error.code, 'ER_DBACCESS_DENIED_ERROR');
    assert.equal(error.action, 'open-settings');
    assert.match(error.message, /^User "budget_app" may not use database "mysql" on 127\.0\.0\.1:\d+;/);
  });

  it('unknown database', async () => {
    const error = await failingProbe({ ...asRoot(), database: 'no_such_database' });
    assert.equal(error.kind, 'unknown-database');
    assert.equal(error.code, 'ER_BAD_DB_ERROR');
    assert.equal(error.action, 'open-settings');
    assert.match(error.message, /^Database "no_such_database" does not exist on 127\.0\.0\.1:\d+;/);
  });

  it('TLS required by the settings, the server has none', async () => {
    const error = await failingProbe({ ...asApp(), ssl: {} });
    assert.equal(error.kind, 'tls');
    assert.equal(error.code, 'HANDSHAKE_NO_SSL_SUPPORT');
    assert.equal(error.action, 'open-settings');
    assert.match(error.message, /does not support TLS but the settings require it/);
  });

  async function throughProxy(fault: ProxyFault, extra: Partial<ProbeOptions> = {}) {
    const proxy = await startFaultyProxy(server, fault, 2);
    try {
      const error = await failingProbe({ ...asApp(), port: proxy.port, ...extra });
      assert.equal(proxy.accepted(), 1);
      assert.equal(proxy.faultsInjected(), 1, 'the fault happened at the second statement');
      assert.equal(proxy.openClientSockets(), 0);
      return error;
    } finally {
      await proxy.close();
    }
  }

  it('server gone away mid-probe: connection closed', async () => {
    const error = await throughProxy('close');
    assert.equal(error.kind, 'connection-lost');
    assert.equal(error.code, 'PROTOCOL_CONNECTION_LOST');
    assert.equal(error.action, 'none');
    assert.match(error.message, /closed the connection during the probe/);
  });

  it('server gone away mid-probe: connection reset', async () => {
    const error = await throughProxy('reset');
    assert.equal(error.kind, 'connection-lost');
    assert.equal(error.code, 'ECONNRESET');
    assert.match(error.message, /reset the connection during the probe/);
  });

  it('statement timeout: the server stops answering after the handshake', async () => {
    const error = await throughProxy('stall', { statementTimeoutMs: 1500 });
    assert.equal(error.kind, 'timeout');
    assert.equal(error.code, 'PROTOCOL_SEQUENCE_TIMEOUT');
    assert.equal(error.action, 'none');
    assert.match(error.message, /did not answer a query within 1\.5 s/);
  });
});
