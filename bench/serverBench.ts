// Language server figures over stdio JSON-RPC, as an editor would drive the servers:
// - first hint: spawn → initialize (workspace folder with the big manifest) → didOpen → the first
//   textDocument/inlayHint answer with hints in it; against yaml-language-server's first
//   non-error textDocument/hover answer on a value of the same file, in the same run. Ours twice:
//   on the folder's first open (no facts kept) and on reopening it (facts kept by the last session).
//   Both servers start with their compiled-code caches warm, as after the first start.
// - edit: on a warm workspace, didChange on a config buffer → refreshed hints of a linked
//   Compose/Kubernetes file (requested right after the change) and the edited buffer's diagnostics.
// - requests: inlayHint and hover latency on the warm workspace.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { factsCacheDir } from '../src-node/factsCache';
import { serverCacheHome } from '../test/protocol/lspClient';
import { measuredBundle } from './bundles';
import { BenchClient, fileUri, sameUri } from './lsp';
import { REPO_ROOT } from './cliBench';
import { percentiles, round, summarize, type Percentiles, type Summary } from './stats';

/** The measured production build's server (bench/bundles.ts). */
export const OUR_SERVER = measuredBundle('server.js');
export const YAML_LANGUAGE_SERVER = join(REPO_ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

interface Position {
  line: number;
  character: number;
}
interface InlayHint {
  position: Position;
  label: string | Array<{ value: string }>;
}

/**
 * yaml-language-server's settings, as the VS Code YAML extension sends them, with the schema
 * store off: this machine has no internet, and a failing catalogue download would be timed
 * as theirs. Without a schema, hover does less work, which favours yaml-language-server.
 */
const YAML_SETTINGS = {
  validate: true,
  hover: true,
  completion: true,
  format: { enable: true },
  schemas: {},
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
  maxItemsComputed: 5000,
};

function configurationAnswer(params: unknown): unknown[] {
  const items = (params as { items?: Array<{ section?: string }> })?.items ?? [];
  return items.map((item) => {
    if (item.section === 'yaml') return YAML_SETTINGS;
    if (item.section === 'connectionBudget' || item.section === undefined) return {};
    if (item.section === 'http' || item.section === '[yaml]' || item.section === 'editor') return {};
    return null;
  });
}

function languageId(file: string): string {
  if (/\.ya?ml$/.test(file)) return 'yaml';
  if (/\.[cm]?tsx?$/.test(file)) return 'typescript';
  if (/\.[cm]?jsx?$/.test(file)) return 'javascript';
  if (/\.cnf$/.test(file)) return 'ini';
  if (/(^|\/)\.env|\.env$/.test(file)) return 'dotenv';
  return 'plaintext';
}

/** Starts a server over stdio; `script` replaces the server's entry (a wrapper that profiles it). */
export function startServer(kind: 'ours' | 'yaml-language-server', folder: string, script?: string): BenchClient {
  return new BenchClient(script ?? (kind === 'ours' ? OUR_SERVER : YAML_LANGUAGE_SERVER), {
    'workspace/configuration': configurationAnswer,
    'workspace/workspaceFolders': () => [{ uri: fileUri(folder), name: folder.slice(folder.lastIndexOf('/') + 1) }],
  });
}

export async function initialize(client: BenchClient, folder: string): Promise<unknown> {
  const result = await client.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'connection-budget-bench', version: '1' },
    locale: 'en',
    rootPath: folder,
    rootUri: fileUri(folder),
    workspaceFolders: [{ uri: fileUri(folder), name: folder.slice(folder.lastIndexOf('/') + 1) }],
    capabilities: {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        inlayHint: { refreshSupport: true },
        diagnostics: { refreshSupport: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true, willSave: false },
        hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
        inlayHint: { dynamicRegistration: true, resolveSupport: { properties: ['tooltip', 'label.tooltip', 'label.location'] } },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        codeAction: { dynamicRegistration: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } } },
        completion: { dynamicRegistration: true, completionItem: { snippetSupport: true } },
        formatting: { dynamicRegistration: true },
      },
      window: { workDoneProgress: true, showMessage: {} },
      general: { positionEncodings: ['utf-16'] },
    },
    trace: 'off',
  });
  client.notify('initialized', {});
  return result;
}

