import { comparePositions } from '../../src-shared/location';
import type { Analysis, DatabaseServer, Deployment, Finding, Range, ValueSite } from '../../src-shared/types';

/** Turns a workspace-relative file into the absolute URI the client knows it by. */
export type UriOf = (file: string) => string;

/** An analysis indexed for the per-file questions of the editor features. */
interface AnalysisLookup {
  deployment(id: string): Deployment | undefined;
  server(id: string): DatabaseServer | undefined;
  sitesIn(file: string): ValueSite[];
  findingsIn(file: string): Finding[];
}

const lookups = new WeakMap<Analysis, AnalysisLookup>();

function groupByFile<T>(items: T[], fileOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const file = fileOf(item);
    const group = groups.get(file);
    if (group) group.push(item);
    else groups.set(file, [item]);
  }
  return groups;
}

export function lookup(analysis: Analysis): AnalysisLookup {
  let found = lookups.get(analysis);
  if (!found) {
    const deployments = new Map(analysis.deployments.map((deployment) => [deployment.id, deployment]));
    const servers = new Map(analysis.servers.map((server) => [server.id, server]));
    const sites = groupByFile(analysis.valueSites, (site) => site.loc.file);
    const findings = groupByFile(analysis.findings, (finding) => finding.loc.file);
    found = {
      deployment: (id) => deployments.get(id),
      server: (id) => servers.get(id),
      sitesIn: (file) => sites.get(file) ?? [],
      findingsIn: (file) => findings.get(file) ?? [],
    };
    lookups.set(analysis, found);
  }
  return found;
}

export function deploymentsOf(analysis: Analysis, ids: string[]): Deployment[] {
  const index = lookup(analysis);
  return ids.flatMap((id) => index.deployment(id) ?? []);
}

/** Inclusive at both ends, so that a cursor just after a value still touches it. */
export function rangesTouch(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

