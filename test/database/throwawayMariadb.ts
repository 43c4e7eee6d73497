import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

export interface ThrowawayMariadbOptions {
  maxConnections: number;
  /** PEM text; the server then offers TLS with this certificate. */
  tls?: { certificatePem: string; keyPem: string };
}

export interface Account {
  user: string;
  password: string;
}

export interface ThrowawayMariadb {
  host: string;
  port: number;
  /** root has no password and every privilege. */
  root: Account;
  /** A user with a password, SELECT on database `budget` and no PROCESS privilege. */
  app: Account;
  appDatabase: string;
  connect(account: Account): Promise<Connection>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const APP_DATABASE = 'budget';
const STARTUP_TIMEOUT_MS = 60_000;
const PORT_ATTEMPTS = 3;

/**
 * A private mariadbd on a free port with its own temporary datadir.
 * Throws when MariaDB is not installed: tests that need it must fail, not pass.
 */
export async function startThrowawayMariadb(options: ThrowawayMariadbOptions): Promise<ThrowawayMariadb> {
  const mariadbd = findExecutable('mariadbd');
  const installDb = findExecutable('mariadb-install-db');
  const directory = mkdtempSync(path.join(os.tmpdir(), 'cb-mariadb-'));
  const removeDirectory = () => rmSync(directory, { recursive: true, force: true });
  try {
    const datadir = path.join(directory, 'data');
    await run(installDb, [
      '--no-defaults',
      '--auth-root-authentication-method=normal',
      `--datadir=${datadir}`,
      '--user=root',
      '--skip-test-db',
    ]);
    const tlsArgs = options.tls ? writeTlsFiles(directory, options.tls) : [];

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = spawn(
        mariadbd,
        [
          '--no-defaults',
          `--datadir=${datadir}`,
          `--socket=${path.join(directory, 'mariadbd.sock')}`,
          `--pid-file=${path.join(directory, 'mariadbd.pid')}`,
          `--port=${port}`,
          `--bind-address=${HOST}`,
          `--max-connections=${options.maxConnections}`,
          '--skip-name-resolve',
          '--innodb-buffer-pool-size=16M',
          '--user=root',
          ...tlsArgs,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const log = collectOutput(child);
      const killOnExit = () => child.kill('SIGKILL');
      process.once('exit', killOnExit);
      const stopServer = async () => {
        process.removeListener('exit', killOnExit);
        await terminate(child);
      };

      const started = await waitUntilAccepting(child, port, log);
      if (started === 'port-taken' && attempt < PORT_ATTEMPTS) {
        await stopServer();
        continue;
      }
      if (started !== 'accepting') {
        await stopServer();
        throw new Error(`mariadbd did not start (${started}); its output ends with:\n${log.tail()}`);
      }

      const server: ThrowawayMariadb = {
        host: HOST,
        port,
        root: { user: 'root', password: '' },
        app: { user: 'budget_app', password: `Pw-${randomBytes(6).toString('hex')}` },
        appDatabase: APP_DATABASE,
        connect: (account) =>
          createConnection({ host: HOST, port, user: account.user, password: account.password }),
        stop: async () => {
          await stopServer();
          removeDirectory();
        },
      };
      try {
        await createAppUser(server);
      } catch (error) {
        await server.stop();
        throw error;
      }
      return server;
    }
  } catch (error) {
    removeDirectory();
    throw error;
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function findExecutable(name: string): string {
  const directories = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/sbin',
    '/usr/local/bin',
  ].filter((directory) => directory !== '');
  for (const directory of directories) {
    const candidate = path.join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    `${name} is not installed; install the Debian package mariadb-server (apt-get install mariadb-server) to run the database tests.`,
  );
}

async function createAppUser(server: ThrowawayMariadb): Promise<void> {
  const root = await server.connect(server.root);
  try {
    await root.query(`CREATE DATABASE ${APP_DATABASE}`);
    await root.query('CREATE USER ??@? IDENTIFIED BY ?', [server.app.user, '%', server.app.password]);
    await root.query(`GRANT SELECT ON ${APP_DATABASE}.* TO ??@?`, [server.app.user, '%']);
  } finally {
    await root.end();
  }
}

function writeTlsFiles(directory: string, tls: { certificatePem: string; keyPem: string }): string[] {
  const certificatePath = path.join(directory, 'server-cert.pem');
  const keyPath = path.join(directory, 'server-key.pem');
  writeFileSync(certificatePath, tls.certificatePem);
  writeFileSync(keyPath, tls.keyPem, { mode: 0o600 });
  return [`--ssl-cert=${certificatePath}`, `--ssl-key=${keyPath}`];
}

type StartOutcome = 'accepting' | 'port-taken' | 'exited' | 'timed out';

async function waitUntilAccepting(
  child: ChildProcess,
  port: number,
  log: { text(): string },
): Promise<StartOutcome> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return /address already in use/i.test(log.text()) ? 'port-taken' : 'exited';
    }
    if (/ready for connections/.test(log.text())) {
      try {
        const connection = await createConnection({ host: HOST, port, user: 'root', connectTimeout: 2000 });
        await connection.end();
        return 'accepting';
      } catch {
        // still starting
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'timed out';
}

function collectOutput(child: ChildProcess): { text(): string; tail(): string } {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { text: () => output, tail: () => output.split('\n').slice(-15).join('\n') };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${path.basename(file)} failed: ${error.message}\n${stdout}\n${stderr}`));
      } else {
        resolve();
      }
    });
  });
}
