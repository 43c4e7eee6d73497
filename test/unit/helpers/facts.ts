import assert from 'node:assert/strict';
import { LineIndex } from '../../../src-shared/location';
import type { Analysis, DatabaseServer, Finding, FindingCode, Fix, Location } from '../../../src-shared/types';
import { analyze, applyEdits, type Files } from './workspace';

/** `file:line:column-line:column`, 1-based like the CLI, for readable range assertions. */
export function where(loc: Location): string {
  const { start, end } = loc.range;
  return `${loc.file}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/** The text a location covers in the in-memory workspace. */
export function textAt(files: Files, loc: Location): string {
  const text = files[loc.file];
  if (text === undefined) throw new Error(`no file ${loc.file}`);
  const index = new LineIndex(text);
  return text.slice(index.offset(loc.range.start), index.offset(loc.range.end));
}

export function findingsOf(analysis: Analysis, code: FindingCode): Finding[] {
  return analysis.findings.filter((finding) => finding.code === code);
}

/** The one finding with this code; fails listing what there is otherwise. */
export function onlyFinding(analysis: Analysis, code: FindingCode): Finding {
  const found = findingsOf(analysis, code);
  assert.equal(found.length, 1, `expected one ${code}, have: ${analysis.findings.map((f) => `${f.code}@${where(f.loc)}`).join(', ') || 'none'}`);
  return found[0];
}

export function codes(analysis: Analysis): string[] {
  return analysis.findings.map((finding) => finding.code).sort();
}

export function fixTitled(finding: Finding, pattern: RegExp): Fix {
  const fix = finding.fixes.find((candidate) => pattern.test(candidate.title));
  if (!fix) throw new Error(`no fix ${pattern} on ${finding.code}; have ${finding.fixes.map((f) => f.title).join(' | ') || 'none'}`);
  return fix;
}

/** Applies a fix and analyses the result again. */
export function applyFix(files: Files, fix: Fix, settings: Parameters<typeof analyze>[1] = {}): { files: Files; analysis: Analysis } {
  const next = applyEdits(files, fix.edits);
  return { files: next, analysis: analyze(next, settings) };
}

export function onlyServer(analysis: Analysis): DatabaseServer {
  assert.equal(analysis.servers.length, 1, `expected one server, have ${analysis.servers.map((s) => s.id).join(', ')}`);
  return analysis.servers[0];
}
