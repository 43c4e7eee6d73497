import type { Hover, Position } from 'vscode-languageserver';
import { rangeContains } from '../../src-shared/location';
import type { Analysis, DatabaseServer, Deployment, Factor, FactorName, Location, ValueSite } from '../../src-shared/types';
import { deploymentsOf, lookup, type UriOf } from './analysisLookup';
import { FACTORS, count, equation, percent } from './numbersText';
import { MarkupKind } from '../languageServer';

const MAX_DEPLOYMENTS = 5;

/** `[docker-compose.yml:9](file:///…/docker-compose.yml#L9)` */
function markdownLink(uriOf: UriOf, loc: Location): string {
  const line = loc.range.start.line + 1;
  const label = `${loc.file}:${line}`.replace(/[[\]\\`*_]/g, '\\$&');
  const target = `${uriOf(loc.file)}#L${line}`.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
  return `[${label}](${target})`;
}

function code(text: string): string {
  const clean = text.replace(/\s+/g, ' ');
  const short = clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
  return `\`${short.replace(/`/g, "'")}\``;
}

function italic(text: string): string {
  return `_${text.replace(/[\\`*_[\]]/g, '\\$&')}_`;
}

function factorLine(name: FactorName, factor: Factor, uriOf: UriOf): string {
  const parts = [`- ${name} **${count(factor.value)}**`];
  const source = factor.source ? markdownLink(uriOf, factor.source.loc) : undefined;
  if (factor.source) parts.push(`${code(factor.source.path)} ${source}`);
  const via = [...new Set(factor.via.map((place) => markdownLink(uriOf, place.loc)))].filter((link) => link !== source);
  if (via.length > 0) parts.push(`via ${via.join(', ')}`);
  if (factor.assumption) parts.push(italic(factor.assumption));
  if (factor.problem) parts.push(italic(factor.problem.message));
  if (parts.length === 1) parts.push(italic(name === 'instances' ? 'one instance (nothing scales it)' : 'default'));
  return parts.join(' — ');
}

function deploymentSection(deployment: Deployment, server: DatabaseServer | undefined, uriOf: UriOf): string {
  const lines = [
    `**${deployment.name}** (${deployment.kind}, ${markdownLink(uriOf, deployment.loc)}) → **${deployment.server}**`,
    '',
    '`instances × workers × connectionLimit = total`',
    '',
    `\`${equation(deployment)}\`${server ? ` connections · ${percent(deployment.total, server.maxConnections)} of max_connections ${server.maxConnections}` : ''}`,
    '',
    ...FACTORS.map((name) => factorLine(name, deployment[name], uriOf)),
    '',
  ];
  if (deployment.peak !== null && deployment.peak !== deployment.total && server) {
    lines.push(`Peak **${deployment.peak}** connections (${percent(deployment.peak, server.maxConnections)}) with ${count(deployment.peakInstances)} instances: ${deployment.peakReasons.join('; ')}`);
  } else {
    lines.push(`Peak ${deployment.peak === null ? 'unknown' : `= total (${deployment.peak})`}: no autoscaler maximum or rollout surge`);
  }
  return lines.join('\n');
}

const SOURCE_TEXT: Record<DatabaseServer['maxConnectionsSource'], string> = {
  default: 'the MySQL/MariaDB default',
  setting: 'from the setting `connectionBudget.maxConnections`',
  workspace: 'from the workspace',
  database: 'read from the live server',
};

function statusText(server: DatabaseServer, threshold: number): string {
  const budget = `the ${threshold} % budget of ${server.budget}`;
  switch (server.status) {
    case 'ok':
      return `✅ peak ${server.peak} is within ${budget}`;
    case 'over-budget':
      return `⚠️ peak ${server.peak} is **over** ${budget}`;
    case 'over-max-connections':
      return `⛔ peak ${server.peak} is **over max_connections** ${server.maxConnections}`;
    case 'unknown':
      return `❔ unknown: a factor is not resolved (budget ${server.budget})`;
  }
}

function serverSection(server: DatabaseServer, threshold: number, uriOf: UriOf): string {
  const where = server.maxConnectionsLoc ? ` ${markdownLink(uriOf, server.maxConnectionsLoc)}` : '';
  const lines = [
    `**${server.id}**: max_connections **${server.maxConnections}** (${SOURCE_TEXT[server.maxConnectionsSource]}${where})`,
    '',
    `Total ${count(server.total)} (${percent(server.total, server.maxConnections)}) · peak ${count(server.peak)} (${percent(server.peak, server.maxConnections)}) over ${server.deployments.length} deployment${server.deployments.length === 1 ? '' : 's'}`,
    '',
    statusText(server, threshold),
  ];
  if (server.recommendedConnectionLimit !== null) {
    lines.push('', `Recommended connectionLimit **${server.recommendedConnectionLimit}** · conservative **${server.conservativeConnectionLimit}**`);
  }
  return lines.join('\n');
}

/** A range's length, lines first: enough to tell the inner of two nested ranges. */
function spanOf({ start, end }: ValueSite['loc']['range']): number {
  return (end.line - start.line) * 1e6 + end.character - start.character;
}

/** The innermost value site under the cursor. */
function siteAt(analysis: Analysis, file: string, position: Position): ValueSite | undefined {
  let best: ValueSite | undefined;
  for (const site of lookup(analysis).sitesIn(file)) {
    if (rangeContains(site.loc.range, position) && (!best || spanOf(site.loc.range) < spanOf(best.loc.range))) best = site;
  }
  return best;
}

export function hover(analysis: Analysis, file: string, position: Position, threshold: number, uriOf: UriOf): Hover | null {
  const site = siteAt(analysis, file, position);
  if (!site) return null;
  const index = lookup(analysis);
  const deployments = deploymentsOf(analysis, site.deployments);
  const shown = deployments.slice(0, MAX_DEPLOYMENTS);
  const sections = shown.map((d) => deploymentSection(d, index.server(d.server), uriOf));
  if (deployments.length > shown.length) sections.push(`…and ${deployments.length - shown.length} more deployments`);
  const servers = [...new Set(deployments.map((d) => d.server))].flatMap((id) => index.server(id) ?? []);
  sections.push(...servers.map((server) => serverSection(server, threshold, uriOf)));
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: site.loc.range,
  };
}
