import type { ProbeResult } from '../../src-node/database/probe';
import type { FolderReport, ReportDeployment, ReportResult, ReportServer } from '../../src-shared/protocol';
import { count, escapeHtml, fileLink, share } from './html';
import { liveSection } from './liveHtml';
import { SERIES, serverChart } from './serverChart';

const SOURCE_TEXT: Record<ReportServer['maxConnectionsSource'], string> = {
  default: 'MySQL/MariaDB default',
  setting: 'setting connectionBudget.maxConnections',
  workspace: 'from the workspace',
  database: 'live server',
};

const STATUS_TEXT: Record<ReportServer['status'], string> = {
  ok: 'within the budget',
  'over-budget': 'over the budget',
  'over-max-connections': 'over max_connections',
  unknown: 'unknown: a factor is not resolved',
};

function deploymentRow(deployment: ReportDeployment, index: number, server: ReportServer): string {
  const cells = [
    `<td class="name"><span class="swatch series-${index % SERIES}"></span>${fileLink(deployment.link, deployment.name)}</td>`,
    `<td class="text">${escapeHtml(deployment.kind)}</td>`,
    `<td>${fileLink(deployment.sources.instances, count(deployment.instances))}</td>`,
    `<td>${fileLink(deployment.sources.workers, count(deployment.workers))}</td>`,
    `<td>${fileLink(deployment.sources.connectionLimit, count(deployment.connectionLimit))}</td>`,
    `<td>${count(deployment.total)}</td>`,
    `<td title="${escapeHtml(deployment.peakReasons.join('; '))}">${count(deployment.peak)}</td>`,
    `<td>${share(deployment.peak === null ? null : Math.round((deployment.peak / server.maxConnections) * 1000) / 10)}</td>`,
  ];
  const notes = [...deployment.peakReasons, ...deployment.assumptions];
  const noteRow = notes.length > 0 ? `<tr class="notes"><td colspan="8">${notes.map(escapeHtml).join(' · ')}</td></tr>` : '';
  return `<tr>${cells.join('')}</tr>${noteRow}`;
}

function serverSection(server: ReportServer, folder: FolderReport): string {
  const deployments = server.deployments.flatMap((id) => folder.deployments.find((d) => d.id === id) ?? []);
  const maxSource = server.maxConnectionsLink ? fileLink(server.maxConnectionsLink) : escapeHtml(SOURCE_TEXT[server.maxConnectionsSource]);
  const recommendation =
    server.recommendedConnectionLimit === null
      ? ''
      : `<p>Recommended connectionLimit <strong>${server.recommendedConnectionLimit}</strong> · conservative <strong>${server.conservativeConnectionLimit}</strong> per worker process.</p>`;
  return `<section class="server">
<h3>${fileLink(server.link, server.id)} <span class="status status-${server.status}">${escapeHtml(STATUS_TEXT[server.status])}</span></h3>
<p>max_connections <strong>${server.maxConnections}</strong> (${maxSource}) · budget ${server.budget} (${server.threshold} %) · total ${count(server.total)} (${share(server.percent)}) · peak ${count(server.peak)} (${share(server.peakPercent)})</p>
${serverChart(server, deployments)}
<div class="scroll"><table>
<thead><tr><th class="text">deployment</th><th class="text">kind</th><th>instances</th><th>workers</th><th>connectionLimit</th><th>total</th><th>peak</th><th>of max</th></tr></thead>
<tbody>${deployments.map((deployment, index) => deploymentRow(deployment, index, server)).join('')}</tbody>
<tfoot><tr><td class="text" colspan="5">all deployments</td><td>${count(server.total)}</td><td>${count(server.peak)}</td><td>${share(server.peakPercent)}</td></tr></tfoot>
</table></div>
${recommendation}
</section>`;
}

function folderSection(folder: FolderReport, multiRoot: boolean): string {
  const heading = multiRoot ? `<h2>${escapeHtml(folder.name)}</h2>` : '';
  const servers = folder.servers.length > 0 ? folder.servers.map((server) => serverSection(server, folder)).join('') : '<p>No database server or pool found in this folder.</p>';
  const findings =
    folder.findings.length === 0
      ? ''
      : `<h3>Findings</h3><ul class="findings">${folder.findings
          .map((f) => `<li><span class="severity severity-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span> <code>${escapeHtml(f.code)}</code> ${escapeHtml(f.message)} — ${fileLink(f.link)}</li>`)
          .join('')}</ul>`;
  const skipped =
    folder.skipped.length === 0 ? '' : `<h3>Files not read</h3><ul>${folder.skipped.map((s) => `<li>${fileLink(s.link)}: ${escapeHtml(s.reason)}</li>`).join('')}</ul>`;
  return `<section class="folder">${heading}${servers}${findings}${skipped}</section>`;
}

/** The report's content, rendered into the webview on each analysis and each live reading. */
export function reportBody(report: ReportResult, live: ProbeResult[]): string {
  const folders =
    report.folders.length === 0 ? '<p>Open a folder to see its connection budget.</p>' : report.folders.map((folder) => folderSection(folder, report.folders.length > 1)).join('');
  return folders + liveSection(live);
}

const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 16px; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; cursor: pointer; }
a:hover { text-decoration: underline; }
code { font-family: var(--vscode-editor-font-family); }
section.server { margin-bottom: 24px; }
.chart { width: 100%; max-width: 720px; height: auto; display: block; margin: 8px 0; }
.track { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-editorWidget-border); }
.series-0 { --series: var(--vscode-charts-blue); } .series-1 { --series: var(--vscode-charts-green); }
.series-2 { --series: var(--vscode-charts-purple); } .series-3 { --series: var(--vscode-charts-orange); }
.series-4 { --series: var(--vscode-charts-foreground); }
.segment { fill: var(--series); stroke: var(--vscode-editor-background); }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; background: var(--series); }
.surge { fill: var(--vscode-charts-lines); opacity: 0.6; }
.budget { stroke: var(--vscode-charts-yellow); stroke-width: 2; stroke-dasharray: 5 3; }
.max { stroke: var(--vscode-charts-red); stroke-width: 2; }
.label { fill: var(--vscode-foreground); font-size: 11px; }
table { border-collapse: collapse; margin: 8px 0; }
.scroll { overflow-x: auto; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid var(--vscode-panel-border); }
th.text, td.text, td.name { text-align: left; }
tr.notes td { text-align: left; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.note { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
tfoot td { font-weight: bold; }
.status { font-size: 0.8em; font-weight: normal; padding: 1px 6px; border-radius: 3px; border: 1px solid var(--vscode-panel-border); }
.status-over-budget, .severity-warning { color: var(--vscode-editorWarning-foreground); }
.status-over-max-connections, .severity-error { color: var(--vscode-editorError-foreground); }
.severity-info, .severity-hint { color: var(--vscode-editorInfo-foreground); }
`;

// Renders what the extension posts and turns clicks on file links into "open" messages.
const SCRIPT = `
const vscode = acquireVsCodeApi();
const root = document.getElementById('report');
window.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'render') root.innerHTML = event.data.html;
});
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[data-uri]');
  if (!link) return;
  event.preventDefault();
  vscode.postMessage({ type: 'open', uri: link.dataset.uri, line: Number(link.dataset.line) });
});
vscode.postMessage({ type: 'ready' });
`;

/** The webview page: no remote resources, only the nonce'd style and script. */
export function reportDocument(nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Connection Budget</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<h1>Connection Budget</h1>
<div id="report"><p>Analysing…</p></div>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