function fullRange(text: string): { start: Position; end: Position } {
  const lines = text.split('\n');
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

export function openDocument(client: BenchClient, path: string, text: string, version = 1): void {
  client.notify('textDocument/didOpen', { textDocument: { uri: fileUri(path), languageId: languageId(path), version, text } });
}

function requestHints(client: BenchClient, path: string, text: string): Promise<InlayHint[] | null> {
  return client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri: fileUri(path) }, range: fullRange(text) });
}

function labelText(hint: InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks for hints until an answer has some (the server may answer [] while it indexes). */
async function hintsWithContent(client: BenchClient, path: string, text: string, timeoutMs: number): Promise<{ hints: InlayHint[]; tries: number; at: number }> {
  const deadline = performance.now() + timeoutMs;
  for (let tries = 1; ; tries++) {
    let hints: InlayHint[] | null = null;
    try {
      hints = await requestHints(client, path, text);
    } catch (error) {
      if (performance.now() > deadline) throw error;
    }
    if (hints && hints.length > 0) return { hints, tries, at: performance.now() };
    if (performance.now() > deadline) throw new Error(`no inlay hints for ${path} within ${timeoutMs} ms (last answer ${JSON.stringify(hints)}); stderr: ${client.stderr.slice(-2000)}`);
    await sleep(tries < 20 ? 5 : 25);
  }
}

export interface FirstAnswer {
  ms: number;
  tries: number;
  /** What the answer held. */
  answer: string;
}

/**
 * Ours: spawn → first inlay hint answer with content, on the big manifest. `reopened`: the facts
 * the last session kept are there; else the folder is opened as for the first time.
 */
export async function firstHintOurs(folder: string, manifest: string, reopened: boolean): Promise<FirstAnswer> {
  if (!reopened) rmSync(factsCacheDir({ XDG_CACHE_HOME: serverCacheHome() }), { recursive: true, force: true });
  const { ms, tries, hints } = await firstHintsOn(folder, join(folder, manifest), 60_000);
  return { ms, tries, answer: `${hints.length} hints, first "${labelText(hints[0])}"` };
}

/** Our server spawned on `folder` → its first inlay hint answer with content on `path`, then an orderly shutdown. */
async function firstHintsOn(folder: string, path: string, timeoutMs: number, closeGraceMs?: number): Promise<{ ms: number; tries: number; hints: InlayHint[] }> {
  const text = readFileSync(path, 'utf8');
  const start = performance.now();
  const client = startServer('ours', folder);
  try {
    await initialize(client, folder);
    openDocument(client, path, text);
    const { hints, tries, at } = await hintsWithContent(client, path, text, timeoutMs);
    return { ms: round(at - start, 1), tries, hints };
  } finally {
    await client.close(closeGraceMs);
  }
}

/** A position on a value of the manifest: the first `replicas:` number. */
export function valuePosition(text: string): Position {
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const match = /^(\s*replicas:\s*)\d/.exec(lines[line]);
    if (match) return { line, character: match[1].length };
  }
  throw new Error('no replicas: value in the manifest');
}

/** Theirs: spawn → first non-error textDocument/hover answer on a value of the same file. */
export async function firstHoverYamlLanguageServer(folder: string, manifest: string): Promise<FirstAnswer> {
  const path = join(folder, manifest);
  const text = readFileSync(path, 'utf8');
  const position = valuePosition(text);
  const start = performance.now();
  const client = startServer('yaml-language-server', folder);
  try {
    await initialize(client, folder);
    // The VS Code YAML extension synchronises its `yaml` section: the server then pulls it.
    client.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
    openDocument(client, path, text);
    for (let tries = 1; ; tries++) {
      try {
        const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri: fileUri(path) }, position }, 60_000);
        const at = performance.now();
        return { ms: round(at - start, 1), tries, answer: hover ? `hover ${JSON.stringify(hover.contents).slice(0, 80)}` : 'null (no hover for this value)' };
      } catch (error) {
        if (performance.now() - start > 60_000) throw error;
        await sleep(5);
      }
    }
  } finally {
    await client.close();
  }
}

