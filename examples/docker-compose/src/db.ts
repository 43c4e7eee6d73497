import mysql from 'mysql2/promise';
import config from 'config';

// One pool per worker process; its size comes from the config (or APP_DATABASE__CONNECTIONLIMIT).
export const pool = mysql.createPool({
  host: config.get<string>('database.host'),
  user: 'app',
  database: 'app',
  connectionLimit: config.get<number>('database.connectionLimit'),
  waitForConnections: true,
  idleTimeout: 300000,
});
