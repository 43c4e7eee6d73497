// SPEC §2.3: Docker Compose services, their environment, interpolation, instances, CPU limits, database services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyEdits, deployment, server, sourceLine } from './helpers/workspace';
import { codes, onlyFinding, textAt, where } from './helpers/facts';

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** One app service with the given extra lines (indented under the service). */
function appService(...body: string[]): string {
  return lines('services:', '  app:', '    image: node:20', ...body.map((line) => `    ${line}`));
}

test('environment in map form: values and their lines', () => {
  const files = { 'docker-compose.yml': appService('environment:', '  APP_WORKERS: 2', '  APP_DATABASE__CONNECTIONLIMIT: "3"', 'deploy:', '  replicas: 3') };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.equal(app.kind, 'compose');
  assert.equal(where(app.loc), 'docker-compose.yml:2:3-2:6', 'the deployment sits on the service name');
  assert.deepEqual([app.instances.value, app.workers.value, app.connectionLimit.value, app.total], [3, 2, 3, 18]);
  assert.equal(sourceLine(app.instances), 'docker-compose.yml:8');
  assert.equal(sourceLine(app.workers), 'docker-compose.yml:5');
  assert.equal(sourceLine(app.connectionLimit), 'docker-compose.yml:6');
});

test('environment in list form (- KEY=VALUE): the value range is the text after =', () => {
  const files = { 'docker-compose.yml': appService('environment:', '  - APP_WORKERS=2', '  - "APP_DATABASE__CONNECTIONLIMIT=4"') };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [2, 4, 8]);
  assert.equal(textAt(files, app.workers.source!.loc), '2');
  assert.equal(textAt(files, app.connectionLimit.source!.loc), '4');
  assert.equal(sourceLine(app.connectionLimit), 'docker-compose.yml:6');
});

test('env_file as a string, relative to the compose file', () => {
  const files = {
    'deploy/docker-compose.yml': appService('env_file: app.env'),
    'deploy/app.env': lines('# the app', 'APP_WORKERS=3', 'export APP_DATABASE__CONNECTIONLIMIT="4"'),
  };
  const app = deployment(analyze(files), 'deploy/docker-compose.yml#app');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [3, 4, 12]);
  assert.equal(sourceLine(app.workers), 'deploy/app.env:2');
  assert.equal(sourceLine(app.connectionLimit), 'deploy/app.env:3');
});

test('env_file as a list and as {path, required}: later files win', () => {
  const files = {
    'docker-compose.yml': appService('env_file:', '  - ./env/a.env', '  - path: ./env/b.env', '    required: false'),
    'env/a.env': lines('APP_WORKERS=3', 'APP_DATABASE__CONNECTIONLIMIT=4'),
    'env/b.env': lines('APP_DATABASE__CONNECTIONLIMIT=6'),
  };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [3, 6, 18]);
  assert.equal(sourceLine(app.workers), 'env/a.env:1');
  assert.equal(sourceLine(app.connectionLimit), 'env/b.env:1');
});

test('environment wins over env_file', () => {
  const files = {
    'docker-compose.yml': appService('env_file: app.env', 'environment:', '  APP_WORKERS: 5'),
    'app.env': lines('APP_WORKERS=3', 'APP_DATABASE__CONNECTIONLIMIT=4'),
  };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.equal(app.workers.value, 5);
  assert.equal(sourceLine(app.workers), 'docker-compose.yml:6');
  assert.equal(app.connectionLimit.value, 4);
  assert.equal(app.total, 20);
});

test('the .env beside the compose file is for interpolation only, not the container environment', () => {
  const files = {
    'docker-compose.yml': appService('environment:', '  APP_WORKERS: 2'),
    '.env': lines('APP_DATABASE__CONNECTIONLIMIT=3'),
  };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.equal(app.connectionLimit.value, 10, 'mysql2 default: .env does not set container variables');
});

