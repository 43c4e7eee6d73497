// A very small test harness for the extension host: named checks run one after the other, each
// with a timeout and its own cleanups; the results go to a JSON file after every check (`done`
// false while running, true at the end), so that a runner outside the editor can report them,
// and tell which check hung when the file stops changing.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CheckResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  error?: string;
  stack?: string;
}

export interface SuiteResults {
  suite: string;
  done: boolean;
  running?: string;
  startedAt: string;
  durationMs: number;
  passed: number;
  failed: number;
  skipped: number;
  environment: Record<string, unknown>;
  checks: CheckResult[];
}

/** Thrown by a check that cannot run here (its reason is reported; it neither passes nor fails). */
export class SkipCheck extends Error {}

type CheckBody = (cleanup: (fn: () => unknown) => void) => Promise<void>;

interface Check {
  name: string;
  timeoutMs: number;
  body: CheckBody;
}

/** Where results go: CONNECTION_BUDGET_EDITOR_RESULTS, else test-results/editor/ beside the repository's out/. */
export function resultsPath(): string {
  const fromEnv = process.env.CONNECTION_BUDGET_EDITOR_RESULTS;
  if (fromEnv) return path.resolve(fromEnv);
  return path.resolve(__dirname, '../../../../test-results/editor/suite-results.json');
}

function writeAtomically(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class Suite {
  private readonly checks: Check[] = [];

  constructor(
    private readonly name: string,
    private readonly defaultTimeoutMs = 90_000,
  ) {}

  check(name: string, body: CheckBody, timeoutMs = this.defaultTimeoutMs): void {
    this.checks.push({ name, body, timeoutMs });
  }

  /** Runs every check; writes the results file; resolves with the results (never rejects). */
  async run(environment: () => Record<string, unknown>): Promise<SuiteResults> {
    const file = resultsPath();
    const started = Date.now();
    const results: SuiteResults = {
      suite: this.name,
      done: false,
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      environment: {},
      checks: [],
    };
    const save = () => {
      results.durationMs = Date.now() - started;
      results.environment = safe(environment);
      writeAtomically(file, results);
    };
    for (const check of this.checks) {
      results.running = check.name;
      save();
      const t0 = Date.now();
      const cleanups: Array<() => unknown> = [];
      let error: unknown;
      try {
        await withTimeout(
          check.body((fn) => cleanups.push(fn)),
          check.timeoutMs,
          check.name,
        );
      } catch (e) {
        error = e;
      }
      for (const fn of cleanups.reverse()) {
        try {
          await withTimeout(Promise.resolve().then(fn), 30_000, `cleanup of "${check.name}"`);
        } catch (e) {
          error ??= new Error(`cleanup failed: ${messageOf(e)}`);
        }
      }
      const status = error === undefined ? 'passed' : error instanceof SkipCheck ? 'skipped' : 'failed';
      const result: CheckResult = { name: check.name, status, durationMs: Date.now() - t0 };
      if (error !== undefined) {
        result.error = messageOf(error);
        if (status === 'failed' && error instanceof Error && error.stack) result.stack = error.stack.split('\n').slice(0, 8).join('\n');
      }
      results.checks.push(result);
      results[status]++;
      log(`${{ passed: 'ok  ', failed: 'FAIL', skipped: 'SKIP' }[status]} ${check.name} (${result.durationMs} ms)${result.error ? `\n     ${result.error}` : ''}`);
    }
    delete results.running;
    results.done = true;
    save();
    log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped; results in ${file}`);
    return results;
  }
}

function safe(environment: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return environment();
  } catch (e) {
    return { error: messageOf(e) };
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function log(line: string): void {
  // The extension host's console goes to its log (and to the terminal under @vscode/test-electron).
  console.log(`[connection-budget editor suite] ${line}`);
}
