import { once, sameItems } from './identity';
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

/** `localeCompare`'s order at a fraction of its cost per comparison. */
const byText = new Intl.Collator();

const CODE_RANK = rankOf(FINDING_CODES);

const locationKeys = new WeakMap<Finding, string>();

function locationKey(finding: Finding): string {
  return once(locationKeys, finding, () => {
    const { start, end } = finding.loc.range;
    return `${finding.code}|${finding.loc.file}|${start.line}:${start.character}-${end.line}:${end.character}`;
  });
}

// A settled finding is kept while it settles the same finding objects with the same severity: an
// incremental analysis keeps most findings, and an unchanged finding stays the same object.
const settledFindings = new WeakMap<Finding, { sources: Finding[]; severity: Severity; settled: Finding }>();

/** One finding for a place: the first's text, every deployment of all of them. */
function merged(sources: Finding[], severity: Severity): Finding {
  const ids = new Set(sources.flatMap((source) => source.deployments ?? []));
  return { ...sources[0], deployments: sources[0].deployments || ids.size > 0 ? [...ids] : undefined, severity };
}

/**
 * Applies the configured severities (dropping codes set to `off`) and keeps one finding per code
 * and place: a value shared by several deployments is reported once.
 */
export function settleFindings(findings: Finding[], settings: Settings): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (settings.severities[finding.code] === 'off') continue;
    const key = locationKey(finding);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const settled = [...groups.values()].map((sources) => {
    const configured = settings.severities[sources[0].code];
    const severity = configured === undefined || configured === 'off' ? DEFAULT_SEVERITIES[sources[0].code] : configured;
    const kept = settledFindings.get(sources[0]);
    if (kept && kept.severity === severity && sameItems(kept.sources, sources)) return kept.settled;
    const finding = merged(sources, severity);
    settledFindings.set(sources[0], { sources, severity, settled: finding });
    return finding;
  });
  // Files and codes in `localeCompare` order, ranked once: the sort then compares numbers.
  const fileRank = rankOf(settled.map((finding) => finding.loc.file));
  return settled.sort(
    (a, b) =>
      fileRank.get(a.loc.file)! - fileRank.get(b.loc.file)! ||
      a.loc.range.start.line - b.loc.range.start.line ||
      a.loc.range.start.character - b.loc.range.start.character ||
      CODE_RANK.get(a.code)! - CODE_RANK.get(b.code)!,
  );
}

function rankOf(texts: string[]): Map<string, number> {
  return new Map([...new Set(texts)].sort(byText.compare).map((text, rank) => [text, rank]));
}
