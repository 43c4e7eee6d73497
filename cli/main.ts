import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyzeWorkspace } from '../src-shared/analyzeWorkspace';
import { severityRank } from '../src-shared/findings';
import { toJsonReport } from '../src-shared/report';
import { settingsFrom } from '../src-shared/settings';
import type { Analysis } from '../src-shared/types';
import { readWorkspace } from '../src-node/workspaceFiles';
import { parseArguments, UsageError, USAGE, type CheckArguments } from './arguments';
import { toSarif } from './sarif';
import { formatTable, styleFor } from './table';

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

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
  const settings = settingsFrom({
    maxConnections: args.maxConnections,
    threshold: args.threshold,
    assumedCpuCores: args.cores,
    environment: args.environment,
    envPrefix: args.envPrefix,
  });
  const facts = await readWorkspace(root, { exclude: args.exclude });
  const analysis = analyzeWorkspace(facts, settings);
  if (args.format === 'json') io.stdout(`${JSON.stringify(toJsonReport(analysis), null, 2)}\n`);
  else if (args.format === 'sarif') io.stdout(`${JSON.stringify(toSarif(analysis, VERSION), null, 2)}\n`);
  else io.stdout(formatTable(analysis, args.dir, styleFor(io.isTty)));
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
        io.stderr('connection-budget: query is not available in this build\n');
        return 2;
      case 'check':
        if (args.database) {
          io.stderr('connection-budget: --database is not available in this build\n');
          return 2;
        }
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
