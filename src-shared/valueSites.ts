import { once } from './identity';
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

/** Every written value behind a factor, with the deployments it feeds: the anchors of hints and hovers. */
export function collectValueSites(deployments: Deployment[]): ValueSite[] {
  const sites = new Map<string, ValueSite>();
  // Only a value shared by many deployments (one program's pool) gets a set, so that it costs no scan.
  const manyIds = new Map<ValueSite, Set<string>>();
  for (const deployment of deployments) {
    for (const { key, written, factor, effective } of once(sitesOfDeployment, deployment, () => deploymentSites(deployment))) {
      const site = sites.get(key);
      if (!site) {
        sites.set(key, { loc: written.loc, factor, deployments: [deployment.id], effective });
        continue;
      }
      site.effective ||= effective;
      if (site.deployments.length < 32) {
        if (!site.deployments.includes(deployment.id)) site.deployments.push(deployment.id);
        continue;
      }
      let ids = manyIds.get(site);
      if (!ids) manyIds.set(site, (ids = new Set(site.deployments)));
      if (!ids.has(deployment.id)) {
        ids.add(deployment.id);
        site.deployments.push(deployment.id);
      }
    }
  }
  return [...sites.values()];
}
