import http from 'node:http';
import { db } from './db';

http
  .createServer((_request, response) => {
    db.query('SELECT 1 AS ok', (error, rows) => response.end(JSON.stringify(error ? { error: error.message } : rows)));
  })
  .listen(3000);
