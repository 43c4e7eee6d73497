// SPEC §2.1 and §2.2 (environment choice): app config YAML files, their base file and the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, deployment, server, sourceLine } from './helpers/workspace';
import { onlyFinding, textAt } from './helpers/facts';

const base = 'workers: 2\ndatabase:\n  host: base-db\n  port: 3307\n  connectionLimit: 10\n';

test('a file with workers and database.connectionLimit is an app config: one config deployment, sources with file:line', () => {
  const analysis = analyze({ 'configurations/production.yaml': '# prod\nworkers: 3\ndatabase:\n  host: db.example.com\n  connectionLimit: 5\n' });
  const app = deployment(analysis, 'configurations/production.yaml#production');
  assert.equal(app.kind, 'config');
  assert.equal(app.environment, 'production');
  assert.deepEqual([app.instances.value, app.workers.value, app.connectionLimit.value, app.total, app.peak], [1, 3, 5, 15, 15]);
  assert.equal(app.instances.source, undefined, 'one instance is a default, not a written value');
  assert.equal(sourceLine(app.workers), 'configurations/production.yaml:2');
  assert.equal(sourceLine(app.connectionLimit), 'configurations/production.yaml:5');
  assert.equal(app.server, 'db.example.com:3306');
});

test('workers alone is enough to make an app config (connectionLimit is then mysql2\'s default 10, marked assumed)', () => {
  const analysis = analyze({ 'config/production.yaml': 'workers: 4\n' });
  const app = deployment(analysis, 'config/production.yaml#production');
  assert.equal(app.workers.value, 4);
  assert.equal(app.connectionLimit.value, 10);
  assert.equal(app.connectionLimit.source, undefined);
  assert.match(app.connectionLimit.assumption ?? '', /default connectionLimit 10/);
  assert.equal(app.total, 40);
  assert.equal(app.server, 'default', 'no database.host: the server is unknown');
});

test('database.connectionLimit alone is enough to make an app config (workers default to 1)', () => {
  const analysis = analyze({ 'config/production.yaml': 'database:\n  connectionLimit: 7\n' });
  const app = deployment(analysis, 'config/production.yaml#production');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [1, 7, 7]);
  assert.equal(sourceLine(app.connectionLimit), 'config/production.yaml:2');
});

test('a YAML file with neither workers nor database.connectionLimit is no app config', () => {
  const analysis = analyze({
    'config/production.yaml': 'logging:\n  level: info\ndatabase:\n  name: app\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
  });
  assert.deepEqual(analysis.deployments, []);
  assert.deepEqual(analysis.findings, []);
});

test('default.yaml is the base: the environment file wins key by key, and the source line is the winning file', () => {
  const analysis = analyze({
    'configurations/default.yaml': base,
    'configurations/production.yaml': 'database:\n  connectionLimit: 4\n',
  });
  const app = deployment(analysis, 'configurations/production.yaml#production');
  assert.equal(app.workers.value, 2);
  assert.equal(sourceLine(app.workers), 'configurations/default.yaml:1');
  assert.equal(app.connectionLimit.value, 4);
  assert.equal(sourceLine(app.connectionLimit), 'configurations/production.yaml:2');
  assert.deepEqual(app.configFiles, ['configurations/default.yaml', 'configurations/production.yaml']);
  assert.equal(app.server, 'base-db:3307', 'host and port come from the base');
  assert.equal(app.total, 8);
  // The base's value is not reported as a second config deployment.
  assert.equal(analysis.deployments.length, 1);
});

test('base.yaml is a base too', () => {
  const analysis = analyze({
    'configurations/base.yaml': base,
    'configurations/production.yaml': 'workers: 6\n',
  });
  const app = deployment(analysis, 'configurations/production.yaml#production');
  assert.equal(app.workers.value, 6);
  assert.equal(sourceLine(app.workers), 'configurations/production.yaml:1');
  assert.equal(app.connectionLimit.value, 10);
  assert.equal(sourceLine(app.connectionLimit), 'configurations/base.yaml:5');
  assert.equal(app.total, 60);
});

test('the environment is chosen by settings.environment (default production)', () => {
  const files = {
    'config/default.yaml': base,
    'config/production.yaml': 'workers: 3\n',
    'config/staging.yaml': 'workers: 5\ndatabase:\n  connectionLimit: 2\n',
  };
  const production = analyze(files);
  assert.equal(deployment(production, 'config/production.yaml#production').total, 30);
  assert.equal(production.deployments.length, 1);

  const staging = analyze(files, { environment: 'staging' });
  const app = deployment(staging, 'config/staging.yaml#staging');
  assert.equal(app.environment, 'staging');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [5, 2, 10]);
  assert.equal(sourceLine(app.connectionLimit), 'config/staging.yaml:3');
  assert.equal(staging.deployments.length, 1);
});