export interface FirstHintFigure {
  oursMs: number;
  yamlLanguageServerMs: number;
  ratio: number;
  ours: Summary;
  yamlLanguageServer: Summary;
  /** Per-run ratios (each run spawns both servers). */
  ratios: Summary;
  oursAnswer: string;
  yamlLanguageServerAnswer: string;
  hoverPosition: Position;
  /** Ours again on the same folder, reopened: with the facts its last session kept. */
  reopened: { oursMs: number; ratio: number; ours: Summary; ratios: Summary };
  runs: Array<{ oursMs: number; reopenedMs: number; yamlLanguageServerMs: number; oursTries: number; yamlLanguageServerTries: number }>;
}

export async function firstHintFigure(folder: string, manifest: string, runs: number, warmup = true): Promise<FirstHintFigure> {
  if (warmup) {
    // One untimed round of each first: the page cache, and each server's compiled-code cache.
    await firstHintOurs(folder, manifest, false);
    await firstHoverYamlLanguageServer(folder, manifest);
  }
  const measured: FirstHintFigure['runs'] = [];
  let oursAnswer = '';
  let theirsAnswer = '';
  for (let i = 0; i < runs; i++) {
    // Alternating orders, so that neither server always runs right after the other.
    const theirsFirst = i % 2 === 1;
    const theirsBefore = theirsFirst ? await firstHoverYamlLanguageServer(folder, manifest) : undefined;
    const firstOpen = await firstHintOurs(folder, manifest, false);
    const reopened = await firstHintOurs(folder, manifest, true);
    const theirs = theirsBefore ?? (await firstHoverYamlLanguageServer(folder, manifest));
    oursAnswer = firstOpen.answer;
    theirsAnswer = theirs.answer;
    if (reopened.answer !== firstOpen.answer) throw new Error(`the reopened folder answered ${reopened.answer}, its first open ${firstOpen.answer}`);
    measured.push({ oursMs: firstOpen.ms, reopenedMs: reopened.ms, yamlLanguageServerMs: theirs.ms, oursTries: firstOpen.tries, yamlLanguageServerTries: theirs.tries });
  }
  const ours = summarize(measured.map((run) => run.oursMs), 1);
  const reopened = summarize(measured.map((run) => run.reopenedMs), 1);
  const theirs = summarize(measured.map((run) => run.yamlLanguageServerMs), 1);
  return {
    oursMs: ours.median,
    yamlLanguageServerMs: theirs.median,
    ratio: round(ours.median / theirs.median, 3),
    ours,
    yamlLanguageServer: theirs,
    ratios: summarize(measured.map((run) => run.oursMs / run.yamlLanguageServerMs)),
    reopened: {
      oursMs: reopened.median,
      ratio: round(reopened.median / theirs.median, 3),
      ours: reopened,
      ratios: summarize(measured.map((run) => run.reopenedMs / run.yamlLanguageServerMs)),
    },
    oursAnswer,
    yamlLanguageServerAnswer: theirsAnswer,
    hoverPosition: valuePosition(readFileSync(join(folder, manifest), 'utf8')),
    runs: measured,
  };
}

// ---------------------------------------------------------------------------------------------
// The warm workspace.

export interface Report {
  deployments: Array<{
    id: string;
    kind: string;
    file: string;
    line: number;
    total: number | null;
    sources: Record<string, { file: string; line: number } | null>;
  }>;
}

interface EditTarget {
  /** The config buffer that is edited, and the 0-based line of its value. */
  config: string;
  line: number;
  /** The Compose/Kubernetes file whose hints show the edited value's deployment. */
  linked: string;
  deployment: string;
}

