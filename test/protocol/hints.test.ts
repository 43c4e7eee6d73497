import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { endOf, Session } from './session';

describe('inlay hints', () => {
  let session: Session;
  before(async () => {
    session = await Session.start();
  });
  after(() => session.close());

  it('labels the compose replicas, the env override and the config value with 18 conns of 151', async () => {
    const label = '= 18 conns · 11.9 % of 151';
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 3'), label);
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'APP_WORKERS: 2'), label);
    assert.equal(await session.hintAfter('docker-compose', 'configurations/production.yaml', 'connectionLimit: 3'), label);
  });

  it('puts the hint at the end of the value, padded, with a tooltip naming the equation', async () => {
    const text = session.text('docker-compose', 'docker-compose.yml');
    const hints = await session.hints('docker-compose', 'docker-compose.yml');
    const replicas = hints.find((hint) => hint.position.line === endOf(text, 'replicas: 3').line);
    assert.deepEqual(replicas?.position, endOf(text, 'replicas: 3'));
    assert.equal(replicas?.paddingLeft, true);
    assert.match(String(replicas?.tooltip), /instances × workers × connectionLimit = 3 × 2 × 3 = 18 connections to db:3306/);
  });

  it('labels the code that links to the config', async () => {
    const label = await session.hintAfter('docker-compose', 'src/db.ts', "config.get<number>('database.connectionLimit')");
    assert.equal(label, '= 18 conns · 11.9 % of 151');
  });

  it('appends the peak of a Kubernetes rollout', async () => {
    const label = '= 40 conns · 26.5 % of 151 · peak 56 (37.1 %)';
    assert.equal(await session.hintAfter('kubernetes', 'k8s/deployment.yaml', 'replicas: 5'), label);
    assert.equal(await session.hintAfter('kubernetes', 'k8s/deployment.yaml', 'value: "8"'), label);
  });

  it('says which assumption a number rests on', async () => {
    const label = '= 20 conns · 13.2 % of 151 · assumes 4 cores';
    assert.equal(await session.hintAfter('single-server', 'configurations/production.yaml', 'workers: -1'), label);
    assert.equal(await session.hintAfter('single-server', 'configurations/production.yaml', 'connectionLimit: 5'), label);
  });

  it('labels an env var fallback in code once per line, at the end of the expression', async () => {
    const text = session.text('cluster-app', 'src/db.ts');
    const expression = "parseInt(process.env.DB_CONNECTION_LIMIT || '10', 10)";
    const hints = await session.hints('cluster-app', 'src/db.ts');
    const onLine = hints.filter((hint) => hint.position.line === endOf(text, expression).line);
    assert.deepEqual(
      onLine.map((hint) => [hint.position, hint.label]),
      [[endOf(text, expression), '= 40 conns · 26.5 % of 151']],
    );
  });

  it('labels the over-sized pool of the anti-patterns example', async () => {
    assert.equal(await session.hintAfter('cluster-app-antipatterns', 'src/db.ts', 'connectionLimit: 50'), '= 200 conns · 132.5 % of 151');
    assert.equal(await session.hintAfter('cluster-app-antipatterns', 'src/index.ts', 'i < 4'), '= 200 conns · 132.5 % of 151');
  });

  it('shows the sum of every deployment a shared value feeds', async () => {
    const compose = session.text('docker-compose', 'docker-compose.yml');
    const worker = '  worker:\n    build: .\n    environment:\n      APP_WORKERS: 1\n      NODE_ENV: production\n    deploy:\n      replicas: 2\n';
    session.change('docker-compose', 'docker-compose.yml', compose.replace('  db:\n', `${worker}  db:\n`));
    // app 3 × 2 × 3 = 18 and worker 2 × 1 × 3 = 6 share the config's connectionLimit.
    assert.equal(await session.hintAfter('docker-compose', 'configurations/production.yaml', 'connectionLimit: 3'), '= 24 conns · 15.9 % of 151');
    assert.equal(await session.hintAfter('docker-compose', 'docker-compose.yml', 'replicas: 2'), '= 6 conns · 4 % of 151');
    session.closeBuffer('docker-compose', 'docker-compose.yml');
  });

  it('keeps each workspace folder apart: a file without factor values has no hints', async () => {
    assert.deepEqual(await session.hints('kubernetes', 'k8s/configmap.yaml'), []);
  });
});
