import type { Finding, FindingCode, Settings, Severity } from './types';

export const DEFAULT_SEVERITIES: Record<FindingCode, Severity> = {
  'over-budget': 'warning',
  'over-max-connections': 'error',
  'pool-of-one': 'warning',
  'unbounded-pool': 'warning',
  'oversized-pool': 'warning',
  'invalid-pool-option': 'warning',
  'pool-in-primary': 'warning',
  'cores-in-container': 'info',
  'replicas-conflict': 'error',
  'unresolved-value': 'info',
  'invalid-value': 'error',
  'parse-error': 'info',
};

export const FINDING_CODES = Object.keys(DEFAULT_SEVERITIES) as FindingCode[];

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

function locationKey(finding: Finding): string {
  const { start, end } = finding.loc.range;
  return `${finding.code}|${finding.loc.file}|${start.line}:${start.character}-${end.line}:${end.character}`;
}

/**
 * Applies the configured severities (dropping codes set to `off`) and keeps one finding per code
 * and place: a value shared by several deployments is reported once.
 */
export function settleFindings(findings: Finding[], settings: Settings): Finding[] {
  const seen = new Map<string, { finding: Finding; ids: Set<string> }>();
  for (const finding of findings) {
    const configured = settings.severities[finding.code];
    if (configured === 'off') continue;
    const key = locationKey(finding);
    const existing = seen.get(key);
    if (existing) {
      for (const id of finding.deployments ?? []) {
        if (existing.ids.has(id)) continue;
        existing.ids.add(id);
        (existing.finding.deployments ??= []).push(id);
      }
      continue;
    }
    // Its own list of deployments: findings may be kept from an earlier analysis and must not grow.
    const settled = { ...finding, deployments: finding.deployments && [...finding.deployments], severity: configured ?? DEFAULT_SEVERITIES[finding.code] };
    seen.set(key, { finding: settled, ids: new Set(finding.deployments) });
  }
  return [...seen.values()].map(({ finding }) => finding).sort(
    (a, b) =>
      a.loc.file.localeCompare(b.loc.file) ||
      a.loc.range.start.line - b.loc.range.start.line ||
      a.loc.range.start.character - b.loc.range.start.character ||
      a.code.localeCompare(b.code),
  );
}
