// Text templates for generated workspaces: the shapes of examples/ (Compose, Kubernetes, app
// configs, .env, createPool code), varied by a seeded random source so that no two projects are
// byte-identical but every run generates the same bytes.
import type { Random } from './random';

export const ENTITIES = [
  'order', 'customer', 'invoice', 'product', 'shipment', 'payment', 'account', 'session', 'ticket', 'review',
  'coupon', 'warehouse', 'supplier', 'refund', 'subscription', 'cart', 'category', 'address', 'notification', 'audit',
] as const;
export const TEAMS = ['payments', 'catalog', 'identity', 'growth', 'logistics', 'search', 'platform', 'support'] as const;
const ROLES = ['api', 'worker', 'gateway', 'sync', 'billing', 'events', 'reports', 'admin'] as const;

const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const plural = (word: string) => (word.endsWith('y') ? `${word.slice(0, -1)}ies` : word.endsWith('s') ? `${word}es` : `${word}s`);

/** How a program's pool gets its size. */
export type PoolStyle = 'config-get' | 'config-object' | 'env-number' | 'env-parseint' | 'literal' | 'mysql-require';
/** How a program forks its workers. */
export type ForkStyle = 'env' | 'cores' | 'config' | 'none';

export interface Program {
  name: string;
  team: string;
  pool: PoolStyle;
  fork: ForkStyle;
  /** The env var the code reads for the pool size, when it reads one. */
  poolEnv?: string;
  /** The env var the code reads for the worker count, when it reads one. */
  workersEnv?: string;
}

export function projectName(rng: Random, index: number): string {
  return `${rng.pick(ENTITIES)}-${rng.pick(ROLES)}-${index}`;
}

export function newProgram(rng: Random, name: string, team: string, styles: PoolStyle[]): Program {
  const pool = rng.pick(styles);
  const fork: ForkStyle = pool === 'config-get' || pool === 'config-object' ? rng.pick(['config', 'cores', 'none'] as const) : rng.pick(['env', 'cores', 'none'] as const);
  const poolEnv =
    pool === 'env-number' ? rng.pick(['DB_POOL_SIZE', 'DB_CONNECTION_LIMIT']) : pool === 'env-parseint' ? 'DB_CONNECTION_LIMIT' : pool === 'mysql-require' ? 'MYSQL_CONNECTION_LIMIT' : undefined;
  return { name, team, pool, fork, poolEnv, workersEnv: fork === 'env' ? 'WEB_CONCURRENCY' : undefined };
}

export function packageJson(name: string, dependencies: Record<string, string>): string {
  return `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'dist/index.js', scripts: { build: 'tsc -p .', start: 'node dist/index.js' }, dependencies }, null, 2)}\n`;
}

/** The module that creates the program's pool. */
export function poolModule(rng: Random, program: Program): string {
  const database = program.name.replace(/-/g, '_');
  const idle = rng.pick([60000, 300000, 600000]);
  switch (program.pool) {
    case 'config-get':
      return `import mysql from 'mysql2/promise';
import config from 'config';

// One pool per worker process; its size comes from the config (or APP_DATABASE__CONNECTIONLIMIT).
export const pool = mysql.createPool({
  host: config.get<string>('database.host'),
  port: config.get<number>('database.port'),
  user: '${database}',
  database: '${database}',
  connectionLimit: config.get<number>('database.connectionLimit'),
  waitForConnections: true,
  idleTimeout: ${idle},
});

export async function ping(): Promise<boolean> {
  const [rows] = await pool.query('SELECT 1 AS ok');
  return Array.isArray(rows) && rows.length === 1;
}
`;
    case 'config-object':
      return `import { createPool } from 'mysql2/promise';
import { config } from './config';

export const pool = createPool({
  host: config.database.host,
  user: '${database}',
  password: process.env.DB_PASSWORD,
  database: '${database}',
  connectionLimit: config.database.connectionLimit,
  maxIdle: ${rng.int(2, 6)},
  idleTimeout: ${idle},
  enableKeepAlive: true,
});
`;
    case 'env-number':
      return `import { createPool, type Pool } from 'mysql2/promise';

const poolSize = Number(process.env.${program.poolEnv}) || ${rng.pick([5, 8, 10, 12])};

export const pool: Pool = createPool({
  host: process.env.DB_HOST ?? 'mysql',
  user: process.env.DB_USER ?? 'app',
  database: '${database}',
  connectionLimit: poolSize,
  queueLimit: 0,
  idleTimeout: ${idle},
});
`;
    case 'env-parseint':
      return `import mysql from 'mysql2';

export const pool = mysql
  .createPool({
    host: process.env.DB_HOST || 'localhost',
    user: process.env.DB_USER || 'app',
    database: '${database}',
    connectionLimit: parseInt(process.env.${program.poolEnv} || '${rng.pick([4, 6, 10])}', 10),
    waitForConnections: true,
  })
  .promise();
`;
    case 'literal':
      return `import mysql from 'mysql2/promise';

// Sized by hand: ${rng.int(2, 4)} replicas × workers × this.
export const pool = mysql.createPool({
  host: 'db',
  user: 'app',
  database: '${database}',
  connectionLimit: ${rng.pick([3, 4, 5, 6, 8])},
  idleTimeout: ${idle},
});
`;
    case 'mysql-require':
      return `const mysql = require('mysql');

export const pool = mysql.createPool({
  host: process.env.DB_HOST ?? 'mysql',
  user: 'app',
  database: '${database}',
  connectionLimit: +(process.env.${program.poolEnv} ?? ${rng.pick([5, 10])}),
  acquireTimeout: 10000,
});
`;
  }
}

