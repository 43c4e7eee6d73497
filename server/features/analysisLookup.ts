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

/** The items of one file, found on first use: a request asks about one or two files per analysis. */
function perFile<T>(items: T[], fileOf: (item: T) => string): (file: string) => T[] {
  const found = new Map<string, T[]>();
  return (file) => {
    let list = found.get(file);
    if (!list) {
      list = items.filter((item) => fileOf(item) === file);
      found.set(file, list);
    }
    return list;
  };
}

export function lookup(analysis: Analysis): AnalysisLookup {
  let found = lookups.get(analysis);
  if (!found) {
    const deployments = new Map(analysis.deployments.map((deployment) => [deployment.id, deployment]));
    const servers = new Map(analysis.servers.map((server) => [server.id, server]));
    found = {
      deployment: (id) => deployments.get(id),
      server: (id) => servers.get(id),
      sitesIn: perFile(analysis.valueSites, (site) => site.loc.file),
      findingsIn: perFile(analysis.findings, (finding) => finding.loc.file),
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

