import * as net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { ProbeError, toProbeError, type ProbeErrorContext } from './errors';
import { grantsIncludeProcess, seesOtherUsers } from './privileges';
import {
  STATEMENT_PREVIEW_LENGTH,
  summariseProcesslist,
  type ProcesslistRow,
  type ProcesslistSummary,
} from './processlist';

export interface ProbeTlsOptions {
  /** PEM text of the CA that signed the server certificate; Node's CA list when absent or blank. */
  ca?: string;
  /** Default true. */
  rejectUnauthorized?: boolean;
}

export interface ProbeOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  ssl?: ProbeTlsOptions;
  /** Default 10000. */
  connectTimeoutMs?: number;
  /** Limit for each statement; default 10000. */
  statementTimeoutMs?: number;
  /** Statements running longer than this are listed; default 30. */
  longRunningSeconds?: number;
}

export interface ProbeResult {
  server: {
    version: string;
    host: string;
    port: number;
    user: string;
    database: string | null;
    /** The probe's own thread, which the processlist and Threads_connected include. */
    connectionId: number;
  };
  maxConnections: number | null;
  maxUserConnections: number | null;
  threadsConnected: number | null;
  threadsRunning: number | null;
  maxUsedConnections: number | null;
  maxUsedConnectionsTime: string | null;
  connectionErrorsMaxConnections: number | null;
  abortedConnects: number | null;
  processlist: ProcesslistSummary;
  /** Variable and status names this server did not report (MariaDB has no Max_used_connections_time). */
  unavailable: string[];
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 2_000;

const VARIABLES = ['max_connections', 'max_user_connections'] as const;
const STATUS = [
  'Threads_connected',
  'Threads_running',
  'Max_used_connections',
  'Max_used_connections_time',
  'Connection_errors_max_connections',
  'Aborted_connects',
] as const;

// Fixed text only: nothing from the user is ever part of a statement.
const SQL = {
  variables: `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${VARIABLES.map((name) => `'${name}'`).join(', ')})`,
  status: `SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS.map((name) => `'${name}'`).join(', ')})`,
  version: 'SELECT VERSION(), CONNECTION_ID()',
  grants: 'SHOW GRANTS',
  processlist: `SELECT ID, USER, HOST, DB, COMMAND, TIME, STATE, LEFT(INFO, ${STATEMENT_PREVIEW_LENGTH}) FROM information_schema.PROCESSLIST`,
};

/** Reads connection figures from a live server over one connection that is always closed. */
export async function probeDatabase(options: ProbeOptions): Promise<ProbeResult> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const errorContext: ProbeErrorContext = { ...options, connectTimeoutMs, statementTimeoutMs };
  const ca = options.ssl?.ca?.trim() ? options.ssl.ca : undefined;

  let socket: net.Socket | undefined;
  let connection: Connection | undefined;
  let healthy = true;
  let connectionError: unknown;
  try {
    checkCertificate(ca);
    connection = await createConnection({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      ssl: options.ssl && {
        ca,
        rejectUnauthorized: options.ssl.rejectUnauthorized !== false,
        // mysql2 checks an IP address against "localhost", so only host names are checked.
        verifyIdentity: options.ssl.rejectUnauthorized !== false && net.isIP(options.host) === 0,
      },
      connectTimeout: connectTimeoutMs,
      // Our own socket, so that it can be destroyed for sure: mysql2's destroy() only half-closes it.
      stream: () => {
        socket = net.connect({ host: options.host, port: options.port });
        socket.setNoDelay(true);
        return socket;
      },
      multipleStatements: false,
      flags: ['-LOCAL_FILES'],
    });
    // A drop between statements is reported on the connection, not the next statement.
    connection.on('error', (error: unknown) => {
      connectionError ??= error;
    });
    return await readFigures(connection, options, statementTimeoutMs);
  } catch (error) {
    healthy = false;
    throw toProbeError(connectionError ?? error, errorContext);
  } finally {
    await close(connection, socket, healthy);
  }
}