test('NODE_ENV of a deployment chooses its config file; APP_ENV too; each deployment its own', () => {
  const analysis = analyze({
    'config/default.yaml': base,
    'config/production.yaml': 'workers: 3\n',
    'config/staging.yaml': 'workers: 5\n',
    'config/qa.yaml': 'workers: 7\n',
    'docker-compose.yml': [
      'services:',
      '  web:',
      '    build: .',
      '    environment:',
      '      NODE_ENV: staging',
      '  worker:',
      '    build: .',
      '    environment:',
      '      - APP_ENV=qa',
      '  api:',
      '    build: .',
      '',
    ].join('\n'),
  });
  const web = deployment(analysis, 'docker-compose.yml#web');
  assert.equal(web.environment, 'staging');
  assert.equal(web.workers.value, 5);
  assert.equal(sourceLine(web.workers), 'config/staging.yaml:1');
  const worker = deployment(analysis, 'docker-compose.yml#worker');
  assert.equal(worker.environment, 'qa');
  assert.equal(worker.workers.value, 7);
  const api = deployment(analysis, 'docker-compose.yml#api');
  assert.equal(api.environment, 'production', 'no NODE_ENV/APP_ENV: the setting');
  assert.equal(api.workers.value, 3);
});

test('NODE_ENV wins over APP_ENV when both are set', () => {
  const analysis = analyze({
    'config/production.yaml': 'workers: 3\n',
    'config/staging.yaml': 'workers: 5\n',
    'docker-compose.yml': 'services:\n  web:\n    build: .\n    environment:\n      APP_ENV: production\n      NODE_ENV: staging\n',
  });
  assert.equal(deployment(analysis, 'docker-compose.yml#web').workers.value, 5);
});

test('an environment without its own file uses the base alone', () => {
  const analysis = analyze(
    { 'config/default.yaml': base, 'config/production.yaml': 'workers: 3\n' },
    { environment: 'development' },
  );
  const app = deployment(analysis, 'config/default.yaml#default');
  assert.equal(app.workers.value, 2);
  assert.equal(sourceLine(app.workers), 'config/default.yaml:1');
  assert.equal(app.total, 20);
});

test('single-file fallback: no file named for the environment, one config folder with one file → that file is used', () => {
  const analysis = analyze({ 'config/app.yaml': 'workers: 3\ndatabase:\n  connectionLimit: 7\n' });
  const app = deployment(analysis, 'config/app.yaml#app');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [3, 7, 21]);
  assert.equal(sourceLine(app.connectionLimit), 'config/app.yaml:3');
  assert.deepEqual(app.configFiles, ['config/app.yaml']);
});

test('no fallback when the folder holds two files, neither named for the environment', () => {
  const analysis = analyze({
    'config/development.yaml': 'workers: 3\n',
    'config/test.yaml': 'workers: 1\n',
  });
  assert.deepEqual(analysis.deployments, []);
  const staging = analyze({ 'config/development.yaml': 'workers: 3\n', 'config/test.yaml': 'workers: 1\n' }, { environment: 'test' });
  assert.equal(deployment(staging, 'config/test.yaml#test').workers.value, 1);
});

test('no fallback when there are two config folders', () => {
  const analysis = analyze({
    'a/config/app.yaml': 'workers: 3\n',
    'b/config/app.yaml': 'workers: 4\n',
  });
  assert.deepEqual(analysis.deployments, []);
});

test('a candidate with only database.host counts in a folder that holds an app config', () => {
  const analysis = analyze({
    'config/default.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 6\n',
    'config/production.yaml': 'database:\n  host: prod-db\n  port: 3310\n',
  });
  const app = deployment(analysis, 'config/production.yaml#production');
  assert.equal(app.server, 'prod-db:3310');
  assert.deepEqual(app.configFiles, ['config/default.yaml', 'config/production.yaml']);
  assert.equal(app.total, 12);
  assert.equal(server(analysis, 'prod-db:3310').total, 12);
});

test('a candidate with only database.host in a folder without an app config is not a deployment', () => {
  const analysis = analyze({ 'settings/production.yaml': 'database:\n  host: prod-db\n' });
  assert.deepEqual(analysis.deployments, []);
  assert.deepEqual(analysis.servers, []);
});

