import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../src-shared/protocol';
import { registerCommands } from './commands';
import { LiveReadings } from './database/liveReadings';
import { PasswordStore } from './database/passwords';
import { createLanguageClient } from './languageClient';
import { ReportPanel } from './report/reportPanel';
import { BudgetStatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Connection Budget');
  client = createLanguageClient(extension, output);
  const statusBar = new BudgetStatusBar();
  const live = new LiveReadings();
  const report = new ReportPanel(client, live, output);
  live.onChange(() => report.refresh());
  const passwords = new PasswordStore(extension.secrets);
  extension.subscriptions.push(output, statusBar, report, registerCommands({ client, report, output, passwords, live }));
  extension.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => {
      statusBar.show(status);
      report.refresh();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
