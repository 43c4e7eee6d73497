import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { describeTarget } from '../../src-node/database/connectionUrl';
import { ProbeError } from '../../src-node/database/errors';
import { formatProbeReport } from '../../src-node/database/format';
import { probeDatabase, type ProbeOptions, type ProbeResult } from '../../src-node/database/probe';
import { SET_LIVE_SERVERS_NOTIFICATION, type SetLiveServersParams } from '../../src-shared/protocol';
import { ignoredWorkspaceKeys, readDatabaseSettings, type DatabaseSettings } from '../database/databaseSettings';
import type { Command, CommandContext } from './command';

const OPEN_SETTINGS = 'Open Settings';
const SET_PASSWORD = 'Set Password';

async function optionsFor(settings: DatabaseSettings, context: CommandContext): Promise<ProbeOptions> {
  const password = (await context.passwords.get(settings)) ?? process.env.MYSQL_PWD;
  const ca = settings.sslCaFile ? await fs.readFile(settings.sslCaFile, 'utf8') : undefined;
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database: settings.database,
    password,
    ssl: settings.ssl ? { ca, rejectUnauthorized: true } : undefined,
  };
}

async function showFailure(message: string, action: 'open-settings' | 'set-password' | 'none'): Promise<void> {
  const actions = action === 'set-password' ? [SET_PASSWORD, OPEN_SETTINGS] : action === 'open-settings' ? [OPEN_SETTINGS] : [];
  const chosen = await vscode.window.showErrorMessage(`Connection Budget: ${message}`, ...actions);
  if (chosen === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'connectionBudget.database');
  if (chosen === SET_PASSWORD) await vscode.commands.executeCommand('connectionBudget.setDatabasePassword');
}

/**
 * Reads the configured server's real max_connections and connection figures, and makes the
 * budget everywhere use the live max_connections.
 */
export async function runQuery(context: CommandContext): Promise<ProbeResult | undefined> {
  const ignored = ignoredWorkspaceKeys();
  if (ignored.length > 0) {
    context.output.appendLine(`Ignored in this untrusted workspace: ${ignored.join(', ')}`);
    void vscode.window.showWarningMessage(
      `Connection Budget ignores this workspace's database settings (${ignored.join(', ')}) because the workspace is not trusted. Trust it, or set them in your user settings.`,
    );
  }
  const settings = readDatabaseSettings();
  if ('problem' in settings) {
    await showFailure(settings.problem, 'open-settings');
    return undefined;
  }
  const target = describeTarget(settings);
  let options: ProbeOptions;
  try {
    options = await optionsFor(settings, context);
  } catch {
    await showFailure(`cannot read the CA file ${settings.sslCaFile}`, 'open-settings');
    return undefined;
  }
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connection Budget: querying ${target}…` },
      () => probeDatabase(options),
    );
    context.output.appendLine(`Query Database: ${target}`);
    context.output.append(formatProbeReport(result));
    context.live.record(result);
    const params: SetLiveServersParams = {
      servers: context.live.all().flatMap((reading) =>
        reading.maxConnections === null ? [] : [{ host: reading.server.host, port: reading.server.port, maxConnections: reading.maxConnections }],
      ),
    };
    await context.client.sendNotification(SET_LIVE_SERVERS_NOTIFICATION, params);
    context.report.show();
    return result;
  } catch (error) {
    const probeError = error instanceof ProbeError ? error : undefined;
    const message = probeError?.message ?? `the database could not be queried (${error instanceof Error ? error.message : String(error)})`;
    context.output.appendLine(`Query Database: ${target}: ${message}`);
    await showFailure(message, probeError?.action ?? 'none');
    return undefined;
  }
}

export const queryDatabase: Command = {
  id: 'connectionBudget.queryDatabase',
  run: runQuery,
};
