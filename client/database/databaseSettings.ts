import * as vscode from 'vscode';
import { ConnectionUrlError, DEFAULT_MYSQL_PORT, parseConnectionUrl, type DatabaseTarget } from '../../src-node/database/connectionUrl';

export interface DatabaseSettings extends DatabaseTarget {
  ssl: boolean;
  sslCaFile?: string;
}

const KEYS = ['url', 'host', 'port', 'user', 'database', 'ssl', 'sslCaFile'] as const;

/**
 * Database keys a workspace sets while it is not trusted. VS Code then reads only the user's values
 * for these restricted settings; the user is told why the workspace's are not used.
 */
export function ignoredWorkspaceKeys(): string[] {
  if (vscode.workspace.isTrusted) return [];
  const config = vscode.workspace.getConfiguration('connectionBudget.database');
  return KEYS.filter((key) => {
    const inspected = config.inspect(key);
    return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  }).map((key) => `connectionBudget.database.${key}`);
}

/** The server Query Database connects to, from a `mysql://` URL or host/port/user/database. */
export function readDatabaseSettings(): DatabaseSettings | { problem: string } {
  const config = vscode.workspace.getConfiguration('connectionBudget.database');
  const url = config.get<string>('url', '').trim();
  const sslCaFile = config.get<string>('sslCaFile', '').trim() || undefined;
  const ssl = config.get<boolean>('ssl', false) || sslCaFile !== undefined;
  if (url) {
    try {
      const parsed = parseConnectionUrl(url);
      if (parsed.passwordInUrl) {
        return { problem: 'connectionBudget.database.url holds a password; remove it and use "Connection Budget: Set Database Password" instead' };
      }
      return { host: parsed.host, port: parsed.port, user: parsed.user, database: parsed.database, ssl, sslCaFile };
    } catch (error) {
      if (error instanceof ConnectionUrlError) return { problem: `connectionBudget.database.url: ${error.message}` };
      throw error;
    }
  }
  const user = config.get<string>('user', '').trim();
  if (!user) return { problem: 'no database is configured: set connectionBudget.database.url (mysql://user@host:port/database) or host and user' };
  return {
    host: config.get<string>('host', 'localhost').trim() || 'localhost',
    port: config.get<number>('port', DEFAULT_MYSQL_PORT),
    user,
    database: config.get<string>('database', '').trim() || undefined,
    ssl,
    sslCaFile,
  };
}
