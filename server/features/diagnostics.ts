import { DiagnosticSeverity, type Diagnostic, type Position } from 'vscode-languageserver';
import { once } from '../../src-shared/identity';
import type { Analysis, Finding, Severity } from '../../src-shared/types';

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

/** Every finding as a diagnostic, by workspace-relative file. */
export function diagnosticsByFile(analysis: Analysis): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const finding of analysis.findings) {
    const list = byFile.get(finding.loc.file);
    if (list) list.push(diagnosticOf(finding));
    else byFile.set(finding.loc.file, [diagnosticOf(finding)]);
  }
  return byFile;
}

/** Same diagnostics as the editor shows them: the same objects (an unchanged finding's), else field by field. */
export function sameDiagnostics(a: Diagnostic[], b: Diagnostic[]): boolean {
  const samePosition = (x: Position, y: Position) => x.line === y.line && x.character === y.character;
  return (
    a.length === b.length &&
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
    })
  );
}