/** The connectionLimit of a service whose APP_DATABASE__CONNECTIONLIMIT is `value`, with an optional `.env`. */
function interpolated(value: string, dotenv?: string) {
  const files: Record<string, string> = { 'docker-compose.yml': appService('environment:', '  APP_WORKERS: 1', `  APP_DATABASE__CONNECTIONLIMIT: ${value}`) };
  if (dotenv !== undefined) files['.env'] = dotenv;
  const analysis = analyze(files);
  return { analysis, files, app: deployment(analysis, 'docker-compose.yml#app') };
}

test('interpolation $VAR and ${VAR} from the .env beside the compose file; the source is the .env line', () => {
  for (const value of ['$POOL', '${POOL}', '"${POOL}"']) {
    const { app } = interpolated(value, lines('# comment', 'POOL=7'));
    assert.equal(app.connectionLimit.value, 7, value);
    assert.equal(sourceLine(app.connectionLimit), '.env:2', value);
    assert.ok(app.connectionLimit.via.some((place) => place.loc.file === 'docker-compose.yml'), 'the reference is on the way');
  }
});

test('${VAR:-default}: the default when VAR is unset AND when it is empty; the value when set', () => {
  const unset = interpolated('"${POOL:-9}"', '');
  assert.equal(unset.app.connectionLimit.value, 9);
  assert.equal(textAt(unset.files, unset.app.connectionLimit.source!.loc), '9', 'the source is the default inside the text');
  assert.equal(interpolated('"${POOL:-9}"').app.connectionLimit.value, 9, 'no .env at all');
  assert.equal(interpolated('"${POOL:-9}"', 'POOL=\n').app.connectionLimit.value, 9);
  const set = interpolated('"${POOL:-9}"', 'POOL=3\n');
  assert.equal(set.app.connectionLimit.value, 3);
  assert.equal(sourceLine(set.app.connectionLimit), '.env:1');
});

test('${VAR-default}: the default only when unset; an empty value stays empty (invalid-value)', () => {
  assert.equal(interpolated('"${POOL-9}"', '').app.connectionLimit.value, 9);
  const empty = interpolated('"${POOL-9}"', 'POOL=\n');
  assert.equal(empty.app.connectionLimit.value, null);
  assert.equal(empty.app.total, null);
  const finding = onlyFinding(empty.analysis, 'invalid-value');
  assert.equal(finding.loc.file, '.env');
  assert.match(finding.message, /empty value is not a connectionLimit/);
});

test('$$ is a literal dollar: "$$POOL" is the text $POOL, not a number', () => {
  const { app, analysis } = interpolated('"$$POOL"', 'POOL=3\n');
  assert.equal(app.connectionLimit.value, null);
  assert.match(onlyFinding(analysis, 'invalid-value').message, /"\$POOL" is not a number/);
});

test('an unresolved variable: unresolved-value (info) on the reference, null numbers, never a guess', () => {
  const { app, analysis, files } = interpolated('"${POOL}"');
  assert.equal(app.connectionLimit.value, null);
  assert.equal(app.total, null);
  assert.equal(app.peak, null);
  const finding = onlyFinding(analysis, 'unresolved-value');
  assert.equal(finding.severity, 'info');
  assert.equal(textAt(files, finding.loc), '"${POOL}"');
  assert.match(finding.message, /POOL/);
  assert.match(finding.message, /no value in the \.env beside docker-compose\.yml/);
  const db = server(analysis, 'default');
  assert.deepEqual([db.total, db.peak, db.percent, db.status], [null, null, null, 'unknown']);
});

test('a variable taken from the shell (KEY with no value) is unresolved', () => {
  const files = { 'docker-compose.yml': appService('environment:', '  - APP_WORKERS=2', '  - APP_DATABASE__CONNECTIONLIMIT') };
  const analysis = analyze(files);
  assert.equal(deployment(analysis, 'docker-compose.yml#app').connectionLimit.value, null);
  assert.match(onlyFinding(analysis, 'unresolved-value').message, /shell/);
});

test('interpolation in deploy.replicas and cpus', () => {
  const files = {
    'docker-compose.yml': appService('environment:', '  APP_WORKERS: -1', 'deploy:', '  replicas: ${REPLICAS}', '  resources:', '    limits:', '      cpus: ${CPUS:-3}'),
    '.env': 'REPLICAS=5\n',
  };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.equal(app.instances.value, 5);
  assert.equal(sourceLine(app.instances), '.env:1');
  assert.equal(app.workers.value, 3);
  assert.equal(app.total, 150);
});