/** The typed config module a `config-object` pool imports. */
export function configModule(): string {
  return `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface AppConfig {
  workers: number;
  database: { host: string; port: number; connectionLimit: number };
}

const environment = process.env.NODE_ENV ?? 'production';
const base = parse(readFileSync(join(__dirname, '../configurations/default.yaml'), 'utf8')) as AppConfig;
const overrides = parse(readFileSync(join(__dirname, \`../configurations/\${environment}.yaml\`), 'utf8')) as Partial<AppConfig>;

export const config: AppConfig = { ...base, ...overrides, database: { ...base.database, ...overrides.database } };
`;
}

/** The entry point: forks workers the program's way, or runs the server alone. */
export function entryModule(rng: Random, program: Program): string {
  const start = `import { startServer } from './server';`;
  switch (program.fork) {
    case 'env':
      return `import cluster from 'node:cluster';
${start}

// ${program.workersEnv} is set by the platform; ${2} workers otherwise.
const numWorkers = Number(process.env.${program.workersEnv}) || 2;

if (cluster.isPrimary) {
  for (let i = 0; i < numWorkers; i++) {
    cluster.fork();
  }
  cluster.on('exit', (worker) => {
    console.warn(\`worker \${worker.process.pid} exited\`);
    cluster.fork();
  });
} else {
  startServer(${rng.int(3000, 3999)});
}
`;
    case 'cores':
      return `import cluster from 'node:cluster';
import os from 'node:os';
${start}

if (cluster.isPrimary) {
  const cores = os.availableParallelism();
  for (let i = 0; i < cores; i++) {
    cluster.fork();
  }
} else {
  startServer(${rng.int(3000, 3999)});
}
`;
    case 'config':
      return `import cluster from 'node:cluster';
import config from 'config';
${start}

const workers = config.get<number>('workers');

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) {
    cluster.fork();
  }
} else {
  startServer(${rng.int(3000, 3999)});
}
`;
    case 'none':
      return `${start}

startServer(Number(process.env.PORT) || ${rng.int(3000, 3999)});
`;
  }
}

export function serverModule(rng: Random, routes: string[]): string {
  const imports = routes.map((route) => `import { ${route}Routes } from './routes/${route}';`).join('\n');
  const mounts = routes.map((route) => `  router.mount('/${plural(route)}', ${route}Routes);`).join('\n');
  return `import http from 'node:http';
import { Router } from './router';
${imports}

export function startServer(port: number): http.Server {
  const router = new Router();
${mounts}
  const server = http.createServer((request, response) => {
    router.handle(request, response).catch((error: Error) => {
      response.statusCode = 500;
      response.end(JSON.stringify({ error: error.message }));
    });
  });
  server.keepAliveTimeout = ${rng.pick([5000, 65000])};
  return server.listen(port);
}
`;
}

