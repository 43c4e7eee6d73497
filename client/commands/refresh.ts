import * as vscode from 'vscode';
import { REFRESH_REQUEST } from '../../src-shared/protocol';
import type { Command } from './command';

/** Re-reads every workspace folder from disk, for changes the file watcher did not see. */
export const refresh: Command = {
  id: 'connectionBudget.refresh',
  run: ({ client }) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Connection Budget: refreshing' }, () =>
      client.sendRequest(REFRESH_REQUEST, {}),
    ),
};
