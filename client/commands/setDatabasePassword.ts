import * as vscode from 'vscode';
import { describeTarget } from '../../src-node/database/connectionUrl';
import { readDatabaseSettings } from '../database/databaseSettings';
import type { Command } from './command';

/** Stores the password of the configured database user in SecretStorage (never in settings). */
export const setDatabasePassword: Command = {
  id: 'connectionBudget.setDatabasePassword',
  run: async ({ passwords, output }) => {
    const settings = readDatabaseSettings();
    if ('problem' in settings) {
      const chosen = await vscode.window.showErrorMessage(`Connection Budget: ${settings.problem}`, 'Open Settings');
      if (chosen) await vscode.commands.executeCommand('workbench.action.openSettings', 'connectionBudget.database');
      return;
    }
    const target = describeTarget({ ...settings, database: undefined });
    const password = await vscode.window.showInputBox({
      title: 'Connection Budget: Set Database Password',
      prompt: `Password of ${target}, kept in VS Code's secret storage. Leave empty to forget it.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return;
    if (password === '') {
      await passwords.delete(settings);
      output.appendLine(`Forgot the password of ${target}`);
      return;
    }
    await passwords.set(settings, password);
    output.appendLine(`Stored the password of ${target} in secret storage`);
  },
};
