import { describeTarget } from './connectionUrl';
import type { ProbeResult } from './probe';
import type { LongRunningQuery } from './processlist';

export const NOT_AVAILABLE = 'not available';

type Row = readonly [label: string, value: string];

/** A readable, aligned, multi-line report of a probe. */
export function formatProbeReport(result: ProbeResult): string {
  const { server, processlist } = result;
  const lines: string[] = [
    ...aligned([
      ['Server', describeTarget({ ...server, database: server.database ?? undefined })],
      ['Version', server.version || NOT_AVAILABLE],
    ]),
    '',
    ...aligned([
      ['max_connections', formatNumber(result.maxConnections)],
      ['max_user_connections', formatUserLimit(result.maxUserConnections)],
      ['Threads_connected', withShare(result.threadsConnected, result.maxConnections)],
      ['Threads_running', formatNumber(result.threadsRunning)],
      ['Max_used_connections', withShare(result.maxUsedConnections, result.maxConnections)],
      ['Max_used_connections_time', result.maxUsedConnectionsTime ?? NOT_AVAILABLE],
      ['Connection_errors_max_connections', formatNumber(result.connectionErrorsMaxConnections)],
      ['Aborted_connects', formatNumber(result.abortedConnects)],
    ]),
    '',
    `Processlist: ${plural(processlist.total, 'connection')} including this probe, ${processlist.sleeping} sleeping`,
    ...countSection('By user', processlist.byUser),
    ...countSection('By client host', processlist.byHost),
    ...countSection('By command', processlist.byCommand),
    ...countSection('By database', processlist.byDatabase),
    ...longRunningSection(processlist.longRunningSeconds, processlist.longRunning),
  ];
  if (processlist.note) {
    lines.push(`  Note: ${processlist.note}`);
  }
  return lines.join('\n') + '\n';
}

function aligned(rows: readonly Row[], indent = ''): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`.trimEnd());
}

function countSection(title: string, counts: Record<string, number>): string[] {
  const rows = Object.entries(counts).map(([name, count]): Row => [name, String(count)]);
  return [`  ${title}`, ...(rows.length === 0 ? ['    none'] : aligned(rows, '    '))];
}

function longRunningSection(thresholdSeconds: number, queries: readonly LongRunningQuery[]): string[] {
  const title = `  Statements running over ${thresholdSeconds} s`;
  if (queries.length === 0) {
    return [`${title}: none`];
  }
  return [
    title,
    ...aligned(
      queries.map((query): Row => [
        `#${query.id} ${query.user}@${query.host} ${query.seconds} s`,
        query.statement === null ? '(no statement text)' : query.statement.replace(/\s+/g, ' ').trim(),
      ]),
      '    ',
    ),
  ];
}

function formatNumber(value: number | null): string {
  return value === null ? NOT_AVAILABLE : String(value);
}

function formatUserLimit(value: number | null): string {
  return value === 0 ? '0 (no per-user limit)' : formatNumber(value);
}

function withShare(value: number | null, maxConnections: number | null): string {
  if (value === null || maxConnections === null || maxConnections <= 0) {
    return formatNumber(value);
  }
  return `${value} (${((value / maxConnections) * 100).toFixed(1)}% of max_connections)`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
