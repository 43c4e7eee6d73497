export const LONG_RUNNING_SECONDS = 30;
export const STATEMENT_PREVIEW_LENGTH = 200;
export const NONE_KEY = '(none)';
export const PROCESSLIST_INCOMPLETE_NOTE =
  'The account lacks the PROCESS privilege, so only its own connections are listed; grant PROCESS to see every connection.';

/** One row of `information_schema.PROCESSLIST`, statement already cut to its start. */
export interface ProcesslistRow {
  id: number;
  user: string | null;
  host: string | null;
  database: string | null;
  command: string | null;
  seconds: number | null;
  state: string | null;
  statement: string | null;
}

export interface LongRunningQuery {
  id: number;
  user: string;
  host: string;
  database: string | null;
  seconds: number;
  state: string | null;
  statement: string | null;
}

export interface ProcesslistSummary {
  total: number;
  sleeping: number;
  byUser: Record<string, number>;
  byHost: Record<string, number>;
  byCommand: Record<string, number>;
  byDatabase: Record<string, number>;
  /** Statements running longer than this many seconds are in `longRunning`. */
  longRunningSeconds: number;
  longRunning: LongRunningQuery[];
  complete: boolean;
  note?: string;
}

// Server threads that are not client statements: their TIME grows forever.
const NOT_A_QUERY = new Set(['Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID']);

export function summariseProcesslist(
  rows: readonly ProcesslistRow[],
  options: { complete: boolean; longRunningSeconds?: number },
): ProcesslistSummary {
  const longRunningSeconds = options.longRunningSeconds ?? LONG_RUNNING_SECONDS;
  const longRunning = rows
    .filter(
      (row) =>
        row.command !== null &&
        !NOT_A_QUERY.has(row.command) &&
        row.seconds !== null &&
        row.seconds > longRunningSeconds,
    )
    .map(
      (row): LongRunningQuery => ({
        id: row.id,
        user: row.user ?? NONE_KEY,
        host: hostWithoutPort(row.host),
        database: row.database,
        seconds: row.seconds ?? 0,
        state: row.state,
        statement: row.statement,
      }),
    )
    .sort((a, b) => b.seconds - a.seconds || a.id - b.id);

  return {
    total: rows.length,
    sleeping: rows.filter((row) => row.command === 'Sleep').length,
    byUser: countBy(rows, (row) => row.user),
    byHost: countBy(rows, (row) => hostWithoutPort(row.host)),
    byCommand: countBy(rows, (row) => row.command),
    byDatabase: countBy(rows, (row) => row.database),
    longRunningSeconds,
    longRunning,
    complete: options.complete,
    ...(options.complete ? {} : { note: PROCESSLIST_INCOMPLETE_NOTE }),
  };
}

/** `10.0.0.5:51234` → `10.0.0.5`, `[::1]:51234` and `::1:51234` → `::1`, `localhost` unchanged. */
export function hostWithoutPort(host: string | null): string {
  if (host === null || host === '') {
    return NONE_KEY;
  }
  const bracketed = /^\[(.*)\](?::\d+)?$/.exec(host);
  if (bracketed) {
    return bracketed[1]!;
  }
  return host.replace(/:\d+$/, '');
}

/** Largest count first, then by name, so that output is stable. */
function countBy(
  rows: readonly ProcesslistRow[],
  key: (row: ProcesslistRow) => string | null,
): Record<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const name = key(row) || NONE_KEY;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(sorted);
}
