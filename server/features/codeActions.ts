import type { CodeAction, CodeActionContext, Diagnostic, Range, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { connectionLimitFixes } from '../../src-shared/fixes';
import type { Analysis, Finding, Fix } from '../../src-shared/types';
import { deploymentsOf, lookup, rangesTouch, type UriOf } from './analysisLookup';
import { DIAGNOSTIC_SOURCE, diagnosticOf } from './diagnostics';
import { CodeActionKind } from '../languageServer';

function workspaceEditOf(fix: Fix, uriOf: UriOf): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of fix.edits) (changes[uriOf(edit.file)] ??= []).push({ range: edit.range, newText: edit.newText });
  return { changes };
}

function wanted(context: CodeActionContext, kind: string): boolean {
  return !context.only || context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
}

function sameDiagnostic(diagnostic: Diagnostic, finding: Finding): boolean {
  const { start, end } = diagnostic.range;
  const at = finding.loc.range;
  return (
    diagnostic.source === DIAGNOSTIC_SOURCE &&
    diagnostic.code === finding.code &&
    start.line === at.start.line &&
    start.character === at.start.character &&
    end.line === at.end.line &&
    end.character === at.end.character
  );
}

/**
 * The fixes of the findings in the range, each attached to its diagnostics; one action per edit,
 * so that `over-max-connections` and `oversized-pool` on the same value offer one "Set connectionLimit".
 */
function quickFixes(analysis: Analysis, file: string, range: Range, context: CodeActionContext, uriOf: UriOf): Map<string, CodeAction> {
  const actions = new Map<string, CodeAction>();
  for (const finding of lookup(analysis).findingsIn(file)) {
    if (finding.fixes.length === 0 || !rangesTouch(finding.loc.range, range)) continue;
    const diagnostic = context.diagnostics.find((candidate) => sameDiagnostic(candidate, finding)) ?? diagnosticOf(finding);
    for (const fix of finding.fixes) {
      const key = JSON.stringify(fix.edits);
      const action = actions.get(key);
      if (action) action.diagnostics!.push(diagnostic);
      else actions.set(key, { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: workspaceEditOf(fix, uriOf) });
    }
  }
  return actions;
}

/**
 * "Set connectionLimit to N" on any connectionLimit value, edited where the effective value lives;
 * an edit already offered as a quick fix is not offered twice.
 */
function limitRewrites(analysis: Analysis, file: string, range: Range, uriOf: UriOf, offered: Set<string>): CodeAction[] {
  const index = lookup(analysis);
  const actions: CodeAction[] = [];
  const seen = new Set(offered);
  for (const site of index.sitesIn(file)) {
    if (site.factor !== 'connectionLimit' || !rangesTouch(site.loc.range, range)) continue;
    const deployments = deploymentsOf(analysis, site.deployments);
    for (const deployment of deployments) {
      const server = index.server(deployment.server);
      if (!server) continue;
      for (const fix of connectionLimitFixes(deployment.connectionLimit, server)) {
        const key = JSON.stringify(fix.edits);
        if (seen.has(key)) continue;
        seen.add(key);
        const title = deployments.length > 1 ? `${fix.title} for ${deployment.name}` : fix.title;
        actions.push({ title, kind: CodeActionKind.RefactorRewrite, edit: workspaceEditOf(fix, uriOf) });
      }
    }
  }
  return actions;
}

export function codeActions(analysis: Analysis, file: string, range: Range, context: CodeActionContext, uriOf: UriOf): CodeAction[] {
  const fixes = wanted(context, CodeActionKind.QuickFix) ? quickFixes(analysis, file, range, context, uriOf) : new Map<string, CodeAction>();
  const rewrites = wanted(context, CodeActionKind.RefactorRewrite) ? limitRewrites(analysis, file, range, uriOf, new Set(fixes.keys())) : [];
  return [...fixes.values(), ...rewrites];
}
