import type { Analysis, DatabaseServer, Deployment, Factor, Finding, MaxConnectionsSource, WrittenValue } from './types';

/** The `--json` shape of SPEC §8: 1-based lines and columns, paths relative to the workspace. */
export interface JsonReport {
  servers: Array<{
    id: string;
    maxConnections: number;
    maxConnectionsSource: MaxConnectionsSource;
    budget: number;
    total: number | null;
    peak: number | null;
    percent: number | null;
    peakPercent: number | null;
    recommendedConnectionLimit: number | null;
    conservativeConnectionLimit: number | null;
    status: DatabaseServer['status'];
    deployments: string[];
  }>;
  deployments: Array<{
    id: string;
    name: string;
    kind: string;
    file: string;
    line: number;
    server: string;
    environment: string | null;
    instances: number | null;
    peakInstances: number | null;
    peakReasons: string[];
    workers: number | null;
    connectionLimit: number | null;
    total: number | null;
    peak: number | null;
    sources: Record<'instances' | 'workers' | 'connectionLimit', { file: string; line: number } | null>;
    assumptions: string[];
  }>;
  findings: Array<{
    code: string;
    severity: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    message: string;
  }>;
  skipped: Array<{ file: string; reason: string }>;
}

/** Where a factor is shown to come from: its effective value, else the first place on the way. */
export function factorPlace(factor: Factor): WrittenValue | undefined {
  return factor.source ?? factor.via[0];
}

function sourceOf(factor: Factor): { file: string; line: number } | null {
  const place = factorPlace(factor);
  return place ? { file: place.loc.file, line: place.loc.range.start.line + 1 } : null;
}

function deploymentJson(deployment: Deployment): JsonReport['deployments'][number] {
  const factors = [deployment.instances, deployment.workers, deployment.connectionLimit];
  return {
    id: deployment.id,
    name: deployment.name,
    kind: deployment.kind,
    file: deployment.loc.file,
    line: deployment.loc.range.start.line + 1,
    server: deployment.server,
    environment: deployment.environment ?? null,
    instances: deployment.instances.value,
    peakInstances: deployment.peakInstances,
    peakReasons: deployment.peakReasons,
    workers: deployment.workers.value,
    connectionLimit: deployment.connectionLimit.value,
    total: deployment.total,
    peak: deployment.peak,
    sources: {
      instances: sourceOf(deployment.instances),
      workers: sourceOf(deployment.workers),
      connectionLimit: sourceOf(deployment.connectionLimit),
    },
    assumptions: factors.flatMap((factor) => (factor.assumption ? [factor.assumption] : [])),
  };
}

function findingJson(finding: Finding): JsonReport['findings'][number] {
  const { start, end } = finding.loc.range;
  return {
    code: finding.code,
    severity: finding.severity,
    file: finding.loc.file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    message: finding.message,
  };
}

export function toJsonReport(analysis: Analysis): JsonReport {
  return {
    servers: analysis.servers.map((server) => ({
      id: server.id,
      maxConnections: server.maxConnections,
      maxConnectionsSource: server.maxConnectionsSource,
      budget: server.budget,
      total: server.total,
      peak: server.peak,
      percent: server.percent,
      peakPercent: server.peakPercent,
      recommendedConnectionLimit: server.recommendedConnectionLimit,
      conservativeConnectionLimit: server.conservativeConnectionLimit,
      status: server.status,
      deployments: server.deployments,
    })),
    deployments: analysis.deployments.map(deploymentJson),
    findings: analysis.findings.map(findingJson),
    skipped: analysis.skipped,
  };
}
