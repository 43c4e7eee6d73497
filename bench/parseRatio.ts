// Parse ratio: the core analysis of one big file (readFileFacts + analyzeWorkspace([facts]))
// against the bare parse of the same text with the same parser modules:
//   YAML:       parseAllDocuments(text, { lineCounter: new LineCounter() })
//   TypeScript: createSourceFile(name, text, ScriptTarget.Latest, false)
// Run in its own process with --expose-gc (run.ts does that): a warm-up of both variants first
// (at least 3 s: the optimising compiler is done), then the variants interleaved (alternating
// order) in each round; CPU time (user + system) and wall time of each call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { LineCounter, parseAllDocuments } from 'yaml';
import { analyzeWorkspace } from '../src-shared/analyzeWorkspace';
import { readFileFacts } from '../src-shared/fileFacts';
import { generateBigManifestWorkspace, generateBigTypeScriptWorkspace } from './generate';
import { round, summarize, type Summary } from './stats';

export interface RatioFigure {
  file: string;
  lines: number;
  bytes: number;
  /**
   * Median of the per-round ratios of CPU time (user + system of the process), with their min
   * and max: on a shared machine, wall time of a 100 ms computation mostly measures the scheduler.
   */
  ratio: Summary;
  /** The same from wall-clock time. */
  wallRatio: Summary;
  bareMs: Summary;
  coreMs: Summary;
  bareWallMs: Summary;
  coreWallMs: Summary;
  /** What the core found, to show it did the real work. */
  found: string;
}

/** Minimum warm-up time per file (--warmup-ms). */
let warmupMs = 3000;

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface Timing {
  cpuMs: number;
  wallMs: number;
}

function time(work: () => unknown): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (result === undefined) throw new Error('no result');
  return { cpuMs: (used.user + used.system) / 1000, wallMs };
}

/** Warm-up: at least `rounds` rounds and at least `minMs` of them, so the optimising compiler is done. */
function warmUp(bare: () => unknown, core: () => unknown, rounds: number, minMs: number): void {
  const start = performance.now();
  for (let i = 0; i < rounds || performance.now() - start < minMs; i++) {
    bare();
    core();
  }
}

function measure(file: string, text: string, bare: () => unknown, core: () => unknown, runs: number, warmup: number, found: string): RatioFigure {
  warmUp(bare, core, warmup, warmupMs);
  // One full collection after the warm-up, none between runs: a collection before each run
  // shrinks the heap, and the next parse then pays for growing it again (3-4x the CPU time of
  // TypeScript's parse here). Interleaving spreads the garbage of one variant over both.
  gc();
  const bareMs: Timing[] = [];
  const coreMs: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first so that drift (GC debt, CPU frequency) does not favour one.
    if (i % 2 === 0) {
      bareMs.push(time(bare));
      coreMs.push(time(core));
    } else {
      coreMs.push(time(core));
      bareMs.push(time(bare));
    }
  }
  return {
    file,
    lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
    bytes: Buffer.byteLength(text),
    ratio: summarize(coreMs.map((core, i) => core.cpuMs / bareMs[i].cpuMs)),
    wallRatio: summarize(coreMs.map((core, i) => core.wallMs / bareMs[i].wallMs)),
    bareMs: summarize(bareMs.map((t) => t.cpuMs)),
    coreMs: summarize(coreMs.map((t) => t.cpuMs)),
    bareWallMs: summarize(bareMs.map((t) => t.wallMs)),
    coreWallMs: summarize(coreMs.map((t) => t.wallMs)),
    found,
  };
}

export function yamlRatio(runs: number, warmup: number): RatioFigure {
  const ws = generateBigManifestWorkspace();
  const file = ws.manifest;
  const text = readFileSync(join(ws.dir, file), 'utf8');
  const bare = () => parseAllDocuments(text, { lineCounter: new LineCounter() });
  const core = () => analyzeWorkspace([readFileFacts(file, text)]);
  const facts = readFileFacts(file, text);
  const analysis = analyzeWorkspace([facts]);
  if (facts.kubernetes.length === 0) throw new Error(`${file}: the core found no Kubernetes objects`);
  const found = `${facts.kubernetes.length} Kubernetes objects, ${analysis.deployments.length} deployments, ${analysis.valueSites.length} value sites`;
  return measure(file, text, bare, core, runs, warmup, found);
}

export function typescriptRatio(runs: number, warmup: number): RatioFigure {
  const ws = generateBigTypeScriptWorkspace();
  const file = ws.module;
  const text = readFileSync(join(ws.dir, file), 'utf8');
  const bare = () => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const core = () => analyzeWorkspace([readFileFacts(file, text)]);
  const facts = readFileFacts(file, text);
  const analysis = analyzeWorkspace([facts]);
  if (!facts.code || facts.code.pools.length === 0) throw new Error(`${file}: the core found no pools`);
  const found = `${facts.code.pools.length} pools, ${facts.code.forks.length} forks, ${analysis.deployments.length} deployments`;
  return measure(file, text, bare, core, runs, warmup, found);
}

// One kind per process (run.ts starts one for each), so that neither inherits the other's heap
// or the optimising compiler's backlog.
if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const runs = Number(option('--runs')) || 15;
  const warmup = Number(option('--warmup')) || 10;
  const kind = option('--kind') ?? 'both';
  warmupMs = Number(option('--warmup-ms') ?? warmupMs);
  const result = {
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    yaml: kind === 'typescript' ? undefined : yamlRatio(runs, warmup),
    typescript: kind === 'yaml' ? undefined : typescriptRatio(runs, warmup),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!args.includes('--json')) {
    for (const figure of [result.yaml, result.typescript]) {
      if (!figure) continue;
      process.stderr.write(
        `${figure.file}: CPU ratio ${figure.ratio.median} [${figure.ratio.min}–${figure.ratio.max}] (bare ${figure.bareMs.median} ms, core ${figure.coreMs.median} ms); wall ratio ${figure.wallRatio.median} [${figure.wallRatio.min}–${figure.wallRatio.max}]; ${round(figure.bytes / 1024, 0)} KB\n`,
      );
    }
  }
}