const VALUE_ON_LINE = /((?::\s*|=)["']?)(\d+)/;

/** Config buffers whose connectionLimit a Compose and a Kubernetes deployment take. */
export function editTargets(report: Report, root: string): EditTarget[] {
  const targets: EditTarget[] = [];
  const sorted = [...report.deployments].sort((a, b) => a.id.localeCompare(b.id));
  for (const kind of ['compose', 'kubernetes']) {
    const deployment = sorted.find((d) => {
      const source = d.sources.connectionLimit;
      if (d.kind !== kind || !source || source.file === d.file || !/\.ya?ml$/.test(source.file)) return false;
      const lines = readFileSync(join(root, source.file), 'utf8').split('\n');
      return VALUE_ON_LINE.test(lines[source.line - 1] ?? '');
    });
    if (deployment) {
      const source = deployment.sources.connectionLimit!;
      targets.push({ config: join(root, source.file), line: source.line - 1, linked: join(root, deployment.file), deployment: deployment.id });
    }
  }
  if (targets.length === 0) throw new Error('no config buffer linked to a Compose or Kubernetes deployment in the report');
  return targets;
}

/** Positions of factor values (the report's sources) for hover requests. */
export function hoverPositions(report: Report, root: string, limit: number): Array<{ path: string; position: Position }> {
  const positions: Array<{ path: string; position: Position }> = [];
  const seen = new Set<string>();
  for (const deployment of [...report.deployments].sort((a, b) => a.id.localeCompare(b.id))) {
    for (const factor of ['instances', 'workers', 'connectionLimit']) {
      const source = deployment.sources[factor];
      if (!source) continue;
      const key = `${source.file}:${source.line}`;
      if (seen.has(key)) continue;
      const path = join(root, source.file);
      const line = readFileSync(path, 'utf8').split('\n')[source.line - 1] ?? '';
      const match = /(?::\s+|=)(?=\S)/.exec(line);
      if (!match) continue;
      seen.add(key);
      positions.push({ path, position: { line: source.line - 1, character: match.index + match[0].length } });
      if (positions.length >= limit) return positions;
    }
  }
  return positions;
}

export interface WarmFigures {
  workspaceFiles: number;
  /** Spawn → first inlay hint answer with content on the folder's first open (its index complete). */
  indexMs: number;
  /** The same on reopening the folder, with the facts its first session kept. */
  reopenedIndexMs: number;
  serverRssMB: number | null;
  edit: {
    /** didChange → both the refreshed hints of the linked file and the edited buffer's diagnostics. */
    ms: Percentiles;
    hintMs: Percentiles;
    diagnosticsMs: Percentiles;
    /** Edits after which the linked file's hint labels differed from the previous answer's. */
    hintsChanged: number;
    diagnosticsMissing: number;
    targets: EditTarget[];
  };
  inlayHintMs: Percentiles;
  hoverMs: Percentiles;
  hoversWithContent: number;
  hintFiles: number;
}

function readRss(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

/**
 * Edits and requests on a folder reopened, as most sessions start: its first open (timed, then
 * shut down, which keeps its facts) comes first, so that keeping them is not timed with the edits.
 */
export async function warmWorkspaceFigures(root: string, files: number, report: Report, edits: number, requests: number, log: (line: string) => void): Promise<WarmFigures> {
  const targets = editTargets(report, root);
  rmSync(factsCacheDir({ XDG_CACHE_HOME: serverCacheHome() }), { recursive: true, force: true });
  const { ms: indexMs } = await firstHintsOn(root, targets[0].linked, 300_000, 30_000);
  log(`  first open: index complete (first hint with content) after ${indexMs} ms`);
  const start = performance.now();
  const client = startServer('ours', root);
  try {
    await initialize(client, root);
    const texts = new Map<string, string>();
    const open = (path: string) => {
      if (texts.has(path)) return;
      const text = readFileSync(path, 'utf8');
      texts.set(path, text);
      openDocument(client, path, text);
    };
    const first = targets[0].linked;
    open(first);
    const { at } = await hintsWithContent(client, first, texts.get(first)!, 300_000);
    const reopenedIndexMs = round(at - start, 1);
    log(`  reopened: index complete (first hint with content) after ${reopenedIndexMs} ms`);
    for (const target of targets) {
      open(target.linked);
      open(target.config);
    }

    // Edits: alternate between the targets; each sets a new connectionLimit, every other one 1,
    // so that the edited buffer's diagnostics change each time (pool-of-one comes and goes).
    const values = [1, 3, 1, 5, 1, 7, 1, 4, 1, 6];
    const versions = new Map<string, number>();
    const lastLabels = new Map<string, string>();
    for (const target of targets) lastLabels.set(target.linked, ((await requestHints(client, target.linked, texts.get(target.linked)!)) ?? []).map(labelText).join('|'));
    const editMs: number[] = [];
    const hintMs: number[] = [];
    const diagnosticsMs: number[] = [];
    let hintsChanged = 0;
    let diagnosticsMissing = 0;
    for (let i = 0; i < edits; i++) {
      const target = targets[i % targets.length];
      const lines = texts.get(target.config)!.split('\n');
      lines[target.line] = lines[target.line].replace(VALUE_ON_LINE, (_all, prefix: string) => `${prefix}${values[Math.floor(i / targets.length) % values.length]}`);
      const text = lines.join('\n');
      texts.set(target.config, text);
      const version = (versions.get(target.config) ?? 1) + 1;
      versions.set(target.config, version);
      const uri = fileUri(target.config);
      // Waiting starts before the change is sent, so the arrival time is the dispatch time.
      const diagnosticsArrived = client.arrival<{ uri: string; version?: number }>(
        'textDocument/publishDiagnostics',
        client.notificationCount,
        (p) => sameUri(p.uri, uri) && (p.version === undefined || p.version === version),
        diagnosticsMissing >= 3 ? 300 : 2000,
      );
      const sent = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      const hints = (await requestHints(client, target.linked, texts.get(target.linked)!)) ?? [];
      const hintAt = performance.now();
      const diagnosticsAt = await diagnosticsArrived;
      hintMs.push(hintAt - sent);
      const labels = hints.map(labelText).join('|');
      if (labels !== lastLabels.get(target.linked)) hintsChanged++;
      lastLabels.set(target.linked, labels);
      if (diagnosticsAt === null) {
        diagnosticsMissing++;
        editMs.push(hintAt - sent);
      } else {
        diagnosticsMs.push(diagnosticsAt - sent);
        editMs.push(Math.max(hintAt, diagnosticsAt) - sent);
      }
      await sleep(10);
    }
    log(`  ${edits} edits: hints changed after ${hintsChanged}, diagnostics missing after ${diagnosticsMissing}`);

    // Requests: inlay hints over files with deployments and factor values, hovers on those values.
    const positions = hoverPositions(report, root, 60);
    const hintPaths = [...new Set([...report.deployments.slice(0, 30).map((d) => join(root, d.file)), ...positions.map((p) => p.path)])].slice(0, 40);
    for (const path of hintPaths) open(path);
    for (const { path } of positions) open(path);
    // Let the opens settle (diagnostics of the newly opened buffers) before timing.
    await requestHints(client, hintPaths[hintPaths.length - 1], texts.get(hintPaths[hintPaths.length - 1])!);
    await sleep(200);
    const inlayHintMs: number[] = [];
    const hoverMs: number[] = [];
    let hoversWithContent = 0;
    for (let i = 0; i < requests; i++) {
      const hintPath = hintPaths[i % hintPaths.length];
      let sent = performance.now();
      await requestHints(client, hintPath, texts.get(hintPath)!);
      inlayHintMs.push(performance.now() - sent);
      const { path, position } = positions[i % positions.length];
      sent = performance.now();
      const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri: fileUri(path) }, position });
      hoverMs.push(performance.now() - sent);
      if (hover) hoversWithContent++;
    }
    log(`  ${requests} hint and hover requests: ${hoversWithContent} hovers with content, over ${hintPaths.length} files / ${positions.length} values`);
    return {
      workspaceFiles: files,
      indexMs,
      reopenedIndexMs,
      serverRssMB: readRss(client.pid),
      edit: {
        ms: percentiles(editMs),
        hintMs: percentiles(hintMs),
        diagnosticsMs: percentiles(diagnosticsMs.length > 0 ? diagnosticsMs : [NaN]),
        hintsChanged,
        diagnosticsMissing,
        targets: targets.map((target) => ({ ...target, config: target.config.slice(root.length + 1), linked: target.linked.slice(root.length + 1) })),
      },
      inlayHintMs: percentiles(inlayHintMs),
      hoverMs: percentiles(hoverMs),
      hoversWithContent,
      hintFiles: hintPaths.length,
    };
  } finally {
    await client.close();
  }
}

export function serverAvailable(): { ok: boolean; reason?: string } {
  if (!existsSync(OUR_SERVER)) return { ok: false, reason: `${OUR_SERVER} does not exist (not built yet)` };
  return { ok: true };
}

/** Checks that the server answers initialize (and shuts down). */
export async function serverAnswers(folder: string): Promise<{ ok: boolean; reason?: string }> {
  const available = serverAvailable();
  if (!available.ok) return available;
  const client = startServer('ours', folder);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([initialize(client, folder), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no initialize answer within 20 s')), 20_000)))]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `the server does not answer initialize: ${(error as Error).message.slice(0, 300)}` };
  } finally {
    clearTimeout(timer);
    await client.close(1000).catch(() => undefined);
  }
}
