// The benchmark: `npm run bench` (all figures, bench/results.json + bench/results.md) or
// `npm run bench -- --quick` (sizes 100 and 1,000, fewer runs; bench/results.quick.json + .md).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, relative } from 'node:path';
import { buildMeasuredBundles, MEASURED_BUNDLES } from './bundles';
import { cliFigure, REPO_ROOT, type CliFigure } from './cliBench';
import { BENCH_DIR, generateBigManifestWorkspace, generateBigTypeScriptWorkspace, generateWorkspace, type GeneratedWorkspace } from './generate';
import { activationFigure, vsixFigure, type ActivationFigure } from './packaging';
import type { RatioFigure } from './parseRatio';
import { formatMarkdown } from './report';
import { firstHintFigure, firstHoverYamlLanguageServer, serverAnswers, warmWorkspaceFigures, type FirstHintFigure, type Report, type WarmFigures } from './serverBench';
import { round, summarize, type Percentiles, type Summary } from './stats';

export const TARGETS = {
  parseRatio: 1.3,
  cliWallSeconds10000: 5,
  cliRssMB10000: 300,
  firstHintRatio: 1 / 3,
  editP95Ms: 20,
  requestP95Ms: 5,
  /** 3 MB, as 3 × 1,000,000 bytes: the stricter reading of "MB". */
  vsixBytes: 3_000_000,
};

interface Plan {
  quick: boolean;
  sizes: number[];
  ratioRuns: number;
  ratioWarmup: number;
  ratioWarmupMs: number;
  cliRuns: number;
  firstHintRuns: number;
  warmSize: number;
  edits: number;
  requests: number;
  activationRuns: number;
}

const FULL: Plan = { quick: false, sizes: [100, 1000, 10000], ratioRuns: 31, ratioWarmup: 20, ratioWarmupMs: 3000, cliRuns: 5, firstHintRuns: 7, warmSize: 10000, edits: 60, requests: 250, activationRuns: 7 };
const QUICK: Plan = { quick: true, sizes: [100, 1000], ratioRuns: 5, ratioWarmup: 3, ratioWarmupMs: 1000, cliRuns: 3, firstHintRuns: 3, warmSize: 1000, edits: 20, requests: 50, activationRuns: 3 };

