import mysql from 'mysql2';

// DON'T: too many connections per worker, and options mysql2 does not know.
export const db = mysql.createPool({
  host: 'localhost',
  connectionLimit: 50, // 4 workers × 50 = 200 connections!
  acquireTimeout: 60000,
  timeout: 60000,
  reconnect: true,
  idleTimeout: 300000,
});
