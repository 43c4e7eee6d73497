import { createPool } from 'mysql2/promise';

// Each worker process has its own pool: 4 workers × 10 = 40 connections.
export const pool = createPool({
  host: process.env.DB_HOST ?? 'localhost',
  user: process.env.DB_USER ?? 'app',
  database: 'app',
  connectionLimit: parseInt(process.env.DB_CONNECTION_LIMIT || '10', 10),
  waitForConnections: true,
  queueLimit: 0,
  idleTimeout: 300000,
});