async function readFigures(
  connection: Connection,
  options: ProbeOptions,
  timeoutMs: number,
): Promise<ProbeResult> {
  const variables = toMap(await queryRows(connection, SQL.variables, timeoutMs));
  const status = toMap(await queryRows(connection, SQL.status, timeoutMs));
  const [versionRow] = await queryRows(connection, SQL.version, timeoutMs);
  const grants = (await queryRows(connection, SQL.grants, timeoutMs)).map((row) => String(row[0]));
  const processes = (await queryRows(connection, SQL.processlist, timeoutMs)).map(toProcesslistRow);

  const complete =
    grantsIncludeProcess(grants) ||
    seesOtherUsers(
      processes.map((row) => row.user),
      options.user,
    );
  const unavailable = [...VARIABLES, ...STATUS].filter((name) => !variables.has(name) && !status.has(name));

  return {
    server: {
      version: String(versionRow?.[0] ?? ''),
      host: options.host,
      port: options.port,
      user: options.user,
      database: options.database ?? null,
      connectionId: toInteger(versionRow?.[1]) ?? 0,
    },
    maxConnections: toInteger(variables.get('max_connections')),
    maxUserConnections: toInteger(variables.get('max_user_connections')),
    threadsConnected: toInteger(status.get('Threads_connected')),
    threadsRunning: toInteger(status.get('Threads_running')),
    maxUsedConnections: toInteger(status.get('Max_used_connections')),
    maxUsedConnectionsTime: status.get('Max_used_connections_time') || null,
    connectionErrorsMaxConnections: toInteger(status.get('Connection_errors_max_connections')),
    abortedConnects: toInteger(status.get('Aborted_connects')),
    processlist: summariseProcesslist(processes, {
      complete,
      longRunningSeconds: options.longRunningSeconds,
    }),
    unavailable,
  };
}

async function queryRows(connection: Connection, sql: string, timeoutMs: number): Promise<unknown[][]> {
  const [rows] = await connection.query<RowDataPacket[][]>({ sql, timeout: timeoutMs, rowsAsArray: true });
  return rows;
}

function toMap(rows: unknown[][]): Map<string, string> {
  return new Map(rows.map((row) => [String(row[0]), row[1] === null ? '' : String(row[1])]));
}

function toProcesslistRow(row: unknown[]): ProcesslistRow {
  const [id, user, host, database, command, seconds, state, statement] = row;
  return {
    id: toInteger(id) ?? 0,
    user: toText(user),
    host: toText(host),
    database: toText(database),
    command: toText(command),
    seconds: toInteger(seconds),
    state: toText(state),
    statement: toText(statement),
  };
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function toInteger(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  return null;
}

function checkCertificate(ca: string | undefined): void {
  if (ca === undefined) {
    return;
  }
  // Node ignores unreadable CA text silently and then fails later with a vaguer error.
  const blocks = ca.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) {
      throw new Error('no PEM certificate');
    }
    blocks.forEach((block) => new X509Certificate(block));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ProbeError(
      'tls',
      'The CA certificate in the settings could not be read; paste the PEM text including its BEGIN and END lines.',
      typeof code === 'string' ? code : undefined,
    );
  }
}

/** COM_QUIT when the connection is fine; otherwise, or if the server does not close, destroy it. */
async function close(
  connection: Connection | undefined,
  socket: net.Socket | undefined,
  healthy: boolean,
): Promise<void> {
  if (connection !== undefined) {
    if (!healthy || !(await settlesWithin(connection.end(), CLOSE_TIMEOUT_MS))) {
      connection.destroy();
    }
  }
  if (socket !== undefined) {
    await settlesWithin(closed(socket), CLOSE_TIMEOUT_MS);
    socket.destroy();
  }
}

function closed(socket: net.Socket): Promise<void> {
  if (socket.destroyed) {
    return Promise.resolve();
  }
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([promise.then(() => true, () => false), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
