import cluster from 'node:cluster';
import { startServer } from './server';

// WEB_CONCURRENCY is set by the platform; 4 workers otherwise.
const numWorkers = Number(process.env.WEB_CONCURRENCY) || 4;

if (cluster.isPrimary) {
  // The primary only supervises: it opens no database connections.
  for (let i = 0; i < numWorkers; i++) {
    cluster.fork();
  }
  cluster.on('exit', () => cluster.fork());
} else {
  startServer();
}
