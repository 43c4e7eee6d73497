import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ACTION, ProbeError, toProbeError, type ProbeErrorContext } from '../../src-node/database/errors';
import { assertOneSentence } from './checks';

// Failures that the live tests cannot produce on this machine; the others are produced for real.
const context: ProbeErrorContext = {
  host: 'db.internal',
  port: 3306,
  user: 'app',
  database: 'shop',
  password: 'TopSecret',
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 2_500,
};

function driverError(code: string, message = 'driver text', extra: object = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

describe('toProbeError', () => {
  const cases: [code: string, kind: ProbeError['kind'], action: ProbeError['action'], text: RegExp][] = [
    ['EAI_AGAIN', 'unknown-host', 'open-settings', /"db\.internal" could not be resolved because DNS did not answer/],
    ['EHOSTUNREACH', 'refused', 'open-settings', /db\.internal:3306 cannot be reached from this machine \(EHOSTUNREACH\)/],
    ['ER_HOST_NOT_PRIVILEGED', 'access-denied', 'none', /does not let this machine connect/],
    ['ER_TOO_MANY_USER_CONNECTIONS', 'too-many-connections', 'none', /User "app" has used up its own connection limit/],
    ['ER_USER_LIMIT_REACHED', 'too-many-connections', 'none', /raise max_user_connections/],
    ['CERT_HAS_EXPIRED', 'tls', 'open-settings', /certificate of db\.internal:3306 was not accepted \(CERT_HAS_EXPIRED\)/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', 'open-settings', /was not accepted \(ERR_TLS_CERT_ALTNAME_INVALID\)/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', 'open-settings', /TLS handshake with db\.internal:3306 failed/],
    ['EPIPE', 'connection-lost', 'none', /reset the connection during the probe/],
    ['PROTOCOL_SEQUENCE_TIMEOUT', 'timeout', 'none', /did not answer a query within 2\.5 s/],
  ];
  for (const [code, kind, action, text] of cases) {
    it(`classifies ${code} as ${kind}`, () => {
      const error = toProbeError(driverError(code), context);
      assert.equal(error.kind, kind);
      assert.equal(error.action, action);
      assert.equal(error.code, code);
      assert.match(error.message, text);
      assertOneSentence(error.message);
    });
  }

  it('reads the reason of a TLS failure that mysql2 labels HANDSHAKE_SSL_ERROR from its message', () => {
    const certificate = toProbeError(driverError('HANDSHAKE_SSL_ERROR', 'certificate has expired'), context);
    assert.equal(certificate.kind, 'tls');
    assert.equal(
      certificate.message,
      'The TLS certificate of db.internal:3306 was not accepted (certificate has expired); set the CA certificate that signed it in the settings.',
    );
    const protocol = toProbeError(
      driverError('HANDSHAKE_SSL_ERROR', 'C0A7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'),
      context,
    );
    assert.equal(protocol.kind, 'tls');
    assert.match(protocol.message, /^The TLS handshake with db\.internal:3306 failed \(.*wrong version number\);/);
    assertOneSentence(protocol.message);
  });

  it('keeps the server text of an unknown error to one sentence and masks the password', () => {
    const error = toProbeError(
      driverError('ER_SOMETHING_NEW', 'ignored', {
        sqlMessage: "Option 'TopSecret' is odd. Second sentence.\nat stack (file.js:1:2)",
      }),
      context,
    );
    assert.equal(error.kind, 'other');
    assert.equal(error.action, 'none');
    assert.equal(error.message, "Querying db.internal:3306 failed (ER_SOMETHING_NEW: Option '***' is odd).");
  });

  it('turns a thrown non-error into an "other" failure', () => {
    const error = toProbeError('boom', context);
    assert.equal(error.kind, 'other');
    assert.equal(error.code, undefined);
    assert.equal(error.message, 'Querying db.internal:3306 failed (boom).');
  });

  it('passes a ProbeError through unchanged', () => {
    const original = new ProbeError('tls', 'Already classified.');
    assert.equal(toProbeError(original, context), original);
  });

  it('has a default action for every kind', () => {
    assert.deepEqual(DEFAULT_ACTION, {
      refused: 'open-settings',
      'unknown-host': 'open-settings',
      timeout: 'open-settings',
      'access-denied': 'set-password',
      'unknown-database': 'open-settings',
      'too-many-connections': 'none',
      tls: 'open-settings',
      'connection-lost': 'none',
      other: 'none',
    });
    assert.equal(new ProbeError('access-denied', 'x.').action, 'set-password');
  });
});
