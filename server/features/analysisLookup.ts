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

/** The items of each file asked about, found on first use: a request asks about one or two files per analysis. */
interface FoundPerFile<T> {
  items: T[];
  found: Map<string, T[]>;
}

/**
 * The items of one file, found on first use. What the last analysis found for a file is kept when
 * its items are the same objects in the same places (an edit changes a few items in place).
 */
function perFile<T>(items: T[], fileOf: (item: T) => string, last: FoundPerFile<T> | undefined): FoundPerFile<T> & { in(file: string): T[] } {
  const found = new Map<string, T[]>();
  if (last && last.items.length === items.length) {
    const changed = new Set<string>();
    items.forEach((item, i) => {
      if (item === last.items[i]) return;
      changed.add(fileOf(item));
      changed.add(fileOf(last.items[i]));
    });
    for (const [file, list] of last.found) if (!changed.has(file)) found.set(file, list);
  }
  return {
    items,
    found,
    in: (file) => {
      let list = found.get(file);
      if (!list) {
        list = items.filter((item) => fileOf(item) === file);
        found.set(file, list);
      }
      return list;
    },
  };
}

/** Where each id sits in a list (the last of equal ids); lists with the same ids in place share it. */
interface Positions {
  items: Array<{ id: string }>;
  byId: Map<string, number>;
}

function positionsOf(items: Array<{ id: string }>, last: Positions | undefined): Positions {
  if (last && last.items.length === items.length && items.every((item, i) => item === last.items[i] || item.id === last.items[i].id)) {
    return { items, byId: last.byId };
  }
  return { items, byId: new Map(items.map((item, i) => [item.id, i])) };
}

// The last analysis indexed: the next one (after an edit) usually has the same ids in the same places.
let lastDeployments: Positions | undefined;
let lastServers: Positions | undefined;
let lastSites: FoundPerFile<ValueSite> | undefined;
let lastFindings: FoundPerFile<Finding> | undefined;

export function lookup(analysis: Analysis): AnalysisLookup {
  let found = lookups.get(analysis);
  if (!found) {
    const deployments = (lastDeployments = positionsOf(analysis.deployments, lastDeployments));
    const servers = (lastServers = positionsOf(analysis.servers, lastServers));
    const sites = (lastSites = perFile(analysis.valueSites, (site) => site.loc.file, lastSites));
    const findings = (lastFindings = perFile(analysis.findings, (finding) => finding.loc.file, lastFindings));
    const at = <T>(items: T[], position: number | undefined) => (position === undefined ? undefined : items[position]);
    found = {
      deployment: (id) => at(analysis.deployments, deployments.byId.get(id)),
      server: (id) => at(analysis.servers, servers.byId.get(id)),
      sitesIn: sites.in,
      findingsIn: findings.in,
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

