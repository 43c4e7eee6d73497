import type { Analysis, DatabaseServer, Deployment, Severity } from '../src-shared/types';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity | DatabaseServer['status'], text: string): string;
}

const ANSI: Style = {
  bold: (text) => `\x1b[1m${text}\x1b[22m`,
  dim: (text) => `\x1b[2m${text}\x1b[22m`,
  severity: (severity, text) => {
    const colour = { error: 31, 'over-max-connections': 31, warning: 33, 'over-budget': 33, info: 36, hint: 36, ok: 32, unknown: 35 }[severity];
    return `\x1b[${colour}m${text}\x1b[39m`;
  },
};

const PLAIN: Style = { bold: (text) => text, dim: (text) => text, severity: (_severity, text) => text };

export function styleFor(colour: boolean): Style {
  return colour ? ANSI : PLAIN;
}

/** Columns padded to their widest cell; every cell is plain text so widths are right. */
export function alignColumns(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_cell, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => indent + row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd());
}

const show = (value: number | null) => (value === null ? '?' : String(value));
const percent = (value: number | null) => (value === null ? '?' : `${value} %`);

const STATUS_TEXT: Record<DatabaseServer['status'], string> = {
  ok: 'within budget',
  'over-budget': 'OVER BUDGET',
  'over-max-connections': 'OVER max_connections',
  unknown: 'unknown (a factor is unresolved)',
};

function deploymentRow(deployment: Deployment): string[] {
  const peak = deployment.peak !== deployment.total ? `${show(deployment.peak)}` : show(deployment.peak);
  return [
    deployment.name,
    deployment.kind,
    show(deployment.instances.value) + (deployment.peakInstances !== deployment.instances.value ? ` (peak ${show(deployment.peakInstances)})` : ''),
    show(deployment.workers.value) + (deployment.workers.assumption ? '*' : ''),
    show(deployment.connectionLimit.value) + (deployment.connectionLimit.assumption ? '*' : ''),
    show(deployment.total),
    peak,
  ];
}

/** The readable report: one block per database server, then the findings. */
export function formatTable(analysis: Analysis, title: string, style: Style, extraLines: Map<string, string[]> = new Map()): string {
  const lines: string[] = [style.bold(`Connection Budget — ${title}`), ''];
  const byId = new Map(analysis.deployments.map((deployment) => [deployment.id, deployment]));
  const assumptions = new Set<string>();
  for (const server of analysis.servers) {
    const source = server.maxConnectionsSource === 'default' ? 'MySQL default' : server.maxConnectionsSource;
    lines.push(
      `${style.bold(`Server ${server.id}`)}  max_connections ${server.maxConnections} (${source}) · budget ${server.budget}`,
      `  total ${show(server.total)} (${percent(server.percent)}) · peak ${show(server.peak)} (${percent(server.peakPercent)}) · ${style.severity(server.status, STATUS_TEXT[server.status])}`,
    );
    if (server.recommendedConnectionLimit !== null) {
      lines.push(`  recommended connectionLimit ${server.recommendedConnectionLimit} (conservative ${server.conservativeConnectionLimit})`);
    }
    for (const extra of extraLines.get(server.id) ?? []) lines.push(`  ${extra}`);
    const members = server.deployments.map((id) => byId.get(id)!);
    if (members.length > 0) {
      lines.push('');
      lines.push(...alignColumns([['DEPLOYMENT', 'KIND', 'INSTANCES', 'WORKERS', 'LIMIT', 'TOTAL', 'PEAK'], ...members.map(deploymentRow)]));
      for (const deployment of members) {
        for (const factor of [deployment.workers, deployment.connectionLimit]) if (factor.assumption) assumptions.add(factor.assumption);
        for (const reason of deployment.peakReasons) lines.push(style.dim(`  ${deployment.name}: peak from ${reason}`));
      }
    }
    lines.push('');
  }
  if (analysis.servers.length === 0) lines.push('No deployments or database servers found.', '');
  if (assumptions.size > 0) lines.push(...[...assumptions].map((text) => style.dim(`* ${text}`)), '');
  if (analysis.findings.length > 0) {
    lines.push(style.bold(`Findings (${analysis.findings.length})`));
    lines.push(
      ...alignColumns(
        analysis.findings.map((finding) => [
          finding.severity,
          finding.code,
          `${finding.loc.file}:${finding.loc.range.start.line + 1}:${finding.loc.range.start.character + 1}`,
          finding.message,
        ]),
      ).map((line, index) => {
        const severity = analysis.findings[index].severity;
        return line.replace(severity, style.severity(severity, severity));
      }),
    );
    lines.push('');
  }
  for (const skipped of analysis.skipped) lines.push(style.dim(`${skipped.file}: ${skipped.reason}`));
  return lines.join('\n').trimEnd() + '\n';
}