test('workers: -1 is one worker per core: settings.assumedCpuCores (default 4), marked as an assumption', () => {
  const files = { 'config/production.yaml': 'workers: -1  # all cores\ndatabase:\n  connectionLimit: 5\n' };
  const app = deployment(analyze(files), 'config/production.yaml#production');
  assert.equal(app.workers.value, 4);
  assert.match(app.workers.assumption ?? '', /4 CPU cores assumed/);
  assert.equal(sourceLine(app.workers), 'config/production.yaml:1');
  assert.equal(textAt(files, app.workers.source!.loc), '-1');
  assert.equal(app.total, 20);

  const eight = deployment(analyze(files, { assumedCpuCores: 8 }), 'config/production.yaml#production');
  assert.equal(eight.workers.value, 8);
  assert.match(eight.workers.assumption ?? '', /8 CPU cores assumed/);
  assert.equal(eight.total, 40);
});

test('keys of the config are matched case-insensitively (Workers, Database.ConnectionLimit)', () => {
  const app = deployment(analyze({ 'config/production.yaml': 'Workers: 2\nDatabase:\n  ConnectionLimit: 9\n' }), 'config/production.yaml#production');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [2, 9, 18]);
});

test('quoted numbers in the config are numbers ("8" is 8)', () => {
  const app = deployment(analyze({ 'config/production.yaml': "workers: '2'\ndatabase:\n  connectionLimit: \"8\"\n" }), 'config/production.yaml#production');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [2, 8, 16]);
});

test('a document that is a Compose file or a Kubernetes object is never read as an app config', () => {
  const analysis = analyze({
    'config/production.yaml': 'kind: Something\nworkers: 9\n',
    'other/production.yaml': 'apiVersion: v1\nworkers: 9\n',
  });
  assert.deepEqual(analysis.deployments, []);
});

test('a config value that is not a usable number is an invalid-value on that value', () => {
  const files = { 'config/production.yaml': 'workers: two\ndatabase:\n  connectionLimit: 5\n' };
  const analysis = analyze(files);
  const app = deployment(analysis, 'config/production.yaml#production');
  assert.equal(app.workers.value, null);
  assert.equal(app.total, null);
  const finding = onlyFinding(analysis, 'invalid-value');
  assert.equal(textAt(files, finding.loc), 'two');
});

/** `levels` mappings, each merging the one before, the first holding connectionLimit: 7; then `tail` with *top. */
function mergeChain(levels: number, tail: (top: string) => string): string {
  let yaml = 'l0: &l0 {connectionLimit: 7}\n';
  for (let i = 1; i < levels; i++) yaml += `l${i}: &l${i} {<<: *l${i - 1}}\n`;
  return yaml + tail(`*l${levels - 1}`);
}

test('a merge chain is followed 16 levels deep; deeper, it is cut and the key it may hold is unknown, reported at the cut', () => {
  const within = deployment(analyze({ 'config/production.yaml': mergeChain(16, (top) => `workers: 2\ndatabase:\n  <<: ${top}\n`) }), 'config/production.yaml#production');
  assert.equal(within.connectionLimit.value, 7);

  const files = { 'config/production.yaml': mergeChain(17, (top) => `workers: 2\ndatabase:\n  <<: ${top}\n`) };
  const analysis = analyze(files);
  const app = deployment(analysis, 'config/production.yaml#production');
  assert.deepEqual([app.workers.value, app.connectionLimit.value, app.total], [2, null, null], 'unknown, not mysql2\'s default');
  const finding = onlyFinding(analysis, 'unresolved-value');
  assert.equal(textAt(files, finding.loc), '*l16');
  assert.match(finding.message, /database\.connectionLimit is unknown: .*deeper than 16 levels and is cut here/);
});

test('a cut merge chain: the mapping\'s own key, a later layer and an env override still decide the value', () => {
  const deep = mergeChain(20, (top) => `workers: 2\ndatabase:\n  <<: ${top}\n`);
  const ownKey = analyze({ 'config/production.yaml': mergeChain(20, (top) => `workers: 2\ndatabase:\n  <<: ${top}\n  connectionLimit: 3\n`) });
  assert.equal(deployment(ownKey, 'config/production.yaml#production').connectionLimit.value, 3);

  const laterLayer = analyze({ 'config/default.yaml': deep, 'config/production.yaml': 'database:\n  connectionLimit: 4\n' });
  assert.equal(deployment(laterLayer, 'config/production.yaml#production').connectionLimit.value, 4);
  assert.deepEqual(laterLayer.findings, []);

  const cutOverBase = analyze({ 'config/default.yaml': 'workers: 2\ndatabase:\n  connectionLimit: 4\n', 'config/production.yaml': deep });
  assert.equal(deployment(cutOverBase, 'config/production.yaml#production').connectionLimit.value, null, 'the cut chain may override the base');

  const overridden = analyze({
    'config/production.yaml': deep,
    'docker-compose.yml': 'services:\n  app:\n    build: .\n    environment:\n      APP_DATABASE__CONNECTIONLIMIT: 5\n',
  });
  assert.equal(deployment(overridden, 'docker-compose.yml#app').connectionLimit.value, 5);
});
