// SPEC §2.5: max_connections from *.cnf files, for the server that mounts them or the single server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, server } from './helpers/workspace';
import { onlyServer, textAt } from './helpers/facts';

const config = { 'config/production.yaml': 'workers: 2\ndatabase:\n  host: db\n  connectionLimit: 5\n' };

test('[mysqld] max_connections = N sets the single server\'s max_connections (source workspace, located on the line)', () => {
  const files = { ...config, 'mysql/my.cnf': '# server options\n[mysqld]\nmax_connections = 300\n' };
  const db = server(analyze(files), 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.budget, db.total, db.percent], [300, 'workspace', 240, 10, 3.3]);
  assert.equal(db.maxConnectionsLoc?.file, 'mysql/my.cnf');
  assert.equal(db.maxConnectionsLoc?.range.start.line, 2);
  assert.equal(textAt(files, db.maxConnectionsLoc!), 'max_connections = 300');
  assert.equal(db.recommendedConnectionLimit, 120);
});

test('[mariadb] and max-connections=N spelled with a dash', () => {
  const db = server(analyze({ ...config, 'conf/server.cnf': '[mariadb]\nmax-connections=250\n' }), 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource], [250, 'workspace']);
});

test('[client] and other client groups do not set the server\'s max_connections', () => {
  const db = server(analyze({ ...config, 'my.cnf': '[client]\nmax_connections = 10\n[mysqldump]\nmax_connections = 20\n' }), 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource], [151, 'default']);
});

test('a [client] section after [mysqld] ends the server group', () => {
  const db = server(analyze({ ...config, 'my.cnf': '[mysqld]\nmax_connections = 300\n[client]\nmax_connections = 10\n' }), 'db:3306');
  assert.equal(db.maxConnections, 300);
});

test('the K suffix: 1K is 1024', () => {
  const db = server(analyze({ ...config, 'my.cnf': '[mysqld]\nmax_connections = 1K\n' }), 'db:3306');
  assert.deepEqual([db.maxConnections, db.budget], [1024, 819]);
});

test('the last max_connections of the group wins, as in mysqld; a trailing comment is not part of the value', () => {
  const db = server(analyze({ ...config, 'my.cnf': '[mysqld]\nmax_connections = 100\nmax_connections = 200  # raised\n' }), 'db:3306');
  assert.equal(db.maxConnections, 200);
  assert.equal(db.maxConnectionsLoc?.range.start.line, 2);
});

function compose(volume: string, command = ''): string {
  return [
    'services:',
    '  app:',
    '    build: .',
    '    environment:',
    '      APP_DATABASE__HOST: db',
    '  db:',
    '    image: mysql:8',
    ...(command ? [`    command: ${command}`] : []),
    '    volumes:',
    `      - ${volume}`,
    '  replica:',
    '    image: mariadb:11',
    '',
  ].join('\n');
}

test('a cnf file mounted by a Compose database service (file volume) sets that server only', () => {
  const analysis = analyze({ ...config, 'docker-compose.yml': compose('./mysql/my.cnf:/etc/mysql/conf.d/my.cnf:ro'), 'mysql/my.cnf': '[mysqld]\nmax_connections = 300\n' });
  const db = server(analysis, 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.maxConnectionsLoc?.file], [300, 'workspace', 'mysql/my.cnf']);
  assert.deepEqual(db.deployments, ['docker-compose.yml#app']);
  const replica = server(analysis, 'replica:3306');
  assert.deepEqual([replica.maxConnections, replica.maxConnectionsSource], [151, 'default']);
});

test('a cnf file inside a folder mounted by a Compose database service', () => {
  const analysis = analyze({ ...config, 'docker-compose.yml': compose('./mysql:/etc/mysql/conf.d'), 'mysql/conf/custom.cnf': '[mysqld]\nmax_connections = 280\n' });
  assert.equal(server(analysis, 'db:3306').maxConnections, 280);
  assert.equal(server(analysis, 'replica:3306').maxConnections, 151);
});

test('a long-syntax volume (source/target) mounts the cnf too', () => {
  const files = {
    ...config,
    'docker-compose.yml': compose('type: bind').replace('      - type: bind', '      - type: bind\n        source: ./mysql\n        target: /etc/mysql/conf.d'),
    'mysql/my.cnf': '[mysqld]\nmax_connections = 260\n',
  };
  assert.equal(server(analyze(files), 'db:3306').maxConnections, 260);
});

test('a command-line --max-connections wins over the mounted cnf, as in mysqld', () => {
  const analysis = analyze({ ...config, 'docker-compose.yml': compose('./mysql:/etc/mysql/conf.d', '--max-connections=50'), 'mysql/my.cnf': '[mysqld]\nmax_connections = 300\n' });
  const db = server(analysis, 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsLoc?.file, db.budget], [50, 'docker-compose.yml', 40]);
});

test('an unmounted cnf with several servers in the workspace applies to none', () => {
  const analysis = analyze({ ...config, 'docker-compose.yml': compose('data:/var/lib/mysql'), 'mysql/my.cnf': '[mysqld]\nmax_connections = 300\n' });
  assert.equal(server(analysis, 'db:3306').maxConnections, 151);
  assert.equal(server(analysis, 'replica:3306').maxConnections, 151);
});

test('an unmounted cnf with a single (Compose) server applies to it', () => {
  const single = compose('data:/var/lib/mysql').replace('  replica:\n    image: mariadb:11\n', '');
  const db = onlyServer(analyze({ ...config, 'docker-compose.yml': single, 'mysql/my.cnf': '[mysqld]\nmax_connections = 300\n' }));
  assert.deepEqual([db.id, db.maxConnections, db.maxConnectionsSource], ['db:3306', 300, 'workspace']);
});

test('a setting wins over the cnf', () => {
  const db = server(analyze({ ...config, 'my.cnf': '[mysqld]\nmax_connections = 300\n' }, { maxConnections: 90 }), 'db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.budget], [90, 'setting', 72]);
});

test('a ConfigMap-mounted my.cnf sets the max_connections of the Kubernetes database workload', () => {
  const analysis = analyze({
    'k8s/api.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: api',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - name: APP_DATABASE__HOST',
      '              value: mysql',
      '',
    ].join('\n'),
    'k8s/db.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: mysql',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: mysql',
      '          image: mysql:8',
      '      volumes:',
      '        - name: conf',
      '          configMap:',
      '            name: mysql-config',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: mysql-config',
      'data:',
      '  my.cnf: |',
      '    [mysqld]',
      '    max_connections = 250',
      '',
    ].join('\n'),
  });
  const db = server(analysis, 'mysql:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.maxConnectionsLoc?.file], [250, 'workspace', 'k8s/db.yaml']);
});
