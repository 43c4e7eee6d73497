import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSilentListener } from './silentListener';
import { freePort } from './throwawayMariadb';
import { eventuallyEqual, expectProbeFailure } from './checks';

const password = 'TopSecret-4711';

describe('probe failures before any MySQL server answers', () => {
  it('refused: nothing listens on the port', async () => {
    const port = await freePort();
    const error = await expectProbeFailure({ host: '127.0.0.1', port, user: 'app', password });
    assert.equal(error.kind, 'refused');
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(error.action, 'open-settings');
    assert.equal(
      error.message,
      `127.0.0.1:${port} refused the connection; check that the server is running and that host and port are right.`,
    );
  });

  it('unknown host', async () => {
    const error = await expectProbeFailure({ host: 'no-such-host.invalid', port: 3306, user: 'app', password });
    assert.equal(error.kind, 'unknown-host');
    assert.ok(['ENOTFOUND', 'EAI_AGAIN'].includes(error.code!), `code ${error.code}`);
    assert.equal(error.action, 'open-settings');
    assert.match(error.message, /^The host name "no-such-host\.invalid" could not be resolved/);
  });

  it('timeout: a port that accepts TCP and never answers, and its socket is closed', async () => {
    const listener = await startSilentListener();
    try {
      const error = await expectProbeFailure({
        host: '127.0.0.1',
        port: listener.port,
        user: 'app',
        password,
        connectTimeoutMs: 1500,
      });
      assert.equal(error.kind, 'timeout');
      assert.equal(error.code, 'ETIMEDOUT');
      assert.equal(error.action, 'open-settings');
      assert.match(error.message, /^127\.0\.0\.1:\d+ did not complete the MySQL handshake within 1\.5 s;/);
      assert.equal(listener.accepted(), 1);
      await eventuallyEqual(listener.openSockets, 0, 'the listener still holds the probe socket');
    } finally {
      await listener.close();
    }
  });

  it('an unreadable CA certificate is reported before connecting', async () => {
    const listener = await startSilentListener();
    try {
      const error = await expectProbeFailure({
        host: '127.0.0.1',
        port: listener.port,
        user: 'app',
        password,
        ssl: { ca: '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n' },
      });
      assert.equal(error.kind, 'tls');
      assert.equal(error.action, 'open-settings');
      assert.match(error.message, /^The CA certificate in the settings could not be read;/);
      assert.equal(listener.accepted(), 0);
    } finally {
      await listener.close();
    }
  });
});
