import { once, sameItems } from './identity';
import type { Finding, FindingCode, Settings, Severity } from './types';
import { addToList, groupBy } from './lists';

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

/**
 * `localeCompare`'s order at a fraction of its cost per comparison. Made on first use: loading
 * ICU's collation data takes 8–10 ms, which a run that sorts nothing need not pay, and which a
 * language server's code reader thread, when a large read starts one, pays meanwhile (ICU keeps
 * the data for the whole process).
 */
let collator: Intl.Collator | undefined;
function compareText(a: string, b: string): number {
  return (collator ??= new Intl.Collator()).compare(a, b);
}

let codeRanks: Map<string, number> | undefined;
function codeRank(code: string): number {
  return (codeRanks ??= rankOf(FINDING_CODES)).get(code)!;
}

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
 * `localeCompare` order), position and code; `lineage` is the workspace (see `Linked`), whose
 * last file order is updated.
 */
export function settleFindings(findings: Finding[], settings: Settings, lineage: object): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) if (settings.severities[finding.code] !== 'off') addToList(byFile, finding.loc.file, finding);
  const settled: Finding[] = [];
  for (const file of inTextOrder(byFile, lineage)) settled.push(...settledInFile(byFile.get(file)!, settings));
  return settled;
}

/** The findings of one file settled, in the order of their positions and codes. */
function settledInFile(findings: Finding[], settings: Settings): Finding[] {
  const kept = settledFiles.get(findings[0]);
  if (kept && kept.severities === settings.severities && sameItems(kept.sources, findings)) return kept.settled;
  // Most files have one finding: nothing to group or sort.
  const settled = findings.length === 1 ? [settledGroup(findings, settings)] : groupedInFile(findings, settings);
  settledFiles.set(findings[0], { sources: findings, severities: settings.severities, settled });
  return settled;
}

function groupedInFile(findings: Finding[], settings: Settings): Finding[] {
  return [...groupBy(findings, locationKey).values()]
    .map((sources) => settledGroup(sources, settings))
    .sort(
      (a, b) =>
        a.loc.range.start.line - b.loc.range.start.line ||
        a.loc.range.start.character - b.loc.range.start.character ||
        codeRank(a.code) - codeRank(b.code),
    );
}

/** The findings of one code and place as one, with the configured severity. */
function settledGroup(sources: Finding[], settings: Settings): Finding {
  const configured = settings.severities[sources[0].code];
  const severity = configured === undefined || configured === 'off' ? DEFAULT_SEVERITIES[sources[0].code] : configured;
  const earlier = settledFindings.get(sources[0]);
  if (earlier && earlier.severity === severity && sameItems(earlier.sources, sources)) return earlier.settled;
  const finding = merged(sources, severity);
  settledFindings.set(sources[0], { sources, severity, settled: finding });
  return finding;
}

/** Files in `localeCompare` order; distinct texts it finds equal in code unit order. */
function byFileText(a: string, b: string): number {
  return compareText(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Where `file` goes in a sorted list. */
function insertionPoint(sorted: string[], file: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (byFileText(sorted[middle], file) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** More new files than this are sorted with the rest rather than inserted one by one. */
const INSERTED_FILES = 16;

interface FileOrder {
  files: Set<string>;
  sorted: string[];
}

// The last file order of a workspace: an edit adds or removes a file with findings now and then
// (a finding that comes and goes), and the collator's comparisons are costly.
const fileOrders = new WeakMap<object, FileOrder>();

/** The keys (files) in text order, updated from the workspace's last order. */
function inTextOrder(byFile: Map<string, unknown>, lineage: object): string[] {
  const last = fileOrders.get(lineage);
  const added: string[] = [];
  for (const file of byFile.keys()) if (!last?.files.has(file)) added.push(file);
  const removed = last !== undefined && last.files.size + added.length !== byFile.size;
  if (last && added.length === 0 && !removed) return last.sorted;
  let sorted: string[];
  if (!last || added.length > INSERTED_FILES) {
    sorted = [...byFile.keys()].sort(byFileText);
  } else {
    sorted = removed ? last.sorted.filter((file) => byFile.has(file)) : [...last.sorted];
    for (const file of added) sorted.splice(insertionPoint(sorted, file), 0, file);
  }
  fileOrders.set(lineage, { files: new Set(sorted), sorted });
  return sorted;
}

function rankOf(texts: string[]): Map<string, number> {
  return new Map([...new Set(texts)].sort(compareText).map((text, rank) => [text, rank]));
}
