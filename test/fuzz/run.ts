// Seeded mutation fuzzer of the analysis core (issue 7).
//
//   node out/test/fuzz/run.js [--seed N] [--count N] [--reader NAME]   fuzz (count per reader, default 20000)
//   node out/test/fuzz/run.js --reader NAME --seed N --index I         run one input again
//   node out/test/fuzz/run.js --replay FILE --reader NAME              replay a saved input (.txt or .json)
//   node out/test/fuzz/run.js --replay FILE --minimize                   … and shrink it while its first problem stays
//
// The inputs run in a worker thread watched by the main thread: an input that hangs (no progress
// for HANG_MS) or kills the worker is recorded, and the worker restarts after it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { isReader, READERS, ROOT, targetsOf, type ReaderName, type Target } from './corpus';
import { runInput, TIME_LIMIT_MS, topFrame, type FailureKind, type Outcome, type Problem } from './check';
import { wholeNumber } from './cliArgs';
import { swallowedStack } from './diagnose';
import { fuzzInput } from './mutate';
import type { Settings } from '../../src-shared/types';

const HANG_MS = 30_000;
const FILES_PER_FAILURE = 3;
const FAILURE_DIR = join(ROOT, '.fuzz/failures');

interface Options {
  seed: number;
  count: number;
  readers: ReaderName[];
  replay?: string;
  index?: number;
  target?: string;
  minimize?: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { seed: Date.now() % 100_000, count: 20_000, readers: [...READERS] };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    const number = () => wholeNumber(argv[i], argv[++i], usage);
    switch (argv[i]) {
      case '--seed':
        options.seed = number();
        break;
      case '--count':
        options.count = number();
        break;
      case '--index':
        options.index = number();
        break;
      case '--reader':
        if (!value || !value.split(',').every(isReader)) usage(`--reader is one of ${READERS.join(', ')}`);
        options.readers = value.split(',') as ReaderName[];
        i++;
        break;
      case '--replay':
        if (!value) usage('--replay needs a file');
        options.replay = value;
        i++;
        break;
      case '--minimize':
        options.minimize = true;
        break;
      case '--target':
        options.target = value;
        i++;
        break;
      default:
        usage(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

function usage(message: string): never {
  console.error(`fuzz: ${message}\nusage: run.js [--seed N] [--count N] [--reader ${READERS.join('|')}]\n       run.js --reader NAME --seed N --index I\n       run.js --replay FILE --reader NAME [--target WORKSPACE:FILE] [--minimize]`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Worker: runs the inputs

interface WorkerJob {
  seed: number;
  count: number;
  readers: ReaderName[];
  /** Where to resume: reader position in `readers` and input index. */
  resume: { reader: number; index: number };
  progress: SharedArrayBuffer;
}

export type Message =
  | { type: 'failure'; reader: ReaderName; index: number; workspace: string; file: string; text: string; settings: Partial<Settings>; ms: number; problems: Problem[] }
  | { type: 'done'; reader: ReaderName; ran: number; slowest: number; slowestIndex: number; fixesChecked: number; parsing: number; ms: number };

/** Checks one input, with the stack of a swallowed reader error when there is one. */
function check(target: Target, text: string, settings: Partial<Settings>): Outcome {
  const outcome = runInput({ target, text, settings }, { fixes: true });
  for (const problem of outcome.problems) {
    if (problem.kind === 'swallowed') problem.stack = swallowedStack(target.file, text);
  }
  return outcome;
}

function workerMain(job: WorkerJob): void {
  process.setSourceMapsEnabled(true);
  const progress = new Int32Array(job.progress);
  const post = (message: Message) => parentPort!.postMessage(message);
  for (let r = job.resume.reader; r < job.readers.length; r++) {
    const reader = job.readers[r];
    const started = performance.now();
    let slowest = 0;
    let slowestIndex = -1;
    let fixesChecked = 0;
    let parsing = 0;
    const first = r === job.resume.reader ? job.resume.index : 0;
    // Warm-up, untimed by the limit: the seed files themselves (this also loads TypeScript).
    for (const target of targetsOf(reader)) {
      const outcome = check(target, target.files[target.file], {});
      if (outcome.problems.length && first === 0) {
        post({ type: 'failure', reader, index: -1, workspace: target.workspace, file: target.file, text: target.files[target.file], settings: {}, ms: outcome.ms, problems: outcome.problems });
      }
    }
    for (let index = first; index < job.count; index++) {
      Atomics.store(progress, 0, r);
      Atomics.store(progress, 1, index);
      Atomics.add(progress, 2, 1);
      const input = fuzzInput(reader, job.seed, index);
      const outcome = check(input.target, input.text, input.settings);
      if (outcome.ms > slowest) [slowest, slowestIndex] = [outcome.ms, index];
      fixesChecked += outcome.fixesChecked;
      if (outcome.fixesChecked > 0) parsing++;
      if (outcome.problems.length) {
        post({ type: 'failure', reader, index, workspace: input.target.workspace, file: input.target.file, text: input.text, settings: input.settings, ms: outcome.ms, problems: outcome.problems });
      }
    }
    post({ type: 'done', reader, ran: job.count - first, slowest, slowestIndex, fixesChecked, parsing, ms: performance.now() - started });
  }
}

// ---------------------------------------------------------------------------------------------
// Main thread: watches the worker, dedupes and saves failures, prints the summary

interface Distinct {
  kind: FailureKind;
  message: string;
  frame: string;
  stack?: string;
  count: number;
  /** Inputs with a lone CR line break (LSP counts it as a line end; `\n`-only line indexes do not). */
  loneCr: number;
  readers: Set<ReaderName>;
  examples: Array<{ reader: ReaderName; index: number; file: string; detail?: string; saved?: string; length: number }>;
  shortest?: { message: Extract<Message, { type: 'failure' }>; };
}

function saveInput(seed: number, failure: Extract<Message, { type: 'failure' }>, suffix = ''): string {
  mkdirSync(FAILURE_DIR, { recursive: true });
  const name = `${failure.reader}-${seed}-${failure.index < 0 ? 'seedfile' : failure.index}${suffix}`;
  const path = join(FAILURE_DIR, `${name}.txt`);
  writeFileSync(path, failure.text);
  const { text, ...meta } = failure;
  writeFileSync(join(FAILURE_DIR, `${name}.json`), JSON.stringify({ seed, ...meta, text }, null, 2));
  return path;
}

function fuzzMain(options: Options): void {
  const started = performance.now();
  const distinct = new Map<string, Distinct>();
  const stats = new Map<ReaderName, Extract<Message, { type: 'done' }>>();
  const extra = new Map<ReaderName, number>();
  const progress = new SharedArrayBuffer(12);
  const view = new Int32Array(progress);
  console.log(`fuzz: seed ${options.seed}, ${options.count} inputs per reader, readers ${options.readers.join(', ')}; limit ${TIME_LIMIT_MS} ms per input`);

  const record = (failure: Extract<Message, { type: 'failure' }>) => {
    for (const problem of failure.problems) {
      const frame = topFrame(problem.stack);
      const key = `${problem.kind}|${problem.message}|${frame}`;
      let entry = distinct.get(key);
      if (!entry) {
        entry = { kind: problem.kind, message: problem.message, frame, stack: problem.stack, count: 0, loneCr: 0, readers: new Set(), examples: [] };
        distinct.set(key, entry);
      }
      entry.count++;
      if (/\r(?!\n)/.test(failure.text)) entry.loneCr++;
      entry.readers.add(failure.reader);
      if (entry.examples.length < FILES_PER_FAILURE) {
        const saved = saveInput(options.seed, failure);
        entry.examples.push({ reader: failure.reader, index: failure.index, file: `${failure.workspace}:${failure.file}`, detail: problem.detail, saved, length: failure.text.length });
        console.log(`FAIL ${problem.kind} ${failure.reader} seed ${options.seed} index ${failure.index} (${failure.workspace}:${failure.file}, ${failure.ms.toFixed(1)} ms): ${problem.message}${problem.detail ? ` — ${problem.detail.slice(0, 300)}` : ''}\n     saved ${saved}`);
      }
      if (!entry.shortest || failure.text.length < entry.shortest.message.text.length) entry.shortest = { message: failure };
    }
  };

  const spawn = (resume: WorkerJob['resume']) => {
    Atomics.store(view, 0, resume.reader);
    Atomics.store(view, 1, resume.index);
    const job: WorkerJob = { seed: options.seed, count: options.count, readers: options.readers, resume, progress };
    const worker = new Worker(__filename, { workerData: job, execArgv: ['--enable-source-maps'], resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    let lastTick = Atomics.load(view, 2);
    let lastChange = performance.now();
    let finished = false;
    const restartAfter = (kind: FailureKind, message: string) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      const reader = options.readers[Atomics.load(view, 0)];
      const index = Atomics.load(view, 1);
      const input = fuzzInput(reader, options.seed, index);
      record({ type: 'failure', reader, index, workspace: input.target.workspace, file: input.target.file, text: input.text, settings: input.settings, ms: performance.now() - lastChange, problems: [{ kind, message }] });
      // The inputs this worker ran of the reader it died in (its counts died with it).
      const firstIndex = Atomics.load(view, 0) === resume.reader ? resume.index : 0;
      extra.set(reader, (extra.get(reader) ?? 0) + index - firstIndex + 1);
      if (index + 1 < options.count) spawn({ reader: Atomics.load(view, 0), index: index + 1 });
      else if (Atomics.load(view, 0) + 1 < options.readers.length) spawn({ reader: Atomics.load(view, 0) + 1, index: 0 });
      else summary();
    };
    const watchdog = setInterval(() => {
      const tick = Atomics.load(view, 2);
      if (tick !== lastTick) [lastTick, lastChange] = [tick, performance.now()];
      else if (performance.now() - lastChange > HANG_MS) {
        void worker.terminate();
        restartAfter('hang', `no result after ${HANG_MS / 1000} s`);
      }
    }, 500);
    worker.on('message', (message: Message) => {
      if (message.type === 'failure') record(message);
      else {
        const before = stats.get(message.reader);
        if (!before) stats.set(message.reader, message);
        else {
          const slower = message.slowest > before.slowest ? message : before;
          stats.set(message.reader, {
            ...message,
            ran: before.ran + message.ran,
            fixesChecked: before.fixesChecked + message.fixesChecked,
            parsing: before.parsing + message.parsing,
            ms: before.ms + message.ms,
            slowest: slower.slowest,
            slowestIndex: slower.slowestIndex,
          });
        }
      }
    });
    worker.on('error', (error) => restartAfter('crash', `the worker died: ${error.message.split('\n')[0]}`));
    worker.on('exit', () => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      summary();
    });
  };

  const summary = () => {
    const seconds = (performance.now() - started) / 1000;
    let total = 0;
    console.log(`\nfuzz summary (seed ${options.seed}, ${seconds.toFixed(1)} s)`);
    console.log('reader       inputs   parsing+fixes   fixes checked   slowest');
    for (const reader of options.readers) {
      const s = stats.get(reader);
      const ran = (s?.ran ?? 0) + (extra.get(reader) ?? 0);
      total += ran;
      const slowest = s ? `${s.slowest.toFixed(1)} ms (index ${s.slowestIndex})` : '-';
      console.log(`${reader.padEnd(12)} ${String(ran).padStart(6)}   ${String(s?.parsing ?? 0).padStart(13)}   ${String(s?.fixesChecked ?? 0).padStart(13)}   ${slowest}`);
    }
    console.log(`total inputs: ${total}`);
    console.log(`distinct failures: ${distinct.size}`);
    for (const entry of distinct.values()) {
      const shortest = entry.shortest!.message;
      const saved = saveInput(options.seed, shortest);
      console.log(`\n[${entry.kind}] ${entry.message}\n  at ${entry.frame || '(no stack)'}\n  ${entry.count} inputs (${[...entry.readers].join(', ')}; ${entry.loneCr} with a lone CR); shortest: ${shortest.reader} index ${shortest.index}, ${shortest.text.length} chars, ${saved}`);
      for (const example of entry.examples) console.log(`  e.g. ${example.reader} index ${example.index} ${example.file}${example.detail ? `: ${example.detail.slice(0, 200)}` : ''}`);
    }
    process.exitCode = distinct.size > 0 ? 1 : 0;
  };

  spawn({ reader: 0, index: 0 });
}

// ---------------------------------------------------------------------------------------------
// One input: --index or --replay

function targetFor(reader: ReaderName, spec: string | undefined): Target {
  const targets = targetsOf(reader);
  if (!spec) return targets[0];
  const found = targets.find((target) => `${target.workspace}:${target.file}` === spec || target.file === spec);
  if (!found) usage(`--target is one of ${targets.map((target) => `${target.workspace}:${target.file}`).join(', ')}`);
  return found;
}

function runOne(reader: ReaderName, target: Target, text: string, settings: Partial<Settings>, label: string): void {
  process.setSourceMapsEnabled(true);
  for (const warm of targetsOf(reader)) runInput({ target: warm, text: warm.files[warm.file], settings: {} });
  const outcome = check(target, text, settings);
  console.log(`${label}: ${target.workspace}:${target.file}, ${text.length} chars, settings ${JSON.stringify(settings)}, ${outcome.ms.toFixed(1)} ms, ${outcome.fixesChecked} fixes checked`);
  for (const problem of outcome.problems) {
    console.log(`[${problem.kind}] ${problem.message}${problem.detail ? `\n  ${problem.detail}` : ''}${problem.stack ? `\n${problem.stack}` : ''}`);
  }
  if (outcome.problems.length === 0) console.log('ok');
  process.exitCode = outcome.problems.length > 0 ? 1 : 0;
}

/** Delta debugging: drops ever smaller chunks of the text while the same problem still shows. */
function minimize(target: Target, text: string, settings: Partial<Settings>, problem: Problem): string {
  const same = (candidate: string) =>
    runInput({ target, text: candidate, settings }, { fixes: problem.kind === 'fix' }).problems.some(
      (found) => found.kind === problem.kind && found.message === problem.message,
    );
  let current = text;
  for (let chunk = Math.max(1, current.length >> 1); chunk >= 1; chunk >>= 1) {
    for (let start = 0; start < current.length; ) {
      const candidate = current.slice(0, start) + current.slice(start + chunk);
      if (same(candidate)) current = candidate;
      else start += chunk;
    }
  }
  return current;
}

function replay(options: Options): void {
  const file = options.replay!;
  if (!existsSync(file)) usage(`no such file ${file}`);
  const metaPath = file.endsWith('.json') ? file : file.endsWith('.txt') ? file.replace(/(\.min)?\.txt$/, '.json') : undefined;
  const meta = metaPath && existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as { reader?: ReaderName; workspace?: string; file?: string; settings?: Partial<Settings>; text?: string }) : {};
  const reader = options.readers.length === 1 ? options.readers[0] : meta.reader;
  if (!reader) usage('--replay needs --reader NAME');
  const text = file.endsWith('.json') ? meta.text ?? '' : readFileSync(file, 'utf8');
  const target = targetFor(reader, options.target ?? (meta.workspace ? `${meta.workspace}:${meta.file}` : undefined));
  runOne(reader, target, text, meta.settings ?? {}, `replay ${basename(file)}`);
  if (!options.minimize) return;
  const first = runInput({ target, text, settings: meta.settings ?? {} }, { fixes: true }).problems[0];
  if (!first) return;
  const small = minimize(target, text, meta.settings ?? {}, first);
  const out = file.replace(/\.(txt|json)$/, '.min.txt');
  writeFileSync(out, small);
  console.log(`minimized for [${first.kind}] ${first.message}: ${text.length} → ${small.length} chars, ${out}\n${JSON.stringify(small)}`);
}

if (!isMainThread) {
  workerMain(workerData as WorkerJob);
} else if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  if (options.replay) replay(options);
  else if (options.index !== undefined) {
    if (options.readers.length !== 1) usage('--index needs one --reader');
    const input = fuzzInput(options.readers[0], options.seed, options.index);
    runOne(input.reader, input.target, input.text, input.settings, `${input.reader} seed ${input.seed} index ${input.index} (mutations ${input.ops.join(',')})`);
  } else fuzzMain(options);
}
