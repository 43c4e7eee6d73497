import * as vscode from 'vscode';
import type { Command, CommandContext } from './command';
import { queryDatabase } from './queryDatabase';
import { refresh } from './refresh';
import { setDatabasePassword } from './setDatabasePassword';
import { showReport } from './showReport';

/** The commands this extension registers, one file each, as declared in package.json. */
const COMMANDS: Command[] = [queryDatabase, showReport, setDatabasePassword, refresh];

export function registerCommands(context: CommandContext): vscode.Disposable {
  return vscode.Disposable.from(...COMMANDS.map((command) => vscode.commands.registerCommand(command.id, () => command.run(context))));
}
