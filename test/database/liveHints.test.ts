import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { probeDatabase } from '../../src-node/database/probe';
import { SET_LIVE_SERVERS_NOTIFICATION, type SetLiveServersParams } from '../../src-shared/protocol';
import { Session } from '../protocol/session';
import { startThrowawayMariadb, type ThrowawayMariadb } from './throwawayMariadb';

describe('the live max_connections of a real server reaches the language server\'s hints', () => {
  let server: ThrowawayMariadb;
  let session: Session;

  before(async () => {
    server = await startThrowawayMariadb({ maxConnections: 37 });
    session = await Session.start(['docker-compose', 'kubernetes']);
  });
  after(async () => {
    await session?.close();
    await server?.stop();
  });

  it('probes the throwaway mariadbd (--max-connections=37) and the hints switch to "of 37 live"', async () => {
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 3'), '= 18 conns · 11.9 % of 151');
    const result = await probeDatabase({ host: server.host, port: server.port, ...server.app, database: server.appDatabase });
    assert.equal(result.maxConnections, 37);
    // What the Query Database command sends: the reading for the probed host and port. Each folder
    // here has a single server, so the reading applies to it (the "only server" rule of SPEC §8).
    const params: SetLiveServersParams = { servers: [{ host: result.server.host, port: result.server.port, maxConnections: result.maxConnections! }] };
    session.client.notify(SET_LIVE_SERVERS_NOTIFICATION, params);
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 3'), '= 18 conns · 48.6 % of 37 live');
    assert.equal(
      await session.hintAfter('kubernetes', 'k8s/deployment.yaml', 'replicas: 5'),
      '= 40 conns · 108.1 % of 37 live · peak 56 (151.4 %)',
    );
  });
});
