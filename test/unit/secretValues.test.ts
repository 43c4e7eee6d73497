// The facts cache leaves out files whose facts may hold a credential: what counts as one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileFacts } from '../../src-shared/fileFacts';
import { holdsSecretValue } from '../../src-shared/secretValues';

const secret = (file: string, ...lines: string[]) => holdsSecretValue(readFileFacts(file, `${lines.join('\n')}\n`));

test('secret values: a Compose environment with a literal password holds one', () => {
  assert.equal(secret('docker-compose.yml', 'services:', '  app:', '    environment:', '      DB_PASSWORD: hunter2', '      APP_WORKERS: 2'), true);
  assert.equal(secret('docker-compose.yml', 'services:', '  app:', '    environment:', '      - MYSQL_ROOT_PASSWORD=hunter2'), true);
});

test('secret values: numbers, hosts and names of secrets alone do not', () => {
  assert.equal(secret('docker-compose.yml', 'services:', '  app:', '    environment:', '      APP_WORKERS: 2', '      DB_HOST: db', '      DB_PASSWORD:'), false);
  assert.equal(
    secret(
      'k8s/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: api}',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - name: DB_PASSWORD',
      '              valueFrom: {secretKeyRef: {name: db, key: password}}',
      '            - name: APP_WORKERS',
      '              value: "2"',
    ),
    false,
    'a password taken from a Secret is a reference, not a value',
  );
});

test('secret values: switches and words in passing are not credentials', () => {
  assert.equal(secret('docker-compose.yml', 'services:', '  db:', '    environment:', '      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"', '      MYSQL_RANDOM_ROOT_PASSWORD: "true"'), false);
  assert.equal(secret('docker-compose.yml', 'services:', '  db:', '    command: --max-connections=500 --default-authentication-plugin=mysql_native_password'), false);
  assert.equal(secret('docker-compose.yml', 'services:', '  db:', '    command: mysqld --password=hunter2'), true);
  assert.equal(secret('docker-compose.yml', 'services:', '  db:', '    command: ["sh", "-c", "DB_PASS=hunter2 node server.js"]'), true);
});

test('secret values: ConfigMap data, .env files and tokens', () => {
  assert.equal(secret('k8s/config.yaml', 'kind: ConfigMap', 'metadata: {name: api}', 'data:', '  API_TOKEN: abc123'), true);
  assert.equal(secret('.env', 'APP_WORKERS=2', 'DB_PASS=hunter2'), true);
  assert.equal(secret('.env', 'APP_WORKERS=2', 'DB_HOST=db'), false);
});

test('secret values: a connection URI with a password in code or YAML', () => {
  assert.equal(secret('src/db.ts', "import mysql from 'mysql2/promise';", "export const pool = mysql.createPool('mysql://app:hunter2@db:3306/app');"), true);
  assert.equal(secret('src/db.ts', "import mysql from 'mysql2/promise';", "export const pool = mysql.createPool({ host: 'db', connectionLimit: 5 });"), false);
  assert.equal(secret('docker-compose.yml', 'services:', '  app:', '    environment:', '      DATABASE_URL: mysql://app:hunter2@db/app'), true);
});
