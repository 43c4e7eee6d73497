/** Parses `connection-budget` arguments; throws UsageError with a one-line reason. */

export class UsageError extends Error {}

export interface CheckArguments {
  command: 'check';
  dir: string;
  format: 'table' | 'json' | 'sarif';
  maxConnections?: number;
  threshold?: number;
  cores?: number;
  environment?: string;
  envPrefix?: string;
  database?: string;
  ssl: boolean;
  sslCa?: string;
  failOn: 'error' | 'warning' | 'never';
  exclude: string[];
}

export interface QueryArguments {
  command: 'query';
  database: string;
  ssl: boolean;
  sslCa?: string;
  format: 'table' | 'json';
}

export type Arguments = CheckArguments | QueryArguments | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage:
  connection-budget check [DIR] [--json | --sarif] [--max-connections N] [--threshold PCT]
                          [--cores N] [--env NAME] [--env-prefix PREFIX] [--exclude GLOB]...
                          [--database URL [--ssl] [--ssl-ca FILE]] [--fail-on error|warning|never]
  connection-budget query --database mysql://user@host:port[/db] [--ssl] [--ssl-ca FILE] [--json]

The database password comes from MYSQL_PWD or, on a terminal, a prompt; it is never printed.

Exit status: 0 clean, 1 a finding at or above --fail-on (default error),
2 bad usage or an unreadable path, 3 the database could not be queried.`;

function positiveInteger(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) <= 0) {
    throw new UsageError(`${flag} needs a positive whole number, not ${value === undefined ? 'nothing' : `"${value}"`}`);
  }
  return Number(value);
}

export function parseArguments(argv: string[]): Arguments {
  const args = [...argv];
  const command = args.shift();
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (command !== 'check' && command !== 'query') throw new UsageError(`unknown command "${command}"`);
  const check: CheckArguments = { command: 'check', dir: '.', format: 'table', ssl: false, failOn: 'error', exclude: [] };
  let dirGiven = false;
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? args.shift();
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--json':
        check.format = 'json';
        break;
      case '--sarif':
        check.format = 'sarif';
        break;
      case '--max-connections':
        check.maxConnections = positiveInteger(flag, value());
        break;
      case '--threshold': {
        const threshold = Number(value());
        if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 100) throw new UsageError('--threshold needs a percentage between 1 and 100');
        check.threshold = threshold;
        break;
      }
      case '--cores':
        check.cores = positiveInteger(flag, value());
        break;
      case '--env':
        check.environment = value();
        break;
      case '--env-prefix':
        check.envPrefix = value();
        break;
      case '--exclude':
        check.exclude.push(value());
        break;
      case '--database':
        check.database = value();
        break;
      case '--ssl':
        check.ssl = true;
        break;
      case '--ssl-ca':
        check.sslCa = value();
        break;
      case '--fail-on': {
        const failOn = value();
        if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') throw new UsageError('--fail-on takes error, warning or never');
        check.failOn = failOn;
        break;
      }
      case '--help':
      case '-h':
        return { command: 'help' };
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (command === 'query' || dirGiven) throw new UsageError(`unexpected argument "${arg}"`);
        check.dir = arg;
        dirGiven = true;
    }
  }
  if (command === 'query') {
    if (check.format === 'sarif') throw new UsageError('query prints a table or --json');
    if (!check.database) throw new UsageError('query needs --database mysql://user@host:port');
    return { command: 'query', database: check.database, ssl: check.ssl, sslCa: check.sslCa, format: check.format };
  }
  return check;
}