export function routerModule(): string {
  return `import type { IncomingMessage, ServerResponse } from 'node:http';

export type Handler = (request: IncomingMessage, params: Record<string, string>) => Promise<unknown>;
export interface Routes { [pattern: string]: Handler }

export class Router {
  private readonly prefixes = new Map<string, Routes>();

  mount(prefix: string, routes: Routes): void {
    this.prefixes.set(prefix, routes);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    for (const [prefix, routes] of this.prefixes) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rest = url.pathname.slice(prefix.length) || '/';
      for (const [pattern, handler] of Object.entries(routes)) {
        const params = match(pattern, rest);
        if (params) {
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify(await handler(request, params)));
          return;
        }
      }
    }
    response.statusCode = 404;
    response.end('{}');
  }
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:(\\w+)/g, (_all, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(\`^\${source}$\`).exec(path);
  if (!found) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
}
`;
}

function fields(rng: Random, entity: string): Array<[string, string]> {
  const extra: Array<[string, string]> = [
    ['createdAt', 'Date'], ['updatedAt', 'Date'], ['status', `'active' | 'archived'`], ['amountCents', 'number'],
    ['currency', 'string'], ['email', 'string'], ['note', 'string | null'], ['version', 'number'], ['tenantId', 'number'],
  ];
  const chosen: Array<[string, string]> = [['id', 'number'], [`${entity}Name`, 'string']];
  for (const field of extra) if (rng.chance(0.5)) chosen.push(field);
  return chosen;
}

