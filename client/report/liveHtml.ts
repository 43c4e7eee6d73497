import type { ProbeResult } from '../../src-node/database/probe';
import { count, escapeHtml } from './html';

function breakdown(label: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '';
  return `<li>${escapeHtml(label)}: ${entries.map(([key, value]) => `${escapeHtml(key || '(none)')} ${value}`).join(', ')}</li>`;
}

function readingRow(reading: ProbeResult): string {
  const maxUsedAt = reading.maxUsedConnectionsTime ? ` <span class="note">at ${escapeHtml(reading.maxUsedConnectionsTime)}</span>` : '';
  return `<tr>
<td class="text">${escapeHtml(`${reading.server.host}:${reading.server.port}`)} <span class="note">${escapeHtml(reading.server.version)}</span></td>
<td>${count(reading.maxConnections)}</td><td>${count(reading.maxUserConnections)}</td><td>${count(reading.threadsConnected)}</td>
<td>${count(reading.threadsRunning)}</td><td>${count(reading.maxUsedConnections)}${maxUsedAt}</td>
<td>${count(reading.connectionErrorsMaxConnections)}</td><td>${count(reading.abortedConnects)}</td>
</tr>`;
}

function processlist(reading: ProbeResult): string {
  const list = reading.processlist;
  const slow = list.longRunning.length === 0 ? '' : `<li>${list.longRunning.length} statement${list.longRunning.length === 1 ? '' : 's'} running over ${list.longRunningSeconds} s: ${list.longRunning
    .map((query) => `${escapeHtml(query.user)}@${escapeHtml(query.host)} ${query.seconds} s`)
    .join(', ')}</li>`;
  return `<p>${escapeHtml(`${reading.server.host}:${reading.server.port}`)}: ${list.total} connections, ${list.sleeping} idle${list.complete ? '' : ' (only those this user may see)'}</p>
<ul>${breakdown('by user', list.byUser)}${breakdown('by host', list.byHost)}${breakdown('by command', list.byCommand)}${slow}</ul>`;
}

/** What Query Database read from the live servers; their max_connections replaces the assumed one above. */
export function liveSection(readings: ProbeResult[]): string {
  if (readings.length === 0) return '';
  return `<section class="live">
<h2>Live servers</h2>
<div class="scroll"><table>
<thead><tr><th class="text">server</th><th>max_connections</th><th>max_user_connections</th><th>connected</th><th>running</th><th>max used</th><th>refused (max_connections)</th><th>aborted connects</th></tr></thead>
<tbody>${readings.map(readingRow).join('')}</tbody>
</table></div>
${readings.map(processlist).join('')}
</section>`;
}
