import { once, sameItems } from './identity';
import type { Deployment, FactorName, ValueSite, WrittenValue } from './types';

interface DeploymentSite {
  key: string;
  written: WrittenValue;
  factor: FactorName;
  effective: boolean;
}

// A deployment kept by an incremental analysis keeps its sites.
const sitesOfDeployment = new WeakMap<Deployment, DeploymentSite[]>();

function deploymentSites(deployment: Deployment): DeploymentSite[] {
  const sites: DeploymentSite[] = [];
  const add = (written: WrittenValue, factor: FactorName, effective: boolean) => {
    const { start, end } = written.loc.range;
    sites.push({ key: `${factor}|${written.loc.file}|${start.line}:${start.character}-${end.line}:${end.character}`, written, factor, effective });
  };
  for (const factor of ['instances', 'workers', 'connectionLimit'] as const) {
    const value = deployment[factor];
    if (value.source) add(value.source, factor, true);
    for (const place of value.via) add(place, factor, false);
  }
  return sites;
}

// The site a contribution started last time: kept when its deployments and effect are the same,
// so that a full collection allocates new sites only where deployments changed.
const sitesStartedBy = new WeakMap<DeploymentSite, ValueSite>();

interface SiteBuilder {
  first: DeploymentSite;
  deployments: string[];
  /** Only for a value shared by many deployments (one program's pool), so that it costs no scan. */
  ids?: Set<string>;
  effective: boolean;
  /** Positions of the contributing deployments, ascending. */
  contributors: number[];
}

/** The last collection of a workspace's sites, with what it takes to update it after an edit. */
interface Collected {
  deployments: Deployment[];
  sites: ValueSite[];
  siteOfKey: Map<string, number>;
  /** By site: the positions of the deployments with a contribution to it, ascending. */
  contributors: number[][];
}

const collectedByLineage = new WeakMap<object, Collected>();

/**
 * Every written value behind a factor, with the deployments it feeds: the anchors of hints and
 * hovers. After an edit of the same workspace (`lineage`, see `Linked`) only the sites of the
 * deployments that changed are collected again.
 */
export function collectValueSites(deployments: Deployment[], lineage: object): ValueSite[] {
  const last = collectedByLineage.get(lineage);
  const collected = (last && updated(last, deployments)) ?? collectAll(deployments);
  collectedByLineage.set(lineage, collected);
  return collected.sites;
}

function sitesOf(deployment: Deployment): DeploymentSite[] {
  return once(sitesOfDeployment, deployment, () => deploymentSites(deployment));
}

/**
 * The last collection with the sites of changed deployments collected again; undefined unless each
 * changed deployment has the same id and the same sites (keys, in order) in the same place, as
 * after a value edit: then the sites, their order and their deployment ids are those of the last
 * collection, and only where the values are written and whether they are effective can differ.
 */
function updated(last: Collected, deployments: Deployment[]): Collected | undefined {
  if (last.deployments.length !== deployments.length) return undefined;
  /** Sites to collect again, by index, with their keys. */
  const touched = new Map<number, string>();
  for (let position = 0; position < deployments.length; position++) {
    const before = last.deployments[position];
    const after = deployments[position];
    if (before === after) continue;
    if (before.id !== after.id) return undefined;
    const sitesBefore = sitesOf(before);
    const sitesAfter = sitesOf(after);
    if (sitesBefore.length !== sitesAfter.length) return undefined;
    for (let i = 0; i < sitesAfter.length; i++) {
      if (sitesBefore[i].key !== sitesAfter[i].key) return undefined;
      touched.set(last.siteOfKey.get(sitesAfter[i].key)!, sitesAfter[i].key);
    }
  }
  if (touched.size === 0) return { ...last, deployments };
  const sites = [...last.sites];
  for (const [index, key] of touched) {
    let first: DeploymentSite | undefined;
    let effective = false;
    for (const position of last.contributors[index]) {
      for (const contribution of sitesOf(deployments[position])) {
        if (contribution.key !== key) continue;
        first ??= contribution;
        effective ||= contribution.effective;
      }
    }
    const earlier = last.sites[index];
    if (earlier.loc !== first!.written.loc || earlier.effective !== effective) {
      sites[index] = { loc: first!.written.loc, factor: first!.factor, deployments: earlier.deployments, effective };
    }
  }
  return { ...last, deployments, sites };
}

function collectAll(deployments: Deployment[]): Collected {
  const builders = new Map<string, SiteBuilder>();
  deployments.forEach((deployment, position) => {
    for (const contribution of sitesOf(deployment)) {
      const builder = builders.get(contribution.key);
      if (!builder) {
        builders.set(contribution.key, { first: contribution, deployments: [deployment.id], effective: contribution.effective, contributors: [position] });
        continue;
      }
      builder.effective ||= contribution.effective;
      if (builder.contributors[builder.contributors.length - 1] !== position) builder.contributors.push(position);
      if (builder.deployments.length >= 32) builder.ids ??= new Set(builder.deployments);
      const known = builder.ids ? builder.ids.has(deployment.id) : builder.deployments.includes(deployment.id);
      if (known) continue;
      builder.ids?.add(deployment.id);
      builder.deployments.push(deployment.id);
    }
  });
  const siteOfKey = new Map<string, number>();
  const contributors: number[][] = [];
  const sites = [...builders].map(([key, { first, deployments: ids, effective, contributors: positions }], index) => {
    siteOfKey.set(key, index);
    contributors.push(positions);
    const earlier = sitesStartedBy.get(first);
    if (earlier && earlier.effective === effective && sameItems(earlier.deployments, ids)) return earlier;
    const site: ValueSite = { loc: first.written.loc, factor: first.factor, deployments: ids, effective };
    sitesStartedBy.set(first, site);
    return site;
  });
  return { deployments, sites, siteOfKey, contributors };
}