/** A route module: an entity type and handlers that query the pool. */
export function routeModule(rng: Random, entity: string, poolImport: string): string {
  const type = pascal(entity);
  const table = plural(entity);
  const list = fields(rng, entity);
  const columns = list.map(([name]) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(', ');
  const lines: string[] = [
    `import type { RowDataPacket, ResultSetHeader } from 'mysql2';`,
    `import { pool } from '${poolImport}';`,
    `import type { Routes } from '../router';`,
    '',
    `export interface ${type} {`,
    ...list.map(([name, kind]) => `  ${name}: ${kind};`),
    '}',
    '',
    `const COLUMNS = '${columns}';`,
    '',
    `export async function find${type}(id: number): Promise<${type} | undefined> {`,
    `  const [rows] = await pool.query<RowDataPacket[]>(\`SELECT \${COLUMNS} FROM ${table} WHERE id = ?\`, [id]);`,
    `  return rows[0] as ${type} | undefined;`,
    '}',
    '',
    `export async function list${pascal(table)}(limit = ${rng.pick([20, 50, 100])}, offset = 0): Promise<${type}[]> {`,
    `  const [rows] = await pool.query<RowDataPacket[]>(`,
    `    \`SELECT \${COLUMNS} FROM ${table} ORDER BY id DESC LIMIT ? OFFSET ?\`,`,
    '    [limit, offset],',
    '  );',
    `  return rows as ${type}[];`,
    '}',
    '',
  ];
  const methods = rng.int(1, 4);
  for (let m = 0; m < methods; m++) {
    const verb = rng.pick(['archive', 'touch', 'recount', 'reassign', 'expire', 'verify']);
    lines.push(
      `export async function ${verb}${type}${m}(id: number, actor: string): Promise<boolean> {`,
      `  const connection = await pool.getConnection();`,
      '  try {',
      '    await connection.beginTransaction();',
      `    const [result] = await connection.query<ResultSetHeader>(`,
      `      'UPDATE ${table} SET version = version + 1, updated_at = NOW() WHERE id = ? AND status <> ?',`,
      `      [id, '${verb}d'],`,
      '    );',
      `    await connection.query('INSERT INTO audit_log (entity, entity_id, actor, action) VALUES (?, ?, ?, ?)', ['${entity}', id, actor, '${verb}']);`,
      '    await connection.commit();',
      '    return result.affectedRows === 1;',
      '  } catch (error) {',
      '    await connection.rollback();',
      '    throw error;',
      '  } finally {',
      '    connection.release();',
      '  }',
      '}',
      '',
    );
  }
  lines.push(
    `export const ${entity}Routes: Routes = {`,
    `  '/': () => list${pascal(table)}(),`,
    `  '/:id': (_request, params) => find${type}(Number(params.id)),`,
    '};',
    '',
  );
  return lines.join('\n');
}

/** A helper module with no database access at all (most code in a real repository). */
export function utilityModule(rng: Random, name: string): string {
  const lines: string[] = [`// ${name}: helpers shared by the handlers.`, ''];
  const count = rng.int(2, 6);
  for (let i = 0; i < count; i++) {
    switch (rng.int(0, 3)) {
      case 0:
        lines.push(
          `export function format${pascal(name)}${i}(value: number, currency = 'EUR'): string {`,
          `  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(value / 100);`,
          '}',
          '',
        );
        break;
      case 1:
        lines.push(
          `export async function retry${i}<T>(attempt: () => Promise<T>, times = ${rng.int(2, 5)}): Promise<T> {`,
          '  let last: unknown;',
          '  for (let n = 0; n < times; n++) {',
          '    try {',
          '      return await attempt();',
          '    } catch (error) {',
          '      last = error;',
          `      await new Promise((resolve) => setTimeout(resolve, ${rng.pick([50, 100, 250])} * 2 ** n));`,
          '    }',
          '  }',
          '  throw last;',
          '}',
          '',
        );
        break;
      case 2:
        lines.push(
          `export class Cache${i}<K, V> {`,
          '  private readonly entries = new Map<K, { value: V; expires: number }>();',
          `  constructor(private readonly ttlMs = ${rng.pick([1000, 5000, 60000])}) {}`,
          '',
          '  get(key: K): V | undefined {',
          '    const entry = this.entries.get(key);',
          '    if (!entry || entry.expires < Date.now()) return undefined;',
          '    return entry.value;',
          '  }',
          '',
          '  set(key: K, value: V): void {',
          '    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });',
          '  }',
          '}',
          '',
        );
        break;
      default:
        lines.push(
          `export const ${name.replace(/-/g, '_').toUpperCase()}_LIMITS_${i} = {`,
          `  pageSize: ${rng.pick([20, 50, 100])},`,
          `  maxPageSize: ${rng.pick([200, 500, 1000])},`,
          `  timeoutMs: ${rng.pick([2000, 5000, 30000])},`,
          '} as const;',
          '',
          `export function clamp${i}(value: number, min: number, max: number): number {`,
          '  return Math.min(max, Math.max(min, value));',
          '}',
          '',
        );
    }
  }
  return lines.join('\n');
}

/** App configs: a default.yaml base and environment files over it. */
export function appConfigs(rng: Random, host: string, port: number): Record<string, string> {
  const files: Record<string, string> = {};
  files['default.yaml'] = `# Settings shared by every environment; the environment files override them.
workers: ${rng.pick([1, 2])}
server:
  port: 3000
  requestTimeoutMs: 30000
database:
  host: "localhost"
  port: 3306
  connectionLimit: 10
  queueLimit: 0
logging:
  level: info
  format: json
`;
  files['production.yaml'] = `# Production: the app service reads it through NODE_ENV=production.
workers: ${rng.pick(['-1  # one worker per core', '2', '4'])}
database:
  host: ${host}
  port: ${port}
  connectionLimit: ${rng.pick([3, 4, 5, 6, 8])}  # per worker process
logging:
  level: warn
`;
  files['staging.yaml'] = `workers: 1
database:
  host: ${host}
  connectionLimit: ${rng.pick([2, 3, 4])}
`;
  if (rng.chance(0.4)) {
    files['development.yaml'] = `workers: 1
database:
  host: localhost
  connectionLimit: 2
logging:
  level: debug
  format: pretty
`;
  }
  return files;
}

export interface ComposeOptions {
  project: string;
  program: Program;
  dbService: string;
  maxConnections: number;
  /** The compose file sets the pool size through the env var the code reads, or APP_*. */
  withWorkerService: boolean;
}

function envForProgram(program: Program, rng: Random, dbService: string): Array<[string, string]> {
  const env: Array<[string, string]> = [['NODE_ENV', 'production']];
  if (program.poolEnv) env.push(['DB_HOST', dbService], [program.poolEnv, `"${rng.pick([3, 4, 5, 6])}"`]);
  if (program.workersEnv) env.push([program.workersEnv, `"${rng.pick([1, 2, 3])}"`]);
  if (program.pool === 'config-get' || program.pool === 'config-object') {
    env.push(['APP_WORKERS', String(rng.pick([1, 2, 3]))]);
    if (rng.chance(0.5)) env.push(['APP_DATABASE__CONNECTIONLIMIT', '${DB_POOL:-4}']);
  }
  env.push(['LOG_LEVEL', 'info']);
  return env;
}

export function composeFile(rng: Random, options: ComposeOptions): string {
  const { project, program, dbService, maxConnections } = options;
  const env = envForProgram(program, rng, dbService);
  const listForm = rng.chance(0.35);
  const environment = listForm
    ? env.map(([key, value]) => `      - ${key}=${value.replace(/"/g, '')}`).join('\n')
    : env.map(([key, value]) => `      ${key}: ${value}`).join('\n');
  const lines = [
    `# ${project}: the app, its database and a cache.`,
    'services:',
    '  app:',
    '    build: .',
    `    image: registry.example.com/${program.team}/${project}:latest`,
    '    environment:',
    environment,
    '    env_file:',
    '      - ./env/app.env',
    '    ports:',
    `      - "${rng.int(3000, 3999)}:3000"`,
    '    deploy:',
    `      replicas: \${APP_REPLICAS:-${rng.int(2, 4)}}`,
    '      resources:',
    '        limits:',
    `          cpus: '${rng.pick(['0.5', '1.0', '2.0'])}'`,
    `          memory: ${rng.pick(['512M', '1G'])}`,
    '    depends_on:',
    `      - ${dbService}`,
    '      - cache',
  ];
  if (options.withWorkerService) {
    lines.push(
      '  worker:',
      '    build:',
      '      context: .',
      '      dockerfile: Dockerfile.worker',
      '    command: ["node", "dist/worker.js"]',
      '    environment:',
      ...env.map(([key, value]) => `      ${key}: ${value}`),
      `    scale: ${rng.int(1, 3)}`,
      '    depends_on:',
      `      - ${dbService}`,
    );
  }
  lines.push(
    `  ${dbService}:`,
    `    image: ${rng.pick(['mysql:8.0', 'mysql:8.4', 'mariadb:11', 'percona/percona-server:8.0'])}`,
    `    command: --max-connections=${maxConnections} --default-authentication-plugin=mysql_native_password`,
    '    environment:',
    `      MYSQL_DATABASE: ${project.replace(/-/g, '_')}`,
    '      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"',
    '    volumes:',
    '      - ./docker/mysql:/etc/mysql/conf.d:ro',
    '      - db-data:/var/lib/mysql',
    '    healthcheck:',
    '      test: ["CMD", "mysqladmin", "ping", "-h", "localhost"]',
    '      interval: 10s',
    '      retries: 5',
    '  cache:',
    '    image: redis:7-alpine',
    '    command: ["redis-server", "--save", "", "--appendonly", "no"]',
    'volumes:',
    '  db-data: {}',
    '',
  );
  return lines.join('\n');
}

export function composeDotenv(rng: Random): string {
  return `# Values for Compose interpolation.
APP_REPLICAS=${rng.int(2, 5)}
DB_POOL=${rng.pick([3, 4, 5])}
COMPOSE_PROJECT_NAME=app
`;
}

export function appEnvFile(rng: Random, program: Program): string {
  const lines = ['# Loaded by env_file: into the app container.', 'TZ=UTC', `REQUEST_TIMEOUT_MS=${rng.pick([5000, 30000])}`];
  if (program.poolEnv && rng.chance(0.3)) lines.push(`${program.poolEnv}=${rng.pick([4, 6])}`);
  lines.push('');
  return lines.join('\n');
}

export function mysqlCnf(rng: Random, maxConnections: number): string {
  return `[mysqld]
max_connections = ${maxConnections}
max_allowed_packet = 64M
innodb_buffer_pool_size = ${rng.pick(['256M', '512M', '1G'])}
wait_timeout = ${rng.pick([600, 28800])}

[client]
default-character-set = utf8mb4
`;
}

export interface KubeOptions {
  name: string;
  namespace: string;
  image: string;
  program?: Program;
  replicas: number;
  configMap: string;
  dbHost: string;
  maxSurge?: string;
  recreate?: boolean;
}

/** A Deployment with env, envFrom and resources; its Service and HPA follow in the same stream. */
export function kubeDeploymentDocs(rng: Random, options: KubeOptions): string {
  const { name, namespace, image, program, replicas, configMap } = options;
  const env: string[] = [];
  if (program?.poolEnv) {
    env.push(`            - name: ${program.poolEnv}`, '              valueFrom:', '                configMapKeyRef:', `                  name: ${configMap}`, `                  key: ${program.poolEnv}`);
  }
  if (program?.workersEnv) env.push(`            - name: ${program.workersEnv}`, `              value: "${rng.pick([1, 2])}"`);
  if (!program || program.pool === 'config-get' || program.pool === 'config-object' || program.pool === 'literal' || rng.chance(0.3)) {
    env.push('            - name: APP_WORKERS', `              value: "${rng.pick([1, 2])}"  # workers per pod`);
    env.push('            - name: APP_DATABASE__CONNECTIONLIMIT', `              value: "${rng.pick([4, 5, 8])}"`);
  }
  env.push(
    '            - name: DB_PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    `                  name: ${name}-db`,
    '                  key: password',
  );
  const strategy = options.recreate
    ? ['  strategy:', '    type: Recreate']
    : ['  strategy:', '    type: RollingUpdate', '    rollingUpdate:', `      maxSurge: ${options.maxSurge ?? '25%'}`, '      maxUnavailable: 0'];
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    '  labels:',
    `    app: ${name}`,
    `    team: ${namespace}`,
    'spec:',
    `  replicas: ${replicas}`,
    ...strategy,
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}`,
    '          ports:',
    '            - containerPort: 3000',
    '          envFrom:',
    '            - configMapRef:',
    `                name: ${configMap}`,
    '          env:',
    ...env,
    '          resources:',
    '            requests:',
    `              cpu: ${rng.pick(['250m', '500m'])}`,
    '              memory: 256Mi',
    '            limits:',
    `              cpu: "${rng.pick(['1', '2', '1500m'])}"`,
    '              memory: 512Mi',
    '          readinessProbe:',
    '            httpGet:',
    '              path: /healthz',
    '              port: 3000',
    '            periodSeconds: 10',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  selector:',
    `    app: ${name}`,
    '  ports:',
    '    - port: 80',
    '      targetPort: 3000',
    '---',
    `apiVersion: autoscaling/${rng.pick(['v1', 'v2'])}`,
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${name}`,
    `  minReplicas: ${replicas}`,
    `  maxReplicas: ${replicas + rng.int(1, 6)}`,
    '  metrics:',
    '    - type: Resource',
    '      resource:',
    '        name: cpu',
    '        target:',
    '          type: Utilization',
    `          averageUtilization: ${rng.pick([60, 70, 80])}`,
    '',
  ].join('\n');
}

