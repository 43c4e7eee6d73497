import cluster from 'node:cluster';
import config from 'config';

const workers = config.get<number>('workers');

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) {
    cluster.fork();
  }
} else {
  void import('./server');
}
