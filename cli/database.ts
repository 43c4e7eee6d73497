import { promises as fs } from 'node:fs';
import { ConnectionUrlError, parseConnectionUrl } from '../src-node/database/connectionUrl';
import { ProbeError } from '../src-node/database/errors';
import { probeDatabase, type ProbeOptions, type ProbeResult } from '../src-node/database/probe';
import { UsageError } from './arguments';

export interface DatabaseArguments {
  database: string;
  ssl: boolean;
  sslCa?: string;
}

export interface PasswordSource {
  env: NodeJS.ProcessEnv;
  /** Asks on the terminal without echo; undefined when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
  warn: (text: string) => void;
}

/** Connection options from `--database`, `--ssl`, `--ssl-ca`; the password never comes back out. */
export async function probeOptions(args: DatabaseArguments, passwords: PasswordSource): Promise<ProbeOptions> {
  let parsed;
  try {
    parsed = parseConnectionUrl(args.database);
  } catch (error) {
    if (error instanceof ConnectionUrlError) throw new UsageError(`--database: ${error.message}`);
    throw error;
  }
  let password = parsed.password;
  if (parsed.passwordInUrl) {
    passwords.warn('a password in --database can be read by other users of this machine (process list, shell history); prefer MYSQL_PWD or the prompt');
  } else if (passwords.env.MYSQL_PWD !== undefined) {
    password = passwords.env.MYSQL_PWD;
  } else if (passwords.prompt) {
    password = await passwords.prompt(`Password for ${parsed.user}@${parsed.host}:${parsed.port}: `);
  }
  let ca: string | undefined;
  if (args.sslCa) {
    try {
      ca = await fs.readFile(args.sslCa, 'utf8');
    } catch {
      throw new UsageError(`--ssl-ca: cannot read ${args.sslCa}`);
    }
  }
  return {
    host: parsed.host,
    port: parsed.port,
    user: parsed.user,
    database: parsed.database,
    password,
    ssl: args.ssl || ca !== undefined ? { ca, rejectUnauthorized: true } : undefined,
  };
}

/** Probes the server; a failure becomes a one-line message (exit status 3 in the CLI). */
export async function queryDatabase(options: ProbeOptions): Promise<{ result?: ProbeResult; error?: string }> {
  try {
    return { result: await probeDatabase(options) };
  } catch (error) {
    if (error instanceof ProbeError) return { error: error.message };
    return { error: `the database could not be queried: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let answer = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(answer);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}
