// The database the suite's Query Database check reads: CONNECTION_BUDGET_EDITOR_MYSQL when set
// ("none" turns the check off), else the project machines' MariaDB (root@localhost:3306, empty
// password, SPEC §7 / docs/real-editor-tests.md) when it answers. One connection, closed at once.

import mysql from 'mysql2/promise';

export const DEFAULT_URL = 'mysql://root@localhost:3306';

/** Resolves { url } when the database answers, or { url: undefined, reason }. */
export async function liveDatabase(env = process.env) {
  const configured = env.CONNECTION_BUDGET_EDITOR_MYSQL;
  if (configured === 'none') return { url: undefined, reason: 'CONNECTION_BUDGET_EDITOR_MYSQL=none' };
  const url = configured || DEFAULT_URL;
  let connection;
  try {
    connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    await connection.query('SELECT 1');
    return { url };
  } catch (error) {
    return { url: undefined, reason: `${url} does not answer: ${error.code ?? error.message}` };
  } finally {
    await connection?.end().catch(() => connection?.destroy());
  }
}
