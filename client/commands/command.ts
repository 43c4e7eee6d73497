import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LiveReadings } from '../database/liveReadings';
import type { PasswordStore } from '../database/passwords';
import type { ReportPanel } from '../report/reportPanel';

/** What a command of the extension can use. */
export interface CommandContext {
  client: LanguageClient;
  report: ReportPanel;
  output: vscode.OutputChannel;
  passwords: PasswordStore;
  live: LiveReadings;
}

export interface Command {
  /** As declared in package.json `contributes.commands`. */
  id: string;
  run(context: CommandContext): unknown;
}
