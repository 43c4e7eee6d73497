import { once } from './once';
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
  const sites = new Map<string, { site: ValueSite; ids: Set<string> }>();
  for (const deployment of deployments) {
    for (const { key, written, factor, effective } of once(sitesOfDeployment, deployment, () => deploymentSites(deployment))) {
      const found = sites.get(key);
      if (!found) {
        sites.set(key, { site: { loc: written.loc, factor, deployments: [deployment.id], effective }, ids: new Set([deployment.id]) });
      } else {
        // A value shared by hundreds of deployments (one program's pool) must not cost a scan each.
        if (!found.ids.has(deployment.id)) {
          found.ids.add(deployment.id);
          found.site.deployments.push(deployment.id);
        }
        found.site.effective ||= effective;
      }
    }
  }
  return [...sites.values()].map(({ site }) => site);
}
