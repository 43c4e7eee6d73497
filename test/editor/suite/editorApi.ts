// What the checks read through VS Code's API, the way the editor itself asks the extension:
// the `vscode.execute*Provider` commands, diagnostics, workspace edits and settings.

import * as vscode from 'vscode';
import type { Anchor } from './expected';

export interface Hint {
  /** 1-based, like the anchors and the editor's status bar. */
  line: number;
  column: number;
  label: string;
}

/** Polls `probe` until `accept` says yes; on timeout throws with `what` and what was seen last. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 250, show = (value: T) => JSON.stringify(value) } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError !== undefined ? `error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : show(last as T);
      throw new Error(`${what}: not seen within ${Math.round(timeoutMs / 1000)} s; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function folderUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === name);
  if (!folder) {
    const names = (vscode.workspace.workspaceFolders ?? []).map((candidate) => candidate.name).join(', ');
    throw new Error(`workspace folder "${name}" is not open (open: ${names || 'none'})`);
  }
  return folder.uri;
}

export function fileUri(folder: string, file: string): vscode.Uri {
  return vscode.Uri.joinPath(folderUri(folder), ...file.split('/'));
}

export async function openDocument(uri: vscode.Uri, show = false): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (show) await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** The range of an anchor's text in the document; throws when the example file is not as expected. */
export function anchorRange(document: vscode.TextDocument, anchor: Anchor): vscode.Range {
  assert(anchor.line >= 1 && anchor.line <= document.lineCount, `${document.uri.fsPath} has no line ${anchor.line}`);
  const text = document.lineAt(anchor.line - 1).text;
  const at = text.indexOf(anchor.text);
  assert(at >= 0, `line ${anchor.line} of ${document.uri.fsPath} does not contain "${anchor.text}": ${JSON.stringify(text)}`);
  return new vscode.Range(anchor.line - 1, at, anchor.line - 1, at + anchor.text.length);
}

/** The position of the anchor's last character (inside the value). */
export function valuePosition(document: vscode.TextDocument, anchor: Anchor): vscode.Position {
  return anchorRange(document, anchor).end.translate(0, -1);
}

function labelText(label: string | vscode.InlayHintLabelPart[]): string {
  return typeof label === 'string' ? label : label.map((part) => part.value).join('');
}

export async function inlayHints(uri: vscode.Uri): Promise<Hint[]> {
  const document = await openDocument(uri);
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range)) ?? [];
  return hints.map((hint) => ({ line: hint.position.line + 1, column: hint.position.character + 1, label: labelText(hint.label).trim() }));
}

/** Waits until the hint at the end of the anchor has exactly this label. */
export async function waitForHint(uri: vscode.Uri, anchor: Anchor, label: string, timeoutMs?: number): Promise<Hint> {
  const document = await openDocument(uri);
  const column = anchorRange(document, anchor).end.character + 1;
  const here = (hint: Hint) => hint.line === anchor.line && hint.column === column;
  const hints = await waitFor(
    `hint "${label}" at ${vscode.workspace.asRelativePath(uri)}:${anchor.line}:${column} (after "${anchor.text}")`,
    () => inlayHints(uri),
    (found) => found.some((hint) => here(hint) && hint.label === label),
    { timeoutMs },
  );
  return hints.find(here)!;
}

function markdownText(content: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof content === 'string') return content;
  return content.value;
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((hover) => hover.contents.map(markdownText)).join('\n\n');
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const found = (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  return found.filter((action): action is vscode.CodeAction => 'title' in action && !('command' in action && typeof action.command === 'string'));
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const { code } = diagnostic;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.source === 'connection-budget');
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => `${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`));
}

/** Puts a document's text back as it was (and on disk), for checks that edit. */
export async function restoreText(uri: vscode.Uri, text: string): Promise<void> {
  const document = await openDocument(uri);
  if (document.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    assert(await vscode.workspace.applyEdit(edit), `could not restore ${uri.fsPath}`);
  }
  if (document.isDirty) await document.save();
}