test('instances: deploy.replicas, else scale, else 1', () => {
  const replicas = deployment(analyze({ 'docker-compose.yml': appService('environment:', '  APP_WORKERS: 1', 'deploy:', '  replicas: 3') }), 'docker-compose.yml#app');
  assert.equal(replicas.instances.value, 3);
  const scale = deployment(analyze({ 'docker-compose.yml': appService('scale: 4', 'environment:', '  APP_WORKERS: 1') }), 'docker-compose.yml#app');
  assert.equal(scale.instances.value, 4);
  assert.equal(sourceLine(scale.instances), 'docker-compose.yml:4');
  const none = deployment(analyze({ 'docker-compose.yml': appService('environment:', '  APP_WORKERS: 1') }), 'docker-compose.yml#app');
  assert.equal(none.instances.value, 1);
  assert.equal(none.instances.source, undefined);
});

test('replicas and scale both set and equal: no conflict', () => {
  const analysis = analyze({ 'docker-compose.yml': appService('scale: 3', 'environment:', '  APP_WORKERS: 1', 'deploy:', '  replicas: 3') });
  assert.deepEqual(codes(analysis), []);
});

test('replicas-conflict: scale and deploy.replicas differ → error on scale, deploy.replicas counts; the fix makes scale match', () => {
  const files = { 'docker-compose.yml': appService('scale: 4   # four', 'environment:', '  APP_WORKERS: 2', 'deploy:', '  replicas: 3') };
  const analysis = analyze(files);
  const app = deployment(analysis, 'docker-compose.yml#app');
  assert.equal(app.instances.value, 3);
  assert.equal(sourceLine(app.instances), 'docker-compose.yml:8');
  const finding = onlyFinding(analysis, 'replicas-conflict');
  assert.equal(finding.severity, 'error');
  assert.equal(where(finding.loc), 'docker-compose.yml:4:12-4:13');
  assert.equal(textAt(files, finding.loc), '4');
  assert.match(finding.message, /scale 4/);
  assert.match(finding.message, /deploy\.replicas 3/);
  assert.equal(finding.fixes.length, 1);
  assert.match(finding.fixes[0].title, /scale to 3/);
  const fixed = applyEdits(files, finding.fixes[0].edits);
  assert.equal(fixed['docker-compose.yml'].split('\n')[3], '    scale: 3   # four', 'the comment stays');
  const again = analyze(fixed);
  assert.deepEqual(codes(again), []);
  assert.equal(deployment(again, 'docker-compose.yml#app').total, 60);
});

test('cpus limit with workers -1: the CPU limit rounded up, and cores-in-container (info) on the -1', () => {
  const files = { 'docker-compose.yml': appService('environment:', '  APP_WORKERS: -1', '  APP_DATABASE__CONNECTIONLIMIT: 5', 'deploy:', '  resources:', '    limits:', '      cpus: "1.5"') };
  const analysis = analyze(files);
  const app = deployment(analysis, 'docker-compose.yml#app');
  assert.equal(app.workers.value, 2);
  assert.equal(app.workers.assumption, undefined, 'a CPU limit is no assumption');
  assert.ok(app.workers.via.some((place) => place.text === '1.5'), 'the CPU limit is on the way');
  assert.equal(app.total, 10);
  const finding = onlyFinding(analysis, 'cores-in-container');
  assert.equal(finding.severity, 'info');
  assert.equal(textAt(files, finding.loc), '-1');
  assert.match(finding.message, /counted as 2/);
});

test('cpus from the config\'s workers: -1 and a half-core limit → 1 worker; the finding sits in the config', () => {
  const files = {
    'config/production.yaml': 'workers: -1\ndatabase:\n  connectionLimit: 5\n',
    'docker-compose.yml': appService('build: .', 'deploy:', '  resources:', '    limits:', "      cpus: '0.5'"),
  };
  const analysis = analyze(files);
  const app = deployment(analysis, 'docker-compose.yml#app');
  assert.equal(app.workers.value, 1);
  const finding = onlyFinding(analysis, 'cores-in-container');
  assert.equal(where(finding.loc), 'config/production.yaml:1:10-1:12');
});

