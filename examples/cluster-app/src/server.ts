import http from 'node:http';
import { pool } from './db';

export function startServer(): void {
  http
    .createServer(async (_request, response) => {
      const [rows] = await pool.query('SELECT 1 AS ok');
      response.end(JSON.stringify(rows));
    })
    .listen(3000);
}
