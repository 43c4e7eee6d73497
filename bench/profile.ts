// Profiles for the figures that miss their targets, summarised as top frames (self and total
// time, by function and by source file; bundle frames mapped to sources through dist/*.js.map).
//
//   node out/bench/profile.js cli DIR                 CPU profile of `dist/cli.js check DIR --json`
//   node out/bench/profile.js first-hint              server start → first hint on the big manifest
//   node out/bench/profile.js edit [SIZE] [EDITS]     server: index SIZE files, then EDITS edits
//   node out/bench/profile.js summarize FILE.cpuprofile
//   options: --top N (frames shown, default 25), --heap (a heap snapshot of the server, edit only)
//
// Profiles are written to bench/profiles/ (git-ignored by bench/.gitignore).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { REPO_ROOT } from './cliBench';
import { BENCH_DIR, generateBigManifestWorkspace, generateWorkspace } from './generate';
import { fileUri } from './lsp';
import { editTargets, initialize, openDocument, startServer, type Report } from './serverBench';
import { round } from './stats';

const PROFILES = join(BENCH_DIR, 'profiles');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

// --- source maps (only what is needed to map a generated line/column to a source) ------------

const VLQ = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

interface Mapping {
  column: number;
  source: number;
  line: number;
}

class SourceMap {
  private readonly lines: Mapping[][] = [];
  readonly sources: string[];

  constructor(map: { sources: string[]; mappings: string }, mapDir: string) {
    this.sources = map.sources.map((source) => relative(REPO_ROOT, join(mapDir, source)));
    let source = 0;
    let line = 0;
    for (const group of map.mappings.split(';')) {
      const mappings: Mapping[] = [];
      let column = 0;
      for (const segment of group.split(',')) {
        if (!segment) continue;
        const values: number[] = [];
        let value = 0;
        let shift = 0;
        for (const char of segment) {
          const digit = VLQ.get(char)!;
          value += (digit & 31) << shift;
          if (digit & 32) shift += 5;
          else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
          }
        }
        column += values[0];
        if (values.length >= 4) {
          source += values[1];
          line += values[2];
          mappings.push({ column, source, line });
        }
      }
      this.lines.push(mappings);
    }
  }

  /** The source file and 1-based line of a 0-based generated position. */
  lookup(line: number, column: number): { file: string; line: number } | undefined {
    const mappings = this.lines[line];
    if (!mappings || mappings.length === 0) return undefined;
    let found = mappings[0];
    for (const mapping of mappings) {
      if (mapping.column > column) break;
      found = mapping;
    }
    return { file: this.sources[found.source], line: found.line + 1 };
  }
}

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let map: SourceMap | null = null;
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  if (path && existsSync(`${path}.map`)) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')), join(path, '..'));
    } catch {
      map = null;
    }
  }
  maps.set(url, map);
  return map;
}

function where(frame: CallFrame): { file: string; line: number } {
  const mapped = sourceMapFor(frame.url)?.lookup(frame.lineNumber, frame.columnNumber);
  if (mapped) return mapped;
  const path = frame.url.startsWith('file://') ? decodeURIComponent(frame.url.slice(7)) : frame.url;
  return { file: path.startsWith(REPO_ROOT) ? relative(REPO_ROOT, path) : path || '(native)', line: frame.lineNumber + 1 };
}

