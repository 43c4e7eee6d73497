'use strict';
const cluster = require('node:cluster');
const os = require('node:os');

const workers = Number(process.env.WEB_CONCURRENCY) || os.availableParallelism();

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) {
    cluster.fork();
  }
  cluster.on('exit', () => cluster.fork());
} else {
  require('./db');
}
