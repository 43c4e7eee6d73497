import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyzeWorkspace } from '../src-shared/analyzeWorkspace';
import { severityRank } from '../src-shared/findings';
import { toJsonReport } from '../src-shared/report';
import { settingsFrom } from '../src-shared/settings';
import type { Analysis } from '../src-shared/types';
import { useBundledTypeScript } from '../src-node/typescriptBundle';
import { readWorkspace } from '../src-node/workspaceFiles';
import { formatProbeReport } from '../src-node/database/format';
import type { ProbeResult } from '../src-node/database/probe';
import { parseArguments, UsageError, USAGE, type CheckArguments, type QueryArguments } from './arguments';
import { probeOptions, promptHidden, queryDatabase, type DatabaseArguments } from './database';
import { toSarif } from './sarif';
import { formatTable, styleFor } from './table';

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  prompt?: (question: string) => Promise<string>;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  env: process.env,
  prompt: process.stdin.isTTY ? promptHidden : undefined,
};

/** The exit status when the database could not be queried. */
const DATABASE_FAILED = 3;

async function probe(args: DatabaseArguments, io: Io): Promise<ProbeResult | number> {
  const options = await probeOptions(args, {
    env: io.env,
    prompt: io.prompt,
    warn: (text) => io.stderr(`connection-budget: warning: ${text}\n`),
  });
  const { result, error } = await queryDatabase(options);
  if (!result) {
    io.stderr(`connection-budget: ${error}\n`);
    return DATABASE_FAILED;
  }
  return result;
}

async function query(args: QueryArguments, io: Io): Promise<number> {
  const result = await probe(args, io);
  if (typeof result === 'number') return result;
  io.stdout(args.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatProbeReport(result));
  return 0;
}

/** "The server has seen 61 at peak; these deployments account for 58", beside the live figures. */
function liveLines(analysis: Analysis, live: ProbeResult): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (const server of analysis.servers) {
    if (server.maxConnectionsSource !== 'database') continue;
    const seen = live.maxUsedConnections === null ? 'the server does not report its peak' : `the server has seen ${live.maxUsedConnections} at peak`;
    lines.set(server.id, [
      `live: Threads_connected ${live.threadsConnected ?? 'not available'}, Max_used_connections ${live.maxUsedConnections ?? 'not available'} (${live.server.host}:${live.server.port}, ${live.server.version})`,
      `${seen}; these deployments account for ${server.peak ?? 'an unknown number'}`,
    ]);
  }
  return lines;
}

export function failingFindings(analysis: Analysis, failOn: CheckArguments['failOn']): number {
  if (failOn === 'never') return 0;
  const threshold = severityRank(failOn);
  return analysis.findings.filter((finding) => severityRank(finding.severity) >= threshold).length;
}

async function check(args: CheckArguments, io: Io): Promise<number> {
  const root = path.resolve(args.dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    io.stderr(`connection-budget: ${args.dir} is not a readable folder\n`);
    return 2;
  }
  let live: ProbeResult | undefined;
  if (args.database) {
    const result = await probe({ database: args.database, ssl: args.ssl, sslCa: args.sslCa }, io);
    if (typeof result === 'number') return result;
    live = result;
  }
  const settings = settingsFrom({
    live: live?.maxConnections ? [{ host: live.server.host, port: live.server.port, maxConnections: live.maxConnections }] : [],
    maxConnections: args.maxConnections,
    threshold: args.threshold,
    assumedCpuCores: args.cores,
    environment: args.environment,
    envPrefix: args.envPrefix,
  });
  const facts = await readWorkspace(root, { exclude: args.exclude });
  const analysis = analyzeWorkspace(facts, settings);
  if (args.format === 'json') {
    const report = live ? { ...toJsonReport(analysis), live } : toJsonReport(analysis);
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else if (args.format === 'sarif') io.stdout(`${JSON.stringify(toSarif(analysis, VERSION), null, 2)}\n`);
  else io.stdout(formatTable(analysis, args.dir, styleFor(io.isTty), live ? liveLines(analysis, live) : undefined));
  return failingFindings(analysis, args.failOn) > 0 ? 1 : 0;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const args = parseArguments(argv);
    switch (args.command) {
      case 'help':
        io.stdout(`${USAGE}\n`);
        return 0;
      case 'version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case 'query':
        return await query(args, io);
      case 'check':
        return await check(args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`connection-budget: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  useBundledTypeScript(__dirname);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`connection-budget: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