test('workers -1 without a CPU limit: no cores-in-container, assumed cores', () => {
  const analysis = analyze({ 'docker-compose.yml': appService('environment:', '  APP_WORKERS: -1') });
  assert.deepEqual(codes(analysis), []);
  assert.equal(deployment(analysis, 'docker-compose.yml#app').workers.value, 4);
});

function withDatabase(image: string, command: string): Record<string, string> {
  return {
    'docker-compose.yml': lines(
      'services:',
      '  app:',
      '    image: node:20',
      '    environment:',
      '      APP_DATABASE__HOST: database',
      '      APP_DATABASE__CONNECTIONLIMIT: 10',
      '  database:',
      `    image: ${image}`,
      `    command: ${command}`,
    ),
  };
}

test('database services: mysql, mariadb, percona with any tag or registry; --max-connections forms in string and list commands', () => {
  const cases: Array<[string, string, number]> = [
    ['mysql:8', '--max-connections=300', 300],
    ['mysql', 'mysqld --max_connections=250', 250],
    ['mariadb:11', '["--max_connections=240"]', 240],
    ['percona', '--max-connections 200', 200],
    ['percona:8.0', '[--max-connections, "190"]', 190],
    ['docker.io/library/mysql:8.0', '[mysqld, --max-connections=180]', 180],
    ['registry.example.com:5000/db/mariadb:10.11', '--max-connections=170 --skip-name-resolve', 170],
  ];
  for (const [image, command, max] of cases) {
    const analysis = analyze(withDatabase(image, command));
    const app = deployment(analysis, 'docker-compose.yml#app');
    assert.equal(app.server, 'database:3306', image);
    const db = server(analysis, 'database:3306');
    assert.equal(db.maxConnections, max, `${image} ${command}`);
    assert.equal(db.maxConnectionsSource, 'workspace');
    assert.equal(db.maxConnectionsLoc?.file, 'docker-compose.yml');
    assert.equal(db.maxConnectionsLoc?.range.start.line, 8);
    assert.equal(db.budget, Math.floor((max * 80) / 100));
    assert.equal(analysis.deployments.length, 1, 'the database is not an app');
  }
});