export function kubeConfigMapDoc(rng: Random, name: string, namespace: string, dbHost: string, program?: Program): string {
  const data = ['  NODE_ENV: production', `  APP_DATABASE__HOST: ${dbHost}`, '  APP_DATABASE__PORT: "3306"', `  LOG_LEVEL: ${rng.pick(['info', 'warn'])}`];
  if (program?.poolEnv) data.push(`  DB_HOST: ${dbHost}`, `  ${program.poolEnv}: "${rng.pick([3, 4, 6, 8])}"`);
  data.push(`  FEATURE_FLAGS: "${rng.pick(['search,export', 'export', 'beta-ui,search'])}"`);
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, 'data:', ...data, ''].join('\n');
}

export function kubeMysqlDocs(rng: Random, name: string, namespace: string, maxConnections: number): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  clusterIP: None',
    '  selector:',
    `    app: ${name}`,
    '  ports:',
    '    - port: 3306',
    '---',
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  serviceName: ${name}`,
    '  replicas: 1',
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    '        - name: mysql',
    `          image: ${rng.pick(['mysql:8.0', 'mariadb:10.11'])}`,
    '          args:',
    `            - --max_connections=${maxConnections}`,
    '            - --character-set-server=utf8mb4',
    '          ports:',
    '            - containerPort: 3306',
    '          volumeMounts:',
    '            - name: data',
    '              mountPath: /var/lib/mysql',
    '  volumeClaimTemplates:',
    '    - metadata:',
    '        name: data',
    '      spec:',
    '        accessModes: ["ReadWriteOnce"]',
    '        resources:',
    '          requests:',
    `            storage: ${rng.pick(['10Gi', '50Gi'])}`,
    '',
  ].join('\n');
}

export function ciWorkflow(): string {
  return `name: ci
on:
  push:
    branches: [main]
  pull_request: {}
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      mysql:
        image: mysql:8.0
        env:
          MYSQL_ALLOW_EMPTY_PASSWORD: "yes"
        ports:
          - 3306:3306
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm test
      - run: npx connection-budget check --fail-on warning
`;
}
