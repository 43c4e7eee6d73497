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
// so that an incremental analysis allocates new sites only where deployments changed.
const sitesStartedBy = new WeakMap<DeploymentSite, ValueSite>();

interface SiteBuilder {
  first: DeploymentSite;
  deployments: string[];
  /** Only for a value shared by many deployments (one program's pool), so that it costs no scan. */
  ids?: Set<string>;
  effective: boolean;
}

/** Every written value behind a factor, with the deployments it feeds: the anchors of hints and hovers. */
export function collectValueSites(deployments: Deployment[]): ValueSite[] {
  const builders = new Map<string, SiteBuilder>();
  for (const deployment of deployments) {
    for (const contribution of once(sitesOfDeployment, deployment, () => deploymentSites(deployment))) {
      const builder = builders.get(contribution.key);
      if (!builder) {
        builders.set(contribution.key, { first: contribution, deployments: [deployment.id], effective: contribution.effective });
        continue;
      }
      builder.effective ||= contribution.effective;
      if (builder.deployments.length >= 32) builder.ids ??= new Set(builder.deployments);
      const known = builder.ids ? builder.ids.has(deployment.id) : builder.deployments.includes(deployment.id);
      if (known) continue;
      builder.ids?.add(deployment.id);
      builder.deployments.push(deployment.id);
    }
  }
  return [...builders.values()].map(({ first, deployments: ids, effective }) => {
    const earlier = sitesStartedBy.get(first);
    if (earlier && earlier.effective === effective && sameItems(earlier.deployments, ids)) return earlier;
    const site: ValueSite = { loc: first.written.loc, factor: first.factor, deployments: ids, effective };
    sitesStartedBy.set(first, site);
    return site;
  });
}
