// The checks of the extension inside a real VS Code: the workspace is the examples, one workspace
// folder per example (test/editor/workspace.mjs), with the numbers of test/editor/expected.json.
// Read-only checks come first; each check that edits or changes a setting puts it back.

import * as vscode from 'vscode';
import {
  anchorRange,
  assert,
  codeActions,
  codeOf,
  describeDiagnostics,
  fileUri,
  hoverText,
  inlayHints,
  openDocument,
  ours,
  restoreText,
  valuePosition,
  waitFor,
  waitForHint,
} from './editorApi';
import type { Expected } from './expected';
import { SkipCheck, type Suite } from './harness';

/** The first analysis loads the workspace (and TypeScript's compiler for code files). */
const FIRST_HINT_TIMEOUT_MS = 90_000;
/** A folder's first hint, once the editor is up. */
const FOLDER_HINT_TIMEOUT_MS = 60_000;

export function registerChecks(suite: Suite, expected: Expected): void {
  const { compose, kubernetes, singleServer, clusterApp, antipatterns, liveDatabase } = expected;

  suite.check('the extension is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(expected.extensionId);
    assert(extension, `extension ${expected.extensionId} is not installed (found: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')})`);
    await extension.activate();
    assert(extension.isActive, `${expected.extensionId} did not activate`);
  });

  suite.check('every contributed command is declared and registered', async () => {
    const extension = vscode.extensions.getExtension(expected.extensionId);
    assert(extension, `extension ${expected.extensionId} is not installed`);
    const declared: string[] = (extension.packageJSON?.contributes?.commands ?? []).map((command: { command: string }) => command.command);
    const missingDeclared = expected.commands.filter((id) => !declared.includes(id));
    assert(missingDeclared.length === 0, `package.json contributes.commands lacks ${missingDeclared.join(', ')} (declares ${declared.join(', ')})`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert(missing.length === 0, `declared but not registered after activation: ${missing.join(', ')}`);
  });

  suite.check(
    `Compose: hints on replicas, APP_WORKERS and connectionLimit read "${compose.hint}"`,
    async () => {
      await waitForHint(fileUri(compose.folder, compose.file), compose.replicas, compose.hint, FIRST_HINT_TIMEOUT_MS);
      await waitForHint(fileUri(compose.folder, compose.file), compose.workers, compose.hint);
      await waitForHint(fileUri(compose.folder, compose.config), compose.connectionLimit, compose.hint);
    },
    150_000,
  );

  suite.check(`Kubernetes: hints on replicas and the env override read "${kubernetes.hint}"`, async () => {
    await waitForHint(fileUri(kubernetes.folder, kubernetes.file), kubernetes.replicas, kubernetes.hint, FOLDER_HINT_TIMEOUT_MS);
    await waitForHint(fileUri(kubernetes.folder, kubernetes.file), kubernetes.connectionLimit, kubernetes.hint);
  });

  suite.check(`single server: hints on workers: -1 and connectionLimit read "${singleServer.hint}"`, async () => {
    await waitForHint(fileUri(singleServer.folder, singleServer.file), singleServer.workers, singleServer.hint, FOLDER_HINT_TIMEOUT_MS);
    await waitForHint(fileUri(singleServer.folder, singleServer.file), singleServer.connectionLimit, singleServer.hint);
  });

  suite.check(`cluster app: the hint on connectionLimit in TypeScript reads "${clusterApp.hint}"`, async () => {
    await waitForHint(fileUri(clusterApp.folder, clusterApp.file), clusterApp.connectionLimit, clusterApp.hint, FOLDER_HINT_TIMEOUT_MS);
  });

  suite.check('Compose: the hover on replicas shows the equation, the sources, max_connections and the recommendation', async () => {
    const uri = fileUri(compose.folder, compose.file);
    const position = valuePosition(await openDocument(uri), compose.replicas);
    const text = await waitFor(
      `hover at ${compose.file}:${compose.replicas.line}:${position.character + 1} with ${JSON.stringify(compose.hoverIncludes)}`,
      () => hoverText(uri, position),
      (found) => compose.hoverIncludes.every((part) => found.includes(part)),
      { show: (found) => JSON.stringify(found.slice(0, 1500)) },
    );
    // The sources are links that open the file at the line.
    assert(/\]\(file:[^)]*docker-compose\.yml#L9\)/.test(text) || /\]\(vscode-remote:[^)]*docker-compose\.yml#L9\)/.test(text), `the hover does not link docker-compose.yml line 9: ${text.slice(0, 800)}`);
  });

  suite.check(`antipatterns: diagnostics report ${antipatterns.error.code} (error) at ${antipatterns.file}:${antipatterns.error.line}:${antipatterns.error.column}`, async () => {
    const uri = fileUri(antipatterns.folder, antipatterns.file);
    await openDocument(uri, true);
    const wantedWarnings = Object.entries(antipatterns.warnings);
    const diagnostics = await waitFor(
      `diagnostics of ${antipatterns.file}`,
      () => ours(vscode.languages.getDiagnostics(uri)),
      (found) =>
        found.some((d) => codeOf(d) === antipatterns.error.code) &&
        wantedWarnings.every(([code, count]) => found.filter((d) => codeOf(d) === code).length === count),
      { show: describeDiagnostics, timeoutMs: FOLDER_HINT_TIMEOUT_MS },
    );
    const error = diagnostics.find((d) => codeOf(d) === antipatterns.error.code)!;
    assert(error.severity === vscode.DiagnosticSeverity.Error, `${antipatterns.error.code} has severity ${vscode.DiagnosticSeverity[error.severity]}, not Error`);
    const at = `${error.range.start.line + 1}:${error.range.start.character + 1}`;
    assert(at === `${antipatterns.error.line}:${antipatterns.error.column}`, `${antipatterns.error.code} is at ${at}, not ${antipatterns.error.line}:${antipatterns.error.column}`);
    assert(error.message.includes(antipatterns.error.messageIncludes), `the message does not name ${antipatterns.error.messageIncludes}: ${error.message}`);
    for (const [code] of wantedWarnings) {
      const severities = diagnostics.filter((d) => codeOf(d) === code).map((d) => vscode.DiagnosticSeverity[d.severity]);
      assert(severities.every((s) => s === 'Warning'), `${code} severities: ${severities.join(', ')}`);
    }
    const composeDiagnostics = ours(vscode.languages.getDiagnostics(fileUri(compose.folder, compose.file)));
    assert(!composeDiagnostics.some((d) => d.severity <= vscode.DiagnosticSeverity.Warning), `docker-compose.yml (within budget) has warnings: ${describeDiagnostics(composeDiagnostics)}`);
  });

  suite.check(`antipatterns: the quick fix "${antipatterns.recommendedTitle}" edits the code, the hint updates and the error goes`, async (cleanup) => {
    const uri = fileUri(antipatterns.folder, antipatterns.file);
    const document = await openDocument(uri, true);
    const original = document.getText();
    cleanup(() => restoreText(uri, original));
    await waitForHint(uri, antipatterns.connectionLimit, antipatterns.hint, FOLDER_HINT_TIMEOUT_MS);
    const range = anchorRange(document, antipatterns.connectionLimit);
    const valueRange = new vscode.Range(range.end.translate(0, -2), range.end);
    const actions = await waitFor(
      `code actions at ${antipatterns.file}:${antipatterns.connectionLimit.line}`,
      () => codeActions(uri, valueRange),
      (found) => found.some((a) => a.title === antipatterns.recommendedTitle) && found.some((a) => a.title === antipatterns.conservativeTitle),
      { show: (found) => JSON.stringify(found.map((a) => a.title)) },
    );
    const fix = actions.find((a) => a.title === antipatterns.recommendedTitle)!;
    assert(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `"${fix.title}" is a ${fix.kind?.value}, not a quick fix`);
    assert(fix.isPreferred === true, `"${fix.title}" is not the preferred fix`);
    // (vscode.executeCodeActionProvider does not return an action's diagnostics, so which finding it fixes is not checked here.)
    assert(fix.edit, `"${fix.title}" has no edit`);
    assert(await vscode.workspace.applyEdit(fix.edit), `applyEdit("${fix.title}") returned false`);
    const line = document.lineAt(antipatterns.connectionLimit.line - 1).text;
    assert(line === antipatterns.connectionLimitAfterFix, `after the fix line ${antipatterns.connectionLimit.line} is ${JSON.stringify(line)}, not ${JSON.stringify(antipatterns.connectionLimitAfterFix)}`);
    await waitForHint(uri, antipatterns.connectionLimitFixed, antipatterns.hintAfterFix);
    await waitFor(
      `${antipatterns.error.code} gone after the fix`,
      () => ours(vscode.languages.getDiagnostics(uri)),
      (found) => !found.some((d) => codeOf(d) === antipatterns.error.code),
      { show: describeDiagnostics },
    );
  });

  suite.check(`Kubernetes: "${kubernetes.recommendedTitle}" on the env override keeps quotes and comment; the peak updates`, async (cleanup) => {
    const uri = fileUri(kubernetes.folder, kubernetes.file);
    const document = await openDocument(uri, true);
    const original = document.getText();
    cleanup(() => restoreText(uri, original));
    await waitForHint(uri, kubernetes.connectionLimit, kubernetes.hint, FOLDER_HINT_TIMEOUT_MS);
    const range = anchorRange(document, kubernetes.connectionLimit);
    const actions = await waitFor(
      `code actions at ${kubernetes.file}:${kubernetes.connectionLimit.line}`,
      () => codeActions(uri, range),
      (found) => found.some((a) => a.title === kubernetes.recommendedTitle),
      { show: (found) => JSON.stringify(found.map((a) => a.title)) },
    );
    const fix = actions.find((a) => a.title === kubernetes.recommendedTitle)!;
    assert(fix.edit, `"${fix.title}" has no edit`);
    assert(await vscode.workspace.applyEdit(fix.edit), `applyEdit("${fix.title}") returned false`);
    const line = document.lineAt(kubernetes.connectionLimit.line - 1).text;
    assert(line === kubernetes.connectionLimitAfterFix, `after the fix line ${kubernetes.connectionLimit.line} is ${JSON.stringify(line)}, not ${JSON.stringify(kubernetes.connectionLimitAfterFix)}`);
    await waitForHint(uri, kubernetes.replicas, kubernetes.hintAfterFix);
  });

  suite.check(`Compose: "${compose.recommendedTitle}" edits ${compose.config}; the hint in ${compose.file} follows the unsaved buffer`, async (cleanup) => {
    const configUri = fileUri(compose.folder, compose.config);
    const composeUri = fileUri(compose.folder, compose.file);
    const document = await openDocument(configUri, true);
    const original = document.getText();
    cleanup(() => restoreText(configUri, original));
    await waitForHint(composeUri, compose.replicas, compose.hint);
    const range = anchorRange(document, compose.connectionLimit);
    const actions = await waitFor(
      `code actions at ${compose.config}:${compose.connectionLimit.line}`,
      () => codeActions(configUri, range),
      (found) => found.some((a) => a.title === compose.recommendedTitle),
      { show: (found) => JSON.stringify(found.map((a) => a.title)) },
    );
    const fix = actions.find((a) => a.title === compose.recommendedTitle)!;
    assert(fix.edit, `"${fix.title}" has no edit`);
    assert(await vscode.workspace.applyEdit(fix.edit), `applyEdit("${fix.title}") returned false`);
    const line = document.lineAt(compose.connectionLimit.line - 1).text;
    assert(line === compose.connectionLimitAfterFix, `after the fix line ${compose.connectionLimit.line} is ${JSON.stringify(line)}, not ${JSON.stringify(compose.connectionLimitAfterFix)}`);
    assert(document.isDirty, `${compose.config} was saved by the fix; the check wants an unsaved buffer`);
    await waitForHint(composeUri, compose.replicas, compose.hintAfterFix);
  });

  suite.check(`a workspace setting maxConnections ${compose.maxConnectionsSetting} moves the hint to "${compose.hintWithSetting}", and back when removed`, async (cleanup) => {
    const uri = fileUri(compose.folder, compose.file);
    const configuration = () => vscode.workspace.getConfiguration('connectionBudget', uri);
    cleanup(() => configuration().update('maxConnections', undefined, vscode.ConfigurationTarget.Workspace));
    await waitForHint(uri, compose.replicas, compose.hint);
    await configuration().update('maxConnections', compose.maxConnectionsSetting, vscode.ConfigurationTarget.Workspace);
    await waitForHint(uri, compose.replicas, compose.hintWithSetting);
    const position = valuePosition(await openDocument(uri), compose.replicas);
    const hover = await hoverText(uri, position);
    assert(hover.includes(`max_connections **${compose.maxConnectionsSetting}**`), `the hover does not show max_connections ${compose.maxConnectionsSetting}: ${hover.slice(0, 800)}`);
    await configuration().update('maxConnections', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForHint(uri, compose.replicas, compose.hint);
  });

  suite.check('Connection Budget: Show Report opens the report webview', async (cleanup) => {
    const reportTabs = () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('connectionBudget.report'));
    cleanup(() => vscode.window.tabGroups.close(reportTabs()));
    assert(reportTabs().length === 0, 'a report tab is open before the command ran');
    await vscode.commands.executeCommand('connectionBudget.showReport');
    const tabs = await waitFor('the report tab', reportTabs, (found) => found.length === 1, { show: (found) => `${found.length} tabs` });
    assert(tabs[0].label === 'Connection Budget', `the report tab is called "${tabs[0].label}"`);
  });

  suite.check('Connection Budget: Refresh resolves and the hints are the same afterwards', async () => {
    const uri = fileUri(compose.folder, compose.file);
    await waitForHint(uri, compose.replicas, compose.hint);
    await vscode.commands.executeCommand('connectionBudget.refresh');
    const hints = await inlayHints(uri);
    assert(hints.some((h) => h.line === compose.replicas.line && h.label === compose.hint), `after Refresh the hints are ${JSON.stringify(hints)}`);
  });

  for (const command of ['connectionBudget.setDatabasePassword', 'connectionBudget.queryDatabase']) {
    suite.check(`${command} runs without throwing (an input it asks for is cancelled)`, async () => {
      const registered = await vscode.commands.getCommands(true);
      assert(registered.includes(command), `${command} is not registered`);
      await runCancellingPrompts(command);
    });
  }

  suite.check(`Query Database reads the live ${liveDatabase.server}: the hover says max_connections comes from the live server`, async (cleanup) => {
    const url = process.env.CONNECTION_BUDGET_EDITOR_MYSQL;
    if (!url) throw new SkipCheck('CONNECTION_BUDGET_EDITOR_MYSQL is not set (no database to query)');
    const uri = fileUri(antipatterns.folder, antipatterns.file);
    const position = valuePosition(await openDocument(uri), antipatterns.connectionLimit);
    const before = await hoverText(uri, position);
    assert(before.includes(`**${liveDatabase.server}**`) && before.includes(liveDatabase.hoverBefore), `before the query the hover does not say ${liveDatabase.server} ${liveDatabase.hoverBefore}: ${before.slice(-600)}`);
    const configuration = () => vscode.workspace.getConfiguration('connectionBudget', uri);
    cleanup(() => configuration().update('database.url', undefined, vscode.ConfigurationTarget.Workspace));
    await configuration().update('database.url', url, vscode.ConfigurationTarget.Workspace);
    // Resolves once the figures are read and sent to the language server; a failure is an error notification.
    await runCancellingPrompts('connectionBudget.queryDatabase');
    await waitFor(
      `the hover on ${antipatterns.file}:${antipatterns.connectionLimit.line} saying ${liveDatabase.hoverAfter}`,
      () => hoverText(uri, position),
      (found) => found.includes(liveDatabase.hoverAfter),
      { show: (found) => JSON.stringify(found.slice(-600)) },
    );
  });
}

/**
 * Runs a command that may ask for input or show a modal-less message: while it has not finished,
 * closes quick inputs and notifications (as a user pressing Escape would). Rejects when the command
 * throws, or does not finish within 30 s of cancelling.
 */
async function runCancellingPrompts(command: string): Promise<void> {
  let settled = false;
  let failure: unknown;
  const running = Promise.resolve(vscode.commands.executeCommand(command)).then(
    () => {
      settled = true;
    },
    (error) => {
      settled = true;
      failure = error;
    },
  );
  const deadline = Date.now() + 30_000;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  while (!settled && Date.now() < deadline) {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
    await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
  assert(settled, `${command} did not finish within 30 s, its prompts cancelled`);
  if (failure !== undefined) throw new Error(`${command} threw: ${failure instanceof Error ? failure.message : String(failure)}`);
}