/** A short name for a source file: node_modules/<package>, else the repository path. */
function moduleOf(file: string): string {
  const nodeModules = file.lastIndexOf('node_modules/');
  if (nodeModules >= 0) {
    const rest = file.slice(nodeModules + 'node_modules/'.length).split('/');
    return `node_modules/${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return file;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  selfByFunction: Array<{ frame: string; ms: number; percent: number }>;
  totalByFunction: Array<{ frame: string; ms: number; percent: number }>;
  selfByModule: Array<{ module: string; ms: number; percent: number }>;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const labels = new Map<number, { frame: string; module: string }>();
  const label = (id: number) => {
    let found = labels.get(id);
    if (!found) {
      const { callFrame } = byId.get(id)!;
      const at = where(callFrame);
      const name = callFrame.functionName || '(anonymous)';
      found = callFrame.url ? { frame: `${name} ${at.file}:${at.line}`, module: moduleOf(at.file) } : { frame: name, module: name };
      labels.set(id, found);
    }
    return found;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const modules = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (us <= 0) continue;
    totalUs += us;
    const leaf = label(profile.samples[i]);
    self.set(leaf.frame, (self.get(leaf.frame) ?? 0) + us);
    modules.set(leaf.module, (modules.get(leaf.module) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const { frame } = label(id);
      if (seen.has(frame)) continue;
      seen.add(frame);
      total.set(frame, (total.get(frame) ?? 0) + us);
    }
  }
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ key, ms: round(us / 1000, 1), percent: round((us / totalUs) * 100, 1) }));
  return {
    file: relative(REPO_ROOT, file),
    totalMs: round(totalUs / 1000, 1),
    selfByFunction: rank(self).map(({ key, ms, percent }) => ({ frame: key, ms, percent })),
    totalByFunction: rank(total)
      .filter(({ key }) => !/^\((root|program|idle)\)/.test(key))
      .map(({ key, ms, percent }) => ({ frame: key, ms, percent })),
    selfByModule: rank(modules).map(({ key, ms, percent }) => ({ module: key, ms, percent })),
  };
}

export function printSummary(summary: ProfileSummary): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`\n${summary.file}: ${summary.totalMs} ms sampled`);
  out('\n  self time by source file / package:');
  for (const row of summary.selfByModule) out(`    ${String(row.percent).padStart(5)} %  ${String(row.ms).padStart(8)} ms  ${row.module}`);
  out('\n  self time by function:');
  for (const row of summary.selfByFunction) out(`    ${String(row.percent).padStart(5)} %  ${String(row.ms).padStart(8)} ms  ${row.frame}`);
  out('\n  total (inclusive) time by function:');
  for (const row of summary.totalByFunction) out(`    ${String(row.percent).padStart(5)} %  ${String(row.ms).padStart(8)} ms  ${row.frame}`);
}

function newestProfile(dir: string, since: number): string {
  const found = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!found) throw new Error(`no .cpuprofile written in ${dir}`);
  return found;
}

function profileDir(name: string): string {
  const dir = join(PROFILES, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function profileCli(dir: string): string {
  const out = profileDir(`cli-${basename(dir)}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, '--cpu-prof-interval=200', join(REPO_ROOT, 'dist', 'cli.js'), 'check', dir, '--json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`cli failed: ${result.stderr}`);
  return newestProfile(out, started - 1000);
}

/**
 * Runs a server session with the profiler on. Node 20 refuses --cpu-prof in NODE_OPTIONS, so the
 * client starts a small wrapper that runs `node --cpu-prof dist/server.js --stdio` with its own
 * stdio (and passes SIGUSR2 on, for a heap snapshot). The profile is written when the server
 * exits after shutdown/exit.
 */
async function withProfiledServer(name: string, heap: boolean, session: (out: string, wrapper: string) => Promise<void>): Promise<string> {
  const out = profileDir(name);
  const flags = ['--cpu-prof', `--cpu-prof-dir=${out}`, '--cpu-prof-interval=200', ...(heap ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${out}`] : [])];
  const wrapper = join(out, 'profiled-server.js');
  writeFileSync(
    wrapper,
    `const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ${JSON.stringify(flags)}.concat([${JSON.stringify(join(REPO_ROOT, 'dist', 'server.js'))}], process.argv.slice(2)), { stdio: 'inherit' });
process.on('SIGUSR2', () => child.kill('SIGUSR2'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 1));
`,
  );
  const started = Date.now();
  await session(out, wrapper);
  // The profile is written as the server exits, after the wrapper has seen it go.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !readdirSync(out).some((file) => file.endsWith('.cpuprofile'))) await sleep(100);
  return newestProfile(out, started - 1000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function profileFirstHint(): Promise<string> {
  const ws = generateBigManifestWorkspace();
  const path = join(ws.dir, ws.manifest);
  const text = readFileSync(path, 'utf8');
  return withProfiledServer('first-hint', false, async (_out, wrapper) => {
    const client = startServer('ours', ws.dir, wrapper);
    await initialize(client, ws.dir);
    openDocument(client, path, text);
    for (;;) {
      const hints = await client.request<unknown[] | null>('textDocument/inlayHint', { textDocument: { uri: fileUri(path) }, range: { start: { line: 0, character: 0 }, end: { line: 6000, character: 0 } } });
      if (hints && hints.length > 0) break;
      await sleep(5);
    }
    await client.close(10_000);
  });
}

async function profileEdits(size: number, edits: number, heap: boolean): Promise<string> {
  const ws = generateWorkspace(size);
  const report = JSON.parse(
    spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'check', ws.dir, '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout,
  ) as Report;
  const targets = editTargets(report, ws.dir);
  return withProfiledServer(`edit-${size}`, heap, async (out, wrapper) => {
    const client = startServer('ours', ws.dir, wrapper);
    await initialize(client, ws.dir);
    const linked = readFileSync(targets[0].linked, 'utf8');
    openDocument(client, targets[0].linked, linked);
    const range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
    for (;;) {
      const hints = await client.request<unknown[] | null>('textDocument/inlayHint', { textDocument: { uri: fileUri(targets[0].linked) }, range }, 300_000);
      if (hints && hints.length > 0) break;
      await sleep(25);
    }
    const config = readFileSync(targets[0].config, 'utf8').split('\n');
    openDocument(client, targets[0].config, config.join('\n'));
    for (let i = 0; i < edits; i++) {
      config[targets[0].line] = config[targets[0].line].replace(/((?::\s*|=)["']?)(\d+)/, (_all, prefix: string) => `${prefix}${i % 2 === 0 ? 1 : 3 + (i % 5)}`);
      client.notify('textDocument/didChange', { textDocument: { uri: fileUri(targets[0].config), version: i + 2 }, contentChanges: [{ text: config.join('\n') }] });
      await client.request('textDocument/inlayHint', { textDocument: { uri: fileUri(targets[0].linked) }, range });
      await sleep(10);
    }
    if (heap && client.pid) {
      process.kill(client.pid, 'SIGUSR2');
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && !readdirSync(out).some((name) => name.endsWith('.heapsnapshot'))) await sleep(250);
      await sleep(2000);
    }
    await client.close(30_000);
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const topIndex = args.indexOf('--top');
  const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
  const heap = args.includes('--heap');
  const positional = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--top');
  const [command, ...rest] = positional;
  const run = async (): Promise<string> => {
    switch (command) {
      case 'cli':
        return profileCli(rest[0] ?? generateWorkspace(10000).dir);
      case 'first-hint':
        return profileFirstHint();
      case 'edit':
        return profileEdits(Number(rest[0] ?? 10000), Number(rest[1] ?? 30), heap);
      case 'summarize':
        return rest[0];
      default:
        throw new Error('usage: profile.js cli DIR | first-hint | edit [SIZE] [EDITS] | summarize FILE.cpuprofile [--top N] [--heap]');
    }
  };
  run().then(
    (file) => printSummary(summarizeProfile(file, top)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
