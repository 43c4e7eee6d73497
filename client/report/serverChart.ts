import type { ReportDeployment, ReportServer } from '../../src-shared/protocol';
import { escapeHtml } from './html';

const WIDTH = 640;
const MARGIN = 8;
const BAR_TOP = 28;
const BAR_HEIGHT = 28;
const HEIGHT = 80;
/** Deployment colours cycle through this many `--vscode-charts-*` classes (see the report's style). */
export const SERIES = 5;

function rect(className: string, x: number, width: number, title?: string): string {
  const tooltip = title ? `<title>${escapeHtml(title)}</title>` : '';
  return `<rect class="${className}" x="${x.toFixed(1)}" y="${BAR_TOP}" width="${Math.max(width, 0).toFixed(1)}" height="${BAR_HEIGHT}">${tooltip}</rect>`;
}

/**
 * One database server as a horizontal bar: each deployment's connections stacked, the rollout and
 * autoscaling surge after them, against the budget and max_connections lines. Inline SVG, coloured
 * by classes only: the webview's Content-Security-Policy allows no inline style attributes.
 */
export function serverChart(server: ReportServer, deployments: ReportDeployment[]): string {
  const scaleMax = Math.max(server.maxConnections, server.peak ?? 0, server.total ?? 0) * 1.08;
  const x = (value: number) => MARGIN + (value / scaleMax) * (WIDTH - 2 * MARGIN);
  const parts = [rect('track', x(0), x(scaleMax) - x(0))];
  let stacked = 0;
  deployments.forEach((deployment, index) => {
    if (!deployment.total) return;
    parts.push(rect(`segment series-${index % SERIES}`, x(stacked), x(stacked + deployment.total) - x(stacked), `${deployment.name}: ${deployment.total} connections`));
    stacked += deployment.total;
  });
  if (server.peak !== null && server.total !== null && server.peak > server.total) {
    parts.push(rect('surge', x(server.total), x(server.peak) - x(server.total), `peak: ${server.peak - server.total} more during a rollout or at the autoscaler maximum`));
  }
  const line = (value: number, kind: 'budget' | 'max', label: string) => {
    const at = x(value).toFixed(1);
    const labelY = kind === 'budget' ? BAR_TOP - 12 : BAR_TOP + BAR_HEIGHT + 22;
    const anchor = kind === 'budget' ? 'middle' : 'end';
    return (
      `<line class="${kind}" x1="${at}" x2="${at}" y1="${BAR_TOP - 8}" y2="${BAR_TOP + BAR_HEIGHT + 8}"/>` +
      `<text class="label" x="${at}" y="${labelY}" text-anchor="${anchor}">${escapeHtml(label)}</text>`
    );
  };
  parts.push(line(server.budget, 'budget', `budget ${server.budget} (${server.threshold} %)`), line(server.maxConnections, 'max', `max_connections ${server.maxConnections}`));
  const description = `${server.id}: total ${server.total ?? 'unknown'}, peak ${server.peak ?? 'unknown'} of max_connections ${server.maxConnections}, budget ${server.budget}`;
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(description)}">${parts.join('')}</svg>`;
}
