// CLI cold runs: `node cli.js check DIR --json` (the measured production build, bench/bundles.ts),
// one new process per run. Wall seconds are
// measured around the spawn (process start to exit); peak RSS from `/usr/bin/time -v` (maximum
// resident set size), else by polling VmHWM in /proc/PID/status. The JSON output is checked.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measuredBundle } from './bundles';
import { round, summarize, type Summary } from './stats';

export const REPO_ROOT = join(__dirname, '..', '..');
const TIME = '/usr/bin/time';

export interface CliRun {
  wallSeconds: number;
  rssMB: number;
  /** User + system CPU seconds (from /usr/bin/time; null without it). */
  cpuSeconds: number | null;
  exitCode: number;
}

export interface CliFigure {
  files: number;
  dir: string;
  wallSeconds: number;
  rssMB: number;
  wall: Summary;
  rss: Summary;
  /** CPU seconds: less sensitive than wall time to other load on the machine. */
  cpu: Summary | null;
  /** What the report held (from the last run): proof the run did the work. */
  report: { servers: number; deployments: number; findings: number; skipped: number; exitCode: number };
  runs: CliRun[];
}

function pollPeakRss(pid: number, onPeak: (kb: number) => void): () => void {
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) onPeak(Number(match[1]));
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(read, 5);
  return () => clearInterval(timer);
}

/** One cold run; resolves with the wall time, the peak RSS and the report it printed. */
export function runCli(dir: string, outFile: string): Promise<{ run: CliRun; stdout: string }> {
  const useTime = existsSync(TIME);
  const cli = measuredBundle('cli.js');
  const args = ['check', dir, '--json'];
  const command = useTime ? TIME : process.execPath;
  const commandArgs = useTime ? ['-v', process.execPath, cli, ...args] : [cli, ...args];
  const out = openSync(outFile, 'w');
  return new Promise((resolve, reject) => {
    let stderr = '';
    let peakKb = 0;
    const start = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { cwd: REPO_ROOT, stdio: ['ignore', out, 'pipe'] });
    const stopPolling = useTime ? () => undefined : pollPeakRss(child.pid!, (kb) => (peakKb = Math.max(peakKb, kb)));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      stopPolling();
      closeSync(out);
      let cpuSeconds: number | null = null;
      if (useTime) {
        const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (match) peakKb = Number(match[1]);
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        if (user && system) cpuSeconds = round(Number(user[1]) + Number(system[1]), 2);
      }
      const exitCode = code ?? -1;
      // 0 clean, 1 findings at or above --fail-on: both are complete reports.
      if (exitCode !== 0 && exitCode !== 1) {
        reject(new Error(`cli exited ${exitCode} on ${dir}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ run: { wallSeconds: round(wallSeconds, 3), rssMB: round(peakKb / 1024, 1), cpuSeconds, exitCode }, stdout: readFileSync(outFile, 'utf8') });
    });
  });
}

export async function cliFigure(dir: string, files: number, runs: number): Promise<{ figure: CliFigure; report: unknown }> {
  const temp = mkdtempSync(join(tmpdir(), 'cb-bench-'));
  const outFile = join(temp, 'report.json');
  try {
    // One untimed run first, so that every timed run reads the files from the page cache:
    // "cold" here means a new process (no JIT, no module cache), not a cold disk.
    await runCli(dir, outFile);
    const measured: CliRun[] = [];
    let stdout = '';
    for (let i = 0; i < runs; i++) {
      const result = await runCli(dir, outFile);
      measured.push(result.run);
      stdout = result.stdout;
    }
    const report = JSON.parse(stdout) as { servers: unknown[]; deployments: unknown[]; findings: unknown[]; skipped?: unknown[] };
    if (files >= 100 && report.deployments.length === 0) throw new Error(`cli found no deployments in ${dir}`);
    const wall = summarize(measured.map((run) => run.wallSeconds));
    const rss = summarize(measured.map((run) => run.rssMB), 1);
    const cpuRuns = measured.map((run) => run.cpuSeconds);
    const cpu = cpuRuns.every((value): value is number => value !== null) ? summarize(cpuRuns, 2) : null;
    const figure: CliFigure = {
      files,
      dir,
      wallSeconds: wall.median,
      rssMB: rss.median,
      wall,
      rss,
      cpu,
      report: {
        servers: report.servers.length,
        deployments: report.deployments.length,
        findings: report.findings.length,
        skipped: report.skipped?.length ?? 0,
        exitCode: measured[measured.length - 1].exitCode,
      },
      runs: measured,
    };
    return { figure, report };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
