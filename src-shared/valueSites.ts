import type { Deployment, FactorName, ValueSite, WrittenValue } from './types';

/** Every written value behind a factor, with the deployments it feeds: the anchors of hints and hovers. */
export function collectValueSites(deployments: Deployment[]): ValueSite[] {
  const sites = new Map<string, ValueSite>();
  const add = (written: WrittenValue, factor: FactorName, deployment: string, effective: boolean) => {
    const { start, end } = written.loc.range;
    const key = `${factor}|${written.loc.file}|${start.line}:${start.character}-${end.line}:${end.character}`;
    const site = sites.get(key);
    if (!site) {
      sites.set(key, { loc: written.loc, factor, deployments: [deployment], effective });
    } else {
      if (!site.deployments.includes(deployment)) site.deployments.push(deployment);
      site.effective ||= effective;
    }
  };
  for (const deployment of deployments) {
    for (const factor of ['instances', 'workers', 'connectionLimit'] as const) {
      const value = deployment[factor];
      if (value.source) add(value.source, factor, deployment.id, true);
      for (const place of value.via) add(place, factor, deployment.id, false);
    }
  }
  return [...sites.values()];
}
