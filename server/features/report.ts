import { factorPlace, toJsonReport } from '../../src-shared/report';
import type { FileLink, FolderReport, ReportDeployment, ReportServer, StatusParams, WorstServer } from '../../src-shared/protocol';
import type { Analysis, Deployment, Factor, Location } from '../../src-shared/types';
import type { UriOf } from './analysisLookup';

/** What the report needs of one workspace folder. */
export interface FolderView {
  name: string;
  uri: string;
  threshold: number;
  analysis: Analysis;
  uriOf: UriOf;
}

function linkTo(uriOf: UriOf, loc: Location): FileLink {
  const line = loc.range.start.line;
  return { uri: uriOf(loc.file), line, label: `${loc.file}:${line + 1}` };
}

function factorLink(factor: Factor, uriOf: UriOf): FileLink | null {
  const place = factorPlace(factor);
  return place ? linkTo(uriOf, place.loc) : null;
}

function deploymentOf(deployment: Deployment, uriOf: UriOf): ReportDeployment {
  return {
    id: deployment.id,
    name: deployment.name,
    kind: deployment.kind,
    server: deployment.server,
    link: linkTo(uriOf, deployment.loc),
    instances: deployment.instances.value,
    peakInstances: deployment.peakInstances,
    workers: deployment.workers.value,
    connectionLimit: deployment.connectionLimit.value,
    total: deployment.total,
    peak: deployment.peak,
    peakReasons: deployment.peakReasons,
    assumptions: [deployment.instances, deployment.workers, deployment.connectionLimit].flatMap((factor) => factor.assumption ?? []),
    sources: {
      instances: factorLink(deployment.instances, uriOf),
      workers: factorLink(deployment.workers, uriOf),
      connectionLimit: factorLink(deployment.connectionLimit, uriOf),
    },
  };
}

export function folderReport(view: FolderView): FolderReport {
  const { analysis, uriOf } = view;
  const json = toJsonReport(analysis);
  const servers: ReportServer[] = analysis.servers.map((server, index) => ({
    ...json.servers[index],
    maxConnectionsLink: server.maxConnectionsLoc ? linkTo(uriOf, server.maxConnectionsLoc) : null,
    link: server.loc ? linkTo(uriOf, server.loc) : null,
    threshold: view.threshold,
  }));
  return {
    name: view.name,
    uri: view.uri,
    json,
    servers,
    deployments: analysis.deployments.map((deployment) => deploymentOf(deployment, uriOf)),
    findings: analysis.findings.map((finding) => ({
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      link: linkTo(uriOf, finding.loc),
    })),
    skipped: analysis.skipped.map((skipped) => ({
      link: { uri: uriOf(skipped.file), line: 0, label: skipped.file },
      reason: skipped.reason,
    })),
  };
}

/** The server with the highest peak share over all folders; a known share beats an unknown one. */
export function statusOf(views: FolderView[]): StatusParams {
  let worst: WorstServer | null = null;
  let servers = 0;
  const rank = (share: number | null) => share ?? -1;
  for (const view of views) {
    for (const server of view.analysis.servers) {
      servers++;
      if (worst && rank(server.peakPercent) <= rank(worst.peakPercent)) continue;
      worst = {
        folder: view.name,
        id: server.id,
        maxConnections: server.maxConnections,
        budget: server.budget,
        peak: server.peak,
        peakPercent: server.peakPercent,
        status: server.status,
      };
    }
  }
  return { worst, servers };
}
