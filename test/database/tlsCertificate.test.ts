import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'mysql2/promise';
import { probeDatabase, type ProbeOptions } from '../../src-node/database/probe';
import { makeSelfSignedCertificate } from './selfSignedCertificate';
import { startThrowawayMariadb, type ThrowawayMariadb } from './throwawayMariadb';
import { eventuallyEqual, expectProbeFailure, threadsConnected } from './checks';

describe('probe of a throwaway mariadbd with a self-signed TLS certificate', () => {
  const certificate = makeSelfSignedCertificate();
  let server: ThrowawayMariadb;
  let admin: Connection;
  let baseline: number;

  before(async () => {
    server = await startThrowawayMariadb({ maxConnections: 37, tls: certificate });
    admin = await server.connect(server.root);
    // Success of this user then proves that the probe really spoke TLS.
    await admin.query('ALTER USER ??@? REQUIRE SSL', [server.app.user, '%']);
    baseline = await threadsConnected(admin);
  });
  after(async () => {
    await admin?.end();
    await server?.stop();
  });

  const asApp = (ssl: ProbeOptions['ssl']): ProbeOptions => ({
    host: server.host,
    port: server.port,
    ...server.app,
    ...(ssl === undefined ? {} : { ssl }),
  });

  it('rejects the certificate when no CA is given', async () => {
    const error = await expectProbeFailure(asApp({}));
    assert.equal(error.kind, 'tls');
    // mysql2 replaces Node's DEPTH_ZERO_SELF_SIGNED_CERT with its own code.
    assert.equal(error.code, 'HANDSHAKE_SSL_ERROR');
    assert.equal(error.action, 'open-settings');
    assert.equal(
      error.message,
      `The TLS certificate of 127.0.0.1:${server.port} was not accepted (self-signed certificate); set the CA certificate that signed it in the settings.`,
    );
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
  });

  it('connects over TLS with the CA from the settings', async () => {
    const result = await probeDatabase(asApp({ ca: certificate.certificatePem }));
    assert.equal(result.maxConnections, 37);
    assert.equal(result.threadsConnected, baseline + 1);
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
  });

  it('rejects the certificate for a host name it does not list, even with the right CA', async () => {
    const error = await expectProbeFailure({ ...asApp({ ca: certificate.certificatePem }), host: 'localhost' });
    assert.equal(error.kind, 'tls');
    assert.equal(
      error.message,
      `The TLS certificate of localhost:${server.port} was not accepted (Hostname/IP does not match certificate's altnames: Host: localhost); connect with a host name that the certificate lists.`,
    );
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
  });

  it('connects over TLS without checking when rejectUnauthorized is false', async () => {
    const result = await probeDatabase(asApp({ rejectUnauthorized: false }));
    assert.equal(result.maxConnections, 37);
  });

  it('without TLS the account that requires it is denied', async () => {
    const error = await expectProbeFailure(asApp(undefined));
    assert.equal(error.kind, 'access-denied');
    assert.equal(error.code, 'ER_ACCESS_DENIED_ERROR');
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after the probe');
  });
});
