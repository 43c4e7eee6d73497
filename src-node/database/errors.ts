import { formatEndpoint } from './connectionUrl';

export type ProbeErrorKind =
  | 'refused'
  | 'unknown-host'
  | 'timeout'
  | 'access-denied'
  | 'unknown-database'
  | 'too-many-connections'
  | 'tls'
  | 'connection-lost'
  | 'other';

/** What the extension offers as a notification button. */
export type ProbeErrorAction = 'open-settings' | 'set-password' | 'none';

export const DEFAULT_ACTION: Readonly<Record<ProbeErrorKind, ProbeErrorAction>> = {
  refused: 'open-settings',
  'unknown-host': 'open-settings',
  timeout: 'open-settings',
  'access-denied': 'set-password',
  'unknown-database': 'open-settings',
  'too-many-connections': 'none',
  tls: 'open-settings',
  'connection-lost': 'none',
  other: 'none',
};

/** A probe failure as one sentence that says what to do; never contains the password. */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';

  constructor(
    readonly kind: ProbeErrorKind,
    message: string,
    /** The driver's or server's error code (`ECONNREFUSED`, `ER_ACCESS_DENIED_ERROR`), when there is one. */
    readonly code?: string,
    readonly action: ProbeErrorAction = DEFAULT_ACTION[kind],
  ) {
    super(message);
  }
}

export interface ProbeErrorContext {
  host: string;
  port: number;
  user: string;
  database?: string;
  password?: string;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

interface DriverError {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  message?: unknown;
  sqlMessage?: unknown;
}

const CERTIFICATE_CODE = /CERT|SELF_SIGNED|ALTNAME|HOSTNAME_MISMATCH|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;
const CERTIFICATE_MESSAGE = /certificate|altnames/i;
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_|EPROTO$)/;

export function toProbeError(error: unknown, context: ProbeErrorContext): ProbeError {
  if (error instanceof ProbeError) {
    return error;
  }
  const driverError: DriverError = typeof error === 'object' && error !== null ? error : {};
  const code = typeof driverError.code === 'string' ? driverError.code : undefined;
  const endpoint = formatEndpoint(context.host, context.port);
  const user = `"${context.user}"`;
  const database = `"${context.database ?? ''}"`;

  switch (code) {
    case 'ECONNREFUSED':
      return new ProbeError(
        'refused',
        `${endpoint} refused the connection; check that the server is running and that host and port are right.`,
        code,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ProbeError(
        'refused',
        `${endpoint} cannot be reached from this machine (${code}); check the host, the network and any firewall.`,
        code,
      );
    case 'ENOTFOUND':
      return new ProbeError(
        'unknown-host',
        `The host name "${context.host}" could not be resolved; check the host in the database settings.`,
        code,
      );
    case 'EAI_AGAIN':
      return new ProbeError(
        'unknown-host',
        `The host name "${context.host}" could not be resolved because DNS did not answer; check the host and the network.`,
        code,
      );
    case 'ETIMEDOUT':
      return new ProbeError(
        'timeout',
        `${endpoint} did not complete the MySQL handshake within ${seconds(context.connectTimeoutMs)}; check that it is a MySQL port and that no firewall drops the traffic.`,
        code,
      );
    case 'PROTOCOL_SEQUENCE_TIMEOUT':
      return new ProbeError(
        'timeout',
        `${endpoint} did not answer a query within ${seconds(context.statementTimeoutMs)}; the server may be overloaded, so try again later.`,
        code,
        'none',
      );
    case 'ER_ACCESS_DENIED_ERROR':
      return new ProbeError(
        'access-denied',
        `${endpoint} denied access to user ${user}; check the user name and set the password again.`,
        code,
      );
    case 'ER_DBACCESS_DENIED_ERROR':
      return new ProbeError(
        'access-denied',
        `User ${user} may not use database ${database} on ${endpoint}; grant access or choose another database in the settings.`,
        code,
        'open-settings',
      );
    case 'ER_HOST_NOT_PRIVILEGED':
      return new ProbeError(
        'access-denied',
        `${endpoint} does not let this machine connect; create an account for this client host or connect from an allowed one.`,
        code,
        'none',
      );
    case 'ER_BAD_DB_ERROR':
      return new ProbeError(
        'unknown-database',
        `Database ${database} does not exist on ${endpoint}; correct the database name in the settings.`,
        code,
      );
    case 'ER_CON_COUNT_ERROR':
      return new ProbeError(
        'too-many-connections',
        `${endpoint} answered "Too many connections": the server is full, which is itself the finding, so close idle connections or raise max_connections.`,
        code,
      );
    case 'ER_TOO_MANY_USER_CONNECTIONS':
    case 'ER_USER_LIMIT_REACHED':
      return new ProbeError(
        'too-many-connections',
        `User ${user} has used up its own connection limit on ${endpoint}: the account is full, which is itself the finding, so close idle connections or raise max_user_connections.`,
        code,
      );
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return new ProbeError(
        'tls',
        `${endpoint} does not support TLS but the settings require it; enable TLS on the server or turn it off in the settings.`,
        code,
      );
    case 'PROTOCOL_CONNECTION_LOST':
      return new ProbeError(
        'connection-lost',
        `${endpoint} closed the connection during the probe; the server may have restarted or killed the connection, so check its log and try again.`,
        code,
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return new ProbeError(
        'connection-lost',
        `${endpoint} reset the connection during the probe; the server may have restarted or killed the connection, so check its log and try again.`,
        code,
      );
  }

  // mysql2 replaces the TLS error's own code with HANDSHAKE_SSL_ERROR; only Node's message is left.
  if (code === 'HANDSHAKE_SSL_ERROR') {
    const reason = oneLine(driverError.message, context.password);
    return CERTIFICATE_MESSAGE.test(reason)
      ? certificateError(endpoint, reason, code)
      : new ProbeError(
          'tls',
          `The TLS handshake with ${endpoint} failed (${reason}); check the TLS settings and the server's TLS setup.`,
          code,
        );
  }
  if (code !== undefined && CERTIFICATE_CODE.test(code)) {
    return certificateError(endpoint, code, code);
  }
  if (code !== undefined && TLS_CODE.test(code)) {
    return new ProbeError(
      'tls',
      `The TLS handshake with ${endpoint} failed (${code}); check the TLS settings and the server's TLS setup.`,
      code,
    );
  }

  const detail = oneLine(driverError.sqlMessage ?? driverError.message ?? String(error), context.password);
  const prefix = code === undefined ? '' : `${code}: `;
  return new ProbeError('other', `Querying ${endpoint} failed (${prefix}${detail}).`, code);
}

function certificateError(endpoint: string, reason: string, code: string): ProbeError {
  const remedy = /altnames|ALTNAME|HOSTNAME/.test(reason)
    ? 'connect with a host name that the certificate lists'
    : 'set the CA certificate that signed it in the settings';
  return new ProbeError('tls', `The TLS certificate of ${endpoint} was not accepted (${reason}); ${remedy}.`, code);
}

function seconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(1))} s`;
}

/** The driver's own text, cut to its first line and sentence, with the password masked. */
function oneLine(text: unknown, password: string | undefined): string {
  let line = String(text).split('\n')[0]!.trim();
  if (password) {
    line = line.split(password).join('***');
  }
  line = line.replace(/\.\s.*$/, '').replace(/\.+$/, '');
  return line === '' ? 'no details' : line;
}
