import type { InlayHint, Range } from 'vscode-languageserver';
import type { Analysis, DatabaseServer, Deployment, ValueSite } from '../../src-shared/types';
import { deploymentsOf, lookup, rangesTouch } from './analysisLookup';
import { FACTORS, count, equation, percent, shortAssumption, sumOf } from './numbersText';

/** `= 18 conns · 11.9 % of 151`, with the peak and the assumptions the numbers rest on. */
function hintLabel(analysis: Analysis, deployments: Deployment[]): string {
  const index = lookup(analysis);
  const servers = [...new Set(deployments.map((d) => d.server))].flatMap((id) => index.server(id) ?? []);
  const total = sumOf(deployments.map((d) => d.total));
  const peak = sumOf(deployments.map((d) => d.peak));
  const parts: string[] = [];
  if (total === null) {
    parts.push(deployments.some((d) => d.connectionLimit.value === 0) ? '= unbounded (connectionLimit 0)' : `= ? conns (${unknownFactors(deployments)} unknown)`);
  } else if (servers.length === 1) {
    parts.push(`= ${total} conns · ${percent(total, servers[0].maxConnections)} of ${maxText(servers[0])}`);
    if (peak !== total) parts.push(`peak ${count(peak)} (${percent(peak, servers[0].maxConnections)})`);
  } else {
    parts.push(`= ${total} conns`, ...servers.map((server) => shareOf(server, deployments)));
    if (peak !== total) parts.push(`peak ${count(peak)}`);
  }
  const assumptions = new Set(deployments.flatMap((d) => FACTORS.flatMap((name) => shortAssumption(name, d[name]) ?? [])));
  parts.push(...assumptions);
  return parts.join(' · ');
}

function shareOf(server: DatabaseServer, deployments: Deployment[]): string {
  const total = sumOf(deployments.filter((d) => d.server === server.id).map((d) => d.total));
  return `${percent(total, server.maxConnections)} of ${maxText(server)} on ${server.id}`;
}

/** max_connections, marked when it was read from the live server. */
function maxText(server: DatabaseServer): string {
  return server.maxConnectionsSource === 'database' ? `${server.maxConnections} live` : String(server.maxConnections);
}

function unknownFactors(deployments: Deployment[]): string {
  return [...new Set(deployments.flatMap((d) => FACTORS.filter((name) => d[name].value === null)))].join(', ') || 'peak';
}

function tooltip(analysis: Analysis, deployments: Deployment[]): string {
  const index = lookup(analysis);
  return deployments
    .map((d) => {
      const server = index.server(d.server);
      const limits = server ? ` (max_connections ${server.maxConnections}, budget ${server.budget})` : '';
      const notes = FACTORS.flatMap((name) => d[name].assumption ?? []);
      return [`${d.name}: instances × workers × connectionLimit = ${equation(d)} connections to ${d.server}${limits}`, ...notes].join('\n');
    })
    .join('\n\n');
}

/**
 * The sites that carry a hint: on one line, one hint per factor and set of deployments (the
 * rightmost), so `Number(process.env.WEB_CONCURRENCY) || 4` is labelled once, at its end.
 */
function hintedSites(sites: ValueSite[]): ValueSite[] {
  const kept = new Map<string, ValueSite>();
  for (const site of sites) {
    const end = site.loc.range.end;
    const key = `${end.line}|${site.factor}|${[...site.deployments].sort().join(',')}`;
    const other = kept.get(key);
    if (!other || other.loc.range.end.character < end.character) kept.set(key, site);
  }
  return [...kept.values()];
}

export function inlayHints(analysis: Analysis, file: string, range?: Range): InlayHint[] {
  const sites = lookup(analysis).sitesIn(file).filter((site) => !range || rangesTouch(site.loc.range, range));
  return hintedSites(sites)
    .map((site) => {
      const deployments = deploymentsOf(analysis, site.deployments);
      return {
        position: site.loc.range.end,
        label: hintLabel(analysis, deployments),
        paddingLeft: true,
        tooltip: tooltip(analysis, deployments),
      };
    })
    .sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

/** The hint-relevant numbers of a server: its label shows max_connections and where it comes from. */
function shownServer(server: DatabaseServer): string {
  return `${server.maxConnections}|${server.maxConnectionsSource}|${server.budget}`;
}

function addSiteFiles(files: Set<string>, deployment: Deployment): void {
  for (const name of FACTORS) {
    const factor = deployment[name];
    if (factor.source) files.add(factor.source.loc.file);
    for (const place of factor.via) files.add(place.loc.file);
  }
}

/**
 * The files whose hints may differ from one analysis to the next: those showing a deployment that
 * changed, appeared or went, or one on a server whose max_connections changed. A deployment or
 * server an incremental analysis kept is the same object in the same place, so this costs what the
 * edit touched.
 */
export function filesWithChangedHints(before: Analysis | undefined, after: Analysis): Set<string> {
  const files = new Set<string>();
  if (!before) {
    for (const site of after.valueSites) files.add(site.loc.file);
    return files;
  }
  const changedServers = new Set<string>();
  after.servers.forEach((server, i) => {
    const earlier = before.servers[i]?.id === server.id ? before.servers[i] : lookup(before).server(server.id);
    if (earlier !== server && (!earlier || shownServer(earlier) !== shownServer(server))) changedServers.add(server.id);
  });
  const changed = (earlier: Deployment | undefined, deployment: Deployment) => {
    if (earlier === deployment && !changedServers.has(deployment.server)) return;
    addSiteFiles(files, deployment);
    if (earlier) addSiteFiles(files, earlier);
  };
  if (before.deployments.length === after.deployments.length) {
    after.deployments.forEach((deployment, i) => changed(before.deployments[i], deployment));
    return files;
  }
  const gone = new Map(before.deployments.map((deployment) => [deployment.id, deployment]));
  for (const deployment of after.deployments) {
    changed(gone.get(deployment.id), deployment);
    gone.delete(deployment.id);
  }
  for (const deployment of gone.values()) addSiteFiles(files, deployment);
  return files;
}