test('a database service without --max-connections has the default 151', () => {
  const db = server(analyze(withDatabase('mysql:8', 'mysqld --character-set-server=utf8mb4')), 'database:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource], [151, 'default']);
  assert.ok(db.loc, 'the server is located at its service');
});

test('a non-database image with --max-connections sets nothing', () => {
  const analysis = analyze(withDatabase('redis:7', '--max-connections=5'));
  const db = server(analysis, 'database:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource], [151, 'default']);
});

test('the app reaches the database by container_name or a network alias too', () => {
  const analysis = analyze({
    'docker-compose.yml': lines(
      'services:',
      '  app:',
      '    image: node:20',
      '    environment:',
      '      APP_DATABASE__HOST: primary-db',
      '  mysql:',
      '    image: mysql:8',
      '    container_name: primary-db',
      '    command: --max-connections=400',
    ),
  });
  assert.equal(deployment(analysis, 'docker-compose.yml#app').server, 'mysql:3306');
  assert.equal(server(analysis, 'mysql:3306').maxConnections, 400);
});

test('build: context links the code under it; a built service without pools (a front end) and plain images are no apps', () => {
  const analysis = analyze({
    'docker-compose.yml': lines(
      'services:',
      '  api:',
      '    build: ./api',
      '    deploy:',
      '      replicas: 2',
      '  web:',
      '    build:',
      '      context: ./web',
      '  nginx:',
      '    image: nginx:1.27',
      '  cache:',
      '    image: redis:7',
      '    environment:',
      '      REDIS_MAXMEMORY: 100mb',
    ),
    'api/package.json': '{"name":"api"}',
    'api/src/db.ts': "import mysql from 'mysql2';\nexport const pool = mysql.createPool({ host: 'db', connectionLimit: 6 });\n",
    'web/package.json': '{"name":"web"}',
    'web/src/index.ts': "console.log('hello');\n",
  });
  assert.deepEqual(analysis.deployments.map((d) => d.id), ['docker-compose.yml#api']);
  const api = deployment(analysis, 'docker-compose.yml#api');
  assert.deepEqual([api.instances.value, api.workers.value, api.connectionLimit.value, api.total], [2, 1, 6, 12]);
  assert.equal(sourceLine(api.connectionLimit), 'api/src/db.ts:2');
  assert.equal(api.server, 'db:3306');
});

test('a service with an env var the program reads for its pool size is an app, and that value is its connectionLimit', () => {
  const analysis = analyze({
    'docker-compose.yml': lines('services:', '  api:', '    image: acme/api', '    environment:', '      DB_POOL_SIZE: "7"', '      DB_HOST: db'),
    'package.json': '{}',
    'src/db.ts': "import mysql from 'mysql2';\nexport const pool = mysql.createPool({ host: process.env.DB_HOST, connectionLimit: Number(process.env.DB_POOL_SIZE || 3) });\n",
  });
  const api = deployment(analysis, 'docker-compose.yml#api');
  assert.equal(api.connectionLimit.value, 7);
  assert.equal(sourceLine(api.connectionLimit), 'docker-compose.yml:5');
  assert.equal(api.server, 'db:3306');
});

test('a service with neither the prefix nor build is not an app', () => {
  const analysis = analyze({ 'docker-compose.yml': lines('services:', '  proxy:', '    image: nginx', '    environment:', '      NGINX_PORT: 80', '  queue:', '    image: redis') });
  assert.deepEqual(analysis.deployments, []);
});

test('YAML anchors and << merge keys: services share a block, their own keys win', () => {
  const files = {
    'docker-compose.yml': lines(
      'x-common: &common',
      '  image: node:20',
      '  environment: &env',
      '    APP_WORKERS: 2',
      '    APP_DATABASE__CONNECTIONLIMIT: 4',
      '  deploy:',
      '    replicas: 3',
      'services:',
      '  a:',
      '    <<: *common',
      '  b:',
      '    <<: *common',
      '    environment:',
      '      <<: *env',
      '      APP_DATABASE__CONNECTIONLIMIT: 6',
    ),
  };
  const analysis = analyze(files);
  const a = deployment(analysis, 'docker-compose.yml#a');
  assert.deepEqual([a.instances.value, a.workers.value, a.connectionLimit.value, a.total], [3, 2, 4, 24]);
  assert.equal(sourceLine(a.connectionLimit), 'docker-compose.yml:5', 'the anchored value is the source');
  const b = deployment(analysis, 'docker-compose.yml#b');
  assert.deepEqual([b.instances.value, b.workers.value, b.connectionLimit.value, b.total], [3, 2, 6, 36]);
  assert.equal(sourceLine(b.connectionLimit), 'docker-compose.yml:15');
  assert.equal(server(analysis, 'default').total, 60);
});

test('a compose file in a subfolder uses the .env of its own folder', () => {
  const files = {
    'deploy/docker-compose.yml': appService('environment:', '  APP_DATABASE__CONNECTIONLIMIT: ${POOL}'),
    'deploy/.env': 'POOL=6\n',
    '.env': 'POOL=99\n',
  };
  const app = deployment(analyze(files), 'deploy/docker-compose.yml#app');
  assert.equal(app.connectionLimit.value, 6);
  assert.equal(sourceLine(app.connectionLimit), 'deploy/.env:1');
});

test('a reused anchor name: each alias refers to the latest anchor before it, as YAML says', () => {
  const files = {
    'docker-compose.yml': lines(
      'x-small: &pool 4',
      'x-large: &pool 9',
      'services:',
      '  app:',
      '    image: node:20',
      '    environment:',
      '      APP_DATABASE__CONNECTIONLIMIT: *pool',
      '',
    ),
  };
  const app = deployment(analyze(files), 'docker-compose.yml#app');
  assert.equal(app.connectionLimit.value, 9);
  assert.equal(sourceLine(app.connectionLimit), 'docker-compose.yml:7', 'placed at the alias, where this key\'s value is written');
});
