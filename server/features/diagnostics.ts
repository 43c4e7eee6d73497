import type { Diagnostic, Position } from 'vscode-languageserver';
import { once } from '../../src-shared/identity';
import type { Analysis, Finding, Severity } from '../../src-shared/types';
import { DiagnosticSeverity } from '../languageServer';

export const DIAGNOSTIC_SOURCE = 'connection-budget';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

// An unchanged finding keeps its diagnostic, so that the publisher can tell unchanged files cheaply.
const diagnostics = new WeakMap<Finding, Diagnostic>();

export function diagnosticOf(finding: Finding): Diagnostic {
  return once(diagnostics, finding, () => ({
    range: finding.loc.range,
    severity: SEVERITIES[finding.severity],
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  }));
}

// A file's diagnostics are kept while it has the same findings, so that the publisher compares
// an unchanged file by identity.
const fileDiagnostics = new WeakMap<Finding, { findings: Finding[]; diagnostics: Diagnostic[] }>();

/** Every finding as a diagnostic, by workspace-relative file (an analysis sorts findings by file). */
export function diagnosticsByFile(analysis: Analysis): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  const { findings } = analysis;
  for (let start = 0, end = 0; start < findings.length; start = end) {
    const file = findings[start].loc.file;
    while (end < findings.length && findings[end].loc.file === file) end++;
    let kept = fileDiagnostics.get(findings[start]);
    if (!kept || kept.findings.length !== end - start || kept.findings.some((finding, i) => finding !== findings[start + i])) {
      const run = findings.slice(start, end);
      kept = { findings: run, diagnostics: run.map(diagnosticOf) };
      fileDiagnostics.set(findings[start], kept);
    }
    const { diagnostics } = kept;
    const earlier = byFile.get(file);
    byFile.set(file, earlier ? [...earlier, ...diagnostics] : diagnostics);
  }
  return byFile;
}

/** Same diagnostics as the editor shows them: the same objects (an unchanged finding's), else field by field. */
export function sameDiagnostics(a: Diagnostic[], b: Diagnostic[]): boolean {
  const samePosition = (x: Position, y: Position) => x.line === y.line && x.character === y.character;
  return (
    a === b ||
    (a.length === b.length &&
    a.every((first, i) => {
      const second = b[i];
      return (
        first === second ||
        (first.message === second.message &&
          first.severity === second.severity &&
          first.code === second.code &&
          first.source === second.source &&
          samePosition(first.range.start, second.range.start) &&
          samePosition(first.range.end, second.range.end))
      );
    }))
  );
}
