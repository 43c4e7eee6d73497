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

// A file's settled findings are kept while it has the same findings and severities: an edit
// changes the findings of a few files (of the members of a shared server at most).
const settledFiles = new WeakMap<Finding, { sources: Finding[]; severities: Settings['severities']; settled: Finding[] }>();

/** One finding for a place: the first's text, every deployment of all of them. */
function merged(sources: Finding[], severity: Severity): Finding {
  const first = sources[0];
  // Alone, with at most one deployment, it has nothing to merge: its list is kept.
  if (sources.length === 1 && (first.deployments?.length ?? 0) <= 1) return { ...first, deployments: first.deployments, severity };
  const ids = new Set(sources.flatMap((source) => source.deployments ?? []));
  return { ...sources[0], deployments: sources[0].deployments || ids.size > 0 ? [...ids] : undefined, severity };
}

/**
 * Applies the configured severities (dropping codes set to `off`) and keeps one finding per code
 * and place: a value shared by several deployments is reported once. Sorted by file (in
 * `localeCompare` order), position and code.
 */
export function settleFindings(findings: Finding[], settings: Settings): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (settings.severities[finding.code] === 'off') continue;
    const list = byFile.get(finding.loc.file);
    if (list) list.push(finding);
    else byFile.set(finding.loc.file, [finding]);
  }
  const settled: Finding[] = [];
  for (const file of inTextOrder(byFile)) settled.push(...settledInFile(byFile.get(file)!, settings));
  return settled;
}

/** The findings of one file settled, in the order of their positions and codes. */
function settledInFile(findings: Finding[], settings: Settings): Finding[] {
  const kept = settledFiles.get(findings[0]);
  if (kept && kept.severities === settings.severities && sameItems(kept.sources, findings)) return kept.settled;
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = locationKey(finding);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const settled = [...groups.values()]
    .map((sources) => {
      const configured = settings.severities[sources[0].code];
      const severity = configured === undefined || configured === 'off' ? DEFAULT_SEVERITIES[sources[0].code] : configured;
      const earlier = settledFindings.get(sources[0]);
      if (earlier && earlier.severity === severity && sameItems(earlier.sources, sources)) return earlier.settled;
      const finding = merged(sources, severity);
      settledFindings.set(sources[0], { sources, severity, settled: finding });
      return finding;
    })
    .sort(
      (a, b) =>
        a.loc.range.start.line - b.loc.range.start.line ||
        a.loc.range.start.character - b.loc.range.start.character ||
        CODE_RANK.get(a.code)! - CODE_RANK.get(b.code)!,
    );
  settledFiles.set(findings[0], { sources: findings, severities: settings.severities, settled });
  return settled;
}

/** The last files sorted: an edit seldom adds or removes a file with findings. */
let lastOrder: { files: Set<string>; sorted: string[] } = { files: new Set(), sorted: [] };

/** The keys (files) in `localeCompare` order; distinct texts it finds equal in code unit order. */
function inTextOrder(byFile: Map<string, unknown>): string[] {
  if (lastOrder.files.size === byFile.size && allIn(byFile.keys(), lastOrder.files)) return lastOrder.sorted;
  const keys = [...byFile.keys()];
  lastOrder = { files: new Set(keys), sorted: keys.sort((a, b) => byText.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)) };
  return lastOrder.sorted;
}

function allIn(keys: Iterable<string>, set: Set<string>): boolean {
  for (const key of keys) if (!set.has(key)) return false;
  return true;
}

function rankOf(texts: string[]): Map<string, number> {
  return new Map([...new Set(texts)].sort(byText.compare).map((text, rank) => [text, rank]));
}