export interface Results {
  generatedAt: string;
  quick: boolean;
  durationSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryMB: number;
    node: string;
    platform: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  /** The bundles measured (bench/bundles.ts). */
  bundles: string;
  targets: typeof TARGETS;
  workspaces: Array<{ name: string; files: number; bytes: number }>;
  parseRatio: {
    yaml: number | null;
    typescript: number | null;
    gcExposed?: boolean;
    details: { yaml?: RatioFigure; typescript?: RatioFigure };
    note?: string;
  };
  cli: CliFigure[];
  firstHint: Omit<Partial<FirstHintFigure>, 'oursMs' | 'yamlLanguageServerMs' | 'ratio'> & { oursMs: number | null; yamlLanguageServerMs: number | null; ratio: number | null; note?: string };
  editMs: (Percentiles & { hintMs: Percentiles; diagnosticsMs: Percentiles; hintsChanged: number; diagnosticsMissing: number; targets: unknown }) | null;
  inlayHintMs: Percentiles | null;
  hoverMs: (Percentiles & { withContent: number }) | null;
  warmWorkspace: { files: number; indexMs: number; reopenedIndexMs: number; serverRssMB: number | null; hintFiles: number } | null;
  serverNote?: string;
  vsixBytes: number | null;
  vsixNote: string;
  clientActivation: ActivationFigure;
  notes: string[];
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function parseRatios(plan: Plan): Results['parseRatio'] {
  const script = join(__dirname, 'parseRatio.js');
  const ratio: Results['parseRatio'] = { yaml: null, typescript: null, details: {} };
  const notes: string[] = [];
  for (const kind of ['yaml', 'typescript'] as const) {
    const result = spawnSync(process.execPath, ['--expose-gc', script, '--kind', kind, '--runs', String(plan.ratioRuns), '--warmup', String(plan.ratioWarmup), '--warmup-ms', String(plan.ratioWarmupMs), '--json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
    if (result.status !== 0) {
      notes.push(`${kind} failed: ${(result.stderr || String(result.error)).trim().slice(-600)}`);
      continue;
    }
    const parsed = JSON.parse(result.stdout) as { gcExposed: boolean; yaml?: RatioFigure; typescript?: RatioFigure };
    const figure = parsed[kind]!;
    ratio[kind] = figure.ratio.median;
    ratio.details[kind] = figure;
    ratio.gcExposed = parsed.gcExposed;
  }
  if (notes.length > 0) ratio.note = notes.join('; ');
  return ratio;
}

async function theirsOnly(folder: string, manifest: string, runs: number): Promise<Summary> {
  await firstHoverYamlLanguageServer(folder, manifest);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await firstHoverYamlLanguageServer(folder, manifest)).ms);
  return summarize(times, 1);
}

export async function runBenchmark(plan: Plan): Promise<Results> {
  const started = performance.now();
  buildMeasuredBundles();
  const bundles = `production build, as in the VSIX (minified, no source maps): ${relative(REPO_ROOT, MEASURED_BUNDLES)}/`;
  const loadAverageBefore = os.loadavg().map((value) => round(value, 2));
  const notes: string[] = [];

  log(`connection-budget bench${plan.quick ? ' --quick' : ''}: generating workspaces…`);
  const workspaces: GeneratedWorkspace[] = plan.sizes.map((size) => generateWorkspace(size));
  const manifestWs = generateBigManifestWorkspace();
  const typescriptWs = generateBigTypeScriptWorkspace();
  const describe = (ws: GeneratedWorkspace) => ({ name: relative(REPO_ROOT, ws.dir), files: ws.files, bytes: ws.bytes });

  log(`parse ratio (${plan.ratioRuns} interleaved runs after ${plan.ratioWarmup} warm-up rounds)…`);
  const parseRatio = parseRatios(plan);
  log(`  yaml ${parseRatio.yaml}, typescript ${parseRatio.typescript}${parseRatio.note ? ` (${parseRatio.note})` : ''}`);

  const cli: CliFigure[] = [];
  let warmReport: Report | undefined;
  for (const ws of workspaces) {
    log(`cli check on ${ws.files} files (${plan.cliRuns} cold runs)…`);
    const { figure, report } = await cliFigure(ws.dir, ws.files, plan.cliRuns);
    figure.dir = relative(REPO_ROOT, figure.dir);
    cli.push(figure);
    if (ws.files === plan.warmSize) warmReport = report as Report;
    log(`  ${figure.wallSeconds} s, ${figure.rssMB} MB (${figure.report.deployments} deployments, ${figure.report.findings} findings)`);
  }

  const server = await serverAnswers(manifestWs.dir);
  let firstHint: Results['firstHint'];
  let editMs: Results['editMs'] = null;
  let inlayHintMs: Results['inlayHintMs'] = null;
  let hoverMs: Results['hoverMs'] = null;
  let warmWorkspace: Results['warmWorkspace'] = null;
  let serverNote: string | undefined;
  if (server.ok) {
    log(`first hint vs yaml-language-server's first hover (${plan.firstHintRuns} runs, alternating)…`);
    const figure = await firstHintFigure(manifestWs.dir, manifestWs.manifest, plan.firstHintRuns, !plan.quick);
    firstHint = figure;
    log(`  ours ${figure.oursMs} ms (reopened ${figure.reopened.oursMs} ms), yaml-language-server ${figure.yamlLanguageServerMs} ms, ratio ${figure.ratio} (reopened ${figure.reopened.ratio})`);
    const warmWs = workspaces.find((ws) => ws.files === plan.warmSize)!;
    log(`warm workspace of ${warmWs.files} files: ${plan.edits} edits, ${plan.requests} hint + hover requests…`);
    try {
      const warm: WarmFigures = await warmWorkspaceFigures(warmWs.dir, warmWs.files, warmReport!, plan.edits, plan.requests, log);
      editMs = { ...warm.edit.ms, hintMs: warm.edit.hintMs, diagnosticsMs: warm.edit.diagnosticsMs, hintsChanged: warm.edit.hintsChanged, diagnosticsMissing: warm.edit.diagnosticsMissing, targets: warm.edit.targets };
      inlayHintMs = warm.inlayHintMs;
      hoverMs = { ...warm.hoverMs, withContent: warm.hoversWithContent };
      warmWorkspace = { files: warm.workspaceFiles, indexMs: warm.indexMs, reopenedIndexMs: warm.reopenedIndexMs, serverRssMB: warm.serverRssMB, hintFiles: warm.hintFiles };
      log(`  edit p50 ${editMs.p50} ms p95 ${editMs.p95} ms; inlay hint p95 ${inlayHintMs.p95} ms; hover p95 ${hoverMs.p95} ms`);
    } catch (error) {
      serverNote = `warm-workspace figures failed: ${(error as Error).message.slice(0, 600)}`;
      log(`  ${serverNote}`);
    }
  } else {
    serverNote = server.reason;
    log(`language server not measured: ${server.reason}; measuring yaml-language-server alone`);
    const theirs = await theirsOnly(manifestWs.dir, manifestWs.manifest, plan.firstHintRuns);
    firstHint = { oursMs: null, yamlLanguageServerMs: theirs.median, ratio: null, yamlLanguageServer: theirs, note: server.reason };
  }

  log('vsix and client load…');
  const vsix = vsixFigure(!plan.quick);
  const clientActivation = activationFigure(plan.activationRuns);

  notes.push(
    'Times are wall-clock on a shared machine; see machine.loadAverage* for the load during the run.',
    'CLI: "cold" is a new Node process per run; one untimed run first puts the files in the page cache.',
    "First hint: each run spawns both servers; yaml-language-server runs with the schema store off (no internet here), so its hover finds no schema and answers null after parsing the file: its fastest case.",
  );
  if (plan.quick) notes.push('--quick: sizes 100 and 1,000, fewer runs, warm-workspace figures on 1,000 files, no packaging. Not comparable with results.json.');

  return {
    generatedAt: new Date().toISOString(),
    bundles,
    quick: plan.quick,
    durationSeconds: round((performance.now() - started) / 1000, 1),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMB: Math.round(os.totalmem() / 1024 / 1024),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverageBefore,
      loadAverageAfter: os.loadavg().map((value) => round(value, 2)),
    },
    targets: TARGETS,
    workspaces: [...workspaces, manifestWs, typescriptWs].map(describe),
    parseRatio,
    cli,
    firstHint,
    editMs,
    inlayHintMs,
    hoverMs,
    warmWorkspace,
    serverNote,
    vsixBytes: vsix.vsixBytes,
    vsixNote: vsix.note,
    clientActivation,
    notes,
  };
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  runBenchmark(quick ? QUICK : FULL).then(
    (results) => {
      const base = join(BENCH_DIR, quick ? 'results.quick' : 'results');
      writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(`${base}.md`, formatMarkdown(results));
      log(`wrote ${relative(REPO_ROOT, base)}.json and .md in ${results.durationSeconds} s`);
    },
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
