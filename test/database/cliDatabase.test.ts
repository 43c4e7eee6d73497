import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'mysql2/promise';
import { runCli } from '../cli/runCli';
import { eventuallyEqual, threadsConnected } from './checks';
import { freePort, startThrowawayMariadb, type ThrowawayMariadb } from './throwawayMariadb';

describe('connection-budget with --database against a throwaway mariadbd (--max-connections=37)', () => {
  let server: ThrowawayMariadb;
  let admin: Connection;
  let baseline: number;

  before(async () => {
    server = await startThrowawayMariadb({ maxConnections: 37 });
    admin = await server.connect(server.root);
    baseline = await threadsConnected(admin);
  });
  after(async () => {
    await admin?.end();
    await server?.stop();
  });

  const url = () => `mysql://${server.app.user}@${server.host}:${server.port}/${server.appDatabase}`;

  it('check --json takes the live 37 as max_connections, with source database', async () => {
    const result = runCli(['check', 'examples/docker-compose', '--json', '--database', url()], { env: { MYSQL_PWD: server.app.password } });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const [db] = report.servers;
    assert.deepEqual([db.id, db.maxConnections, db.maxConnectionsSource, db.budget, db.percent], ['db:3306', 37, 'database', 29, 48.6]);
    assert.equal(report.live.maxConnections, 37);
    assert.equal(result.stdout.includes(server.app.password), false, 'the password is never printed');
    await eventuallyEqual(() => threadsConnected(admin), baseline, 'Threads_connected after check');
  });

  it('the readable check sets the computed peak beside the live figures, and 56 over 37 fails', () => {
    const result = runCli(['check', 'examples/kubernetes', '--database', url()], { env: { MYSQL_PWD: server.app.password } });
    assert.equal(result.status, 1, 'a rollout peak of 56 is over the live max_connections 37');
    assert.match(result.stdout, /error +over-max-connections +k8s\/deployment\.yaml/);
    assert.match(result.stdout, /max_connections 37 \(database\)/);
    assert.match(result.stdout, /live: Threads_connected \d+, Max_used_connections \d+/);
    assert.match(result.stdout, /the server has seen \d+ at peak; these deployments account for 56/);
  });

  it('query prints the figures, and --json the same as an object', () => {
    const text = runCli(['query', '--database', url()], { env: { MYSQL_PWD: server.app.password } });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /max_connections +37/);
    assert.match(text.stdout, /Max_used_connections_time +not available/);
    const json = JSON.parse(runCli(['query', '--database', url(), '--json'], { env: { MYSQL_PWD: server.app.password } }).stdout);
    assert.equal(json.maxConnections, 37);
    assert.equal(json.processlist.complete, false, 'the app user has no PROCESS privilege');
  });

  it('a password in the URL works but draws a warning, and is never printed', () => {
    const secret = server.app.password;
    const result = runCli(['query', '--database', `mysql://${server.app.user}:${encodeURIComponent(secret)}@${server.host}:${server.port}`]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /warning: a password in --database/);
    assert.equal((result.stdout + result.stderr).includes(secret), false);
  });

  it('a wrong password exits 3 with one line and no password', () => {
    const result = runCli(['query', '--database', url()], { env: { MYSQL_PWD: 'not-the-password' } });
    assert.equal(result.status, 3);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /^connection-budget: .*(denied|password)/i);
    assert.equal(result.stderr.includes('not-the-password'), false);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('connection-budget with --database when the server cannot be reached', () => {
  it('connection refused exits 3 with one line', async () => {
    const port = await freePort();
    const result = runCli(['check', 'examples/docker-compose', '--database', `mysql://root@127.0.0.1:${port}`], { env: { MYSQL_PWD: '' } });
    assert.equal(result.status, 3);
    assert.match(result.stderr, /refused the connection/);
    assert.equal(result.stdout, '', 'no report when the live figures were asked for and are missing');
  });

  it('an unknown host exits 3', () => {
    const result = runCli(['query', '--database', 'mysql://root@no-such-host.invalid:3306'], { env: { MYSQL_PWD: '' } });
    assert.equal(result.status, 3);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('a malformed URL is bad usage: exit 2', () => {
    const result = runCli(['query', '--database', 'postgres://x@y']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--database/);
  });
});
