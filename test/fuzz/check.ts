// Runs one input through the core and checks what must hold for any input: no throw, under
// the time limit, no reader error swallowed, sane numbers and places, and safe quick fixes.
import { performance } from 'node:perf_hooks';
import type * as TS from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Lexer, parseAllDocuments } from 'yaml';
import { analyzeWorkspace } from '../../src-shared/analyzeWorkspace';
import { fileType, readFileFacts, type FileFacts } from '../../src-shared/fileFacts';
import { connectionLimitFixes } from '../../src-shared/fixes';
import { settingsFrom } from '../../src-shared/settings';
import type { Analysis, Deployment, Fix, Location, Range, Settings, TextEdit } from '../../src-shared/types';
import type { Files, Target } from './corpus';

/** The one time bound: every input is read and analysed within a second. */
export const TIME_LIMIT_MS = 1000;

export type FailureKind = 'throw' | 'slow' | 'swallowed' | 'invariant' | 'fix' | 'hang' | 'crash';

export interface Problem {
  kind: FailureKind;
  /** Generic text, the same for every input that meets the same bug (the dedupe key with the top frame). */
  message: string;
  /** Input-specific particulars. */
  detail?: string;
  stack?: string;
}

export interface Outcome {
  ms: number;
  problems: Problem[];
  /** Fixes applied and re-analysed. */
  fixesChecked: number;
}

export interface RunInput {
  target: Target;
  text: string;
  settings: Partial<Settings>;
}

/** The top stack frame of an error, the part of the dedupe key that tells bugs apart. */
export function topFrame(stack: string | undefined): string {
  const frame = stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return frame ? frame.trim().replace(/^at /, '') : '';
}

function thrown(kind: FailureKind, error: unknown, context: string): Problem {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind, message: `${context}: ${message.split('\n')[0].slice(0, 200)}`, stack: error instanceof Error ? error.stack : undefined };
}

// The facts of a workspace's other files, read once per target.
const restCache = new Map<string, FileFacts[]>();

function restFacts(target: Target): FileFacts[] {
  const key = `${target.workspace}\0${target.file}`;
  let rest = restCache.get(key);
  if (!rest) {
    rest = Object.entries(target.files)
      .filter(([file]) => file !== target.file)
      .map(([file, text]) => readFileFacts(file, text));
    restCache.set(key, rest);
  }
  return rest;
}

/** The reason a reader's own error was caught and the file's facts dropped, if they were. */
export function swallowedError(facts: FileFacts): string | undefined {
  if (facts.skipped?.startsWith('skipped: could not be read')) return facts.skipped;
  return facts.code?.error;
}

const STACK_OVERFLOW = 'Maximum call stack size exceeded';

/**
 * A reader that gives up must say so (a skip reason or a finding on the file), and may give up
 * only on nesting deeper than the stack: any other error it caught is a bug it hid.
 */
function droppedFileProblems(facts: FileFacts, analysis: Analysis): Problem[] {
  const swallowed = swallowedError(facts);
  if (!swallowed) return [];
  const problems: Problem[] = [];
  if (!swallowed.includes(STACK_OVERFLOW)) {
    problems.push({ kind: 'swallowed', message: `reader error caught, file dropped: ${swallowed.replace(/\s+/g, ' ').slice(0, 200)}` });
  }
  const said = analysis.skipped.some((skip) => skip.file === facts.file) || analysis.findings.some((finding) => finding.loc.file === facts.file);
  if (!said) {
    problems.push({ kind: 'invariant', message: 'a file the reader gave up on is dropped without a skip reason or finding', detail: swallowed });
  }
  return problems;
}

export function runInput(input: RunInput, options: { fixes?: boolean } = {}): Outcome {
  const { target, text } = input;
  const settings = settingsFrom(input.settings);
  const rest = restFacts(target);
  const problems: Problem[] = [];
  let facts: FileFacts;
  let analysis: Analysis;
  const start = performance.now();
  try {
    facts = readFileFacts(target.file, text);
    analysis = analyzeWorkspace([...rest, facts], settings);
  } catch (error) {
    const ms = performance.now() - start;
    return { ms, problems: [thrown('throw', error, 'readFileFacts/analyzeWorkspace threw')], fixesChecked: 0 };
  }
  let ms = performance.now() - start;
  if (ms > TIME_LIMIT_MS) {
    // A load spike on a shared machine is not a slow input: it must be slow twice more.
    const times = [ms];
    for (let again = 0; again < 2 && Math.min(...times) > TIME_LIMIT_MS; again++) {
      const t0 = performance.now();
      analyzeWorkspace([...rest, readFileFacts(target.file, text)], settings);
      times.push(performance.now() - t0);
    }
    ms = Math.min(...times);
    if (ms > TIME_LIMIT_MS) {
      problems.push({ kind: 'slow', message: `over the ${TIME_LIMIT_MS} ms limit`, detail: times.map((t) => `${t.toFixed(0)} ms`).join(', ') });
    }
  }
  problems.push(...droppedFileProblems(facts, analysis));
  const swallowed = swallowedError(facts);
  const files: Files = { ...target.files, [target.file]: text };
  try {
    problems.push(...checkAnalysis(analysis, files));
  } catch (error) {
    problems.push(thrown('throw', error, 'checking the analysis threw'));
  }
  let fixesChecked = 0;
  if (options.fixes && !swallowed && stillParses(target.file, text, facts)) {
    try {
      const result = checkFixes(files, new Map([...rest, facts].map((f) => [f.file, f])), analysis, settings);
      problems.push(...result.problems);
      fixesChecked = result.checked;
    } catch (error) {
      problems.push(thrown('throw', error, 'analysis after a fix threw'));
    }
  }
  return { ms, problems, fixesChecked };
}

// ---------------------------------------------------------------------------------------------
// Invariants of an analysis

/** Line lengths as an LSP client counts them: \r\n, \r and \n end a line. */
function lspLineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function rangeProblem(range: Range, lengths: number[] | undefined): string | undefined {
  if (!lengths) return 'in a file that is not in the workspace';
  const { start, end } = range;
  for (const p of [start, end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return 'with a negative or fractional position';
    if (p.line >= lengths.length) return 'past the last line';
    if (p.character > lengths[p.line]) return 'past the end of its line';
  }
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return 'ending before it starts';
  return undefined;
}

const isCount = (value: number | null, min = 0) => value === null || (Number.isSafeInteger(value) && value >= min);
const BAD_WORDS = ['undefined', '[object Object]'];

export function checkAnalysis(analysis: Analysis, files: Files): Problem[] {
  const problems: Problem[] = [];
  // A word the input itself contains may be quoted back; one it does not is the core's own.
  const written = Object.values(files).join('\n');
  const badWord = (message: string) => BAD_WORDS.some((word) => message.includes(word) && !written.includes(word));
  const lengths = new Map<string, number[]>();
  const linesOf = (file: string) => {
    if (!lengths.has(file) && files[file] !== undefined) lengths.set(file, lspLineLengths(files[file]));
    return lengths.get(file);
  };
  const place = (what: string, loc: Location | undefined) => {
    if (!loc) return;
    const wrong = rangeProblem(loc.range, linesOf(loc.file));
    if (wrong) {
      problems.push({ kind: 'invariant', message: `${what} has a range ${wrong}`, detail: `${loc.file} ${JSON.stringify(loc.range)}` });
    }
  };
  const number = (what: string, value: number | null, min = 0) => {
    if (!isCount(value, min)) problems.push({ kind: 'invariant', message: `${what} is not a whole number ≥ ${min} or null`, detail: String(value) });
  };
  const ids = new Set<string>();
  for (const d of analysis.deployments) {
    if (ids.has(d.id)) problems.push({ kind: 'invariant', message: 'two deployments share an id', detail: d.id });
    ids.add(d.id);
    number('instances', d.instances.value);
    number('workers', d.workers.value, 1);
    number('connectionLimit', d.connectionLimit.value);
    number('peakInstances', d.peakInstances);
    number('deployment total', d.total);
    number('deployment peak', d.peak);
    place('a deployment', d.loc);
    for (const factor of [d.instances, d.workers, d.connectionLimit]) {
      place('a factor source', factor.source?.loc);
      place('a factor edit site', factor.source?.edit);
      place('a factor rewrite site', factor.rewriteAt);
      for (const via of factor.via) place('a factor via', via.loc);
      if (factor.problem && badWord(factor.problem.message)) {
        problems.push({ kind: 'invariant', message: 'a factor problem message shows undefined or [object Object]', detail: factor.problem.message });
      }
    }
  }
  for (const s of analysis.servers) {
    number('maxConnections', s.maxConnections, 1);
    number('budget', s.budget);
    number('server total', s.total);
    number('server peak', s.peak);
    number('recommendedConnectionLimit', s.recommendedConnectionLimit, 2);
    for (const percent of [s.percent, s.peakPercent]) {
      if (percent !== null && !Number.isFinite(percent)) problems.push({ kind: 'invariant', message: 'a server percent is not finite', detail: String(percent) });
    }
  }
  for (const f of analysis.findings) {
    place(`a ${f.code} finding`, f.loc);
    if (!f.message || badWord(f.message)) {
      problems.push({ kind: 'invariant', message: `a ${f.code} message is empty or shows undefined or [object Object]`, detail: f.message });
    }
    for (const fix of f.fixes) for (const edit of fix.edits) place(`a ${f.code} fix edit`, edit);
  }
  for (const site of analysis.valueSites) place('a value site', site.loc);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Quick-fix safety

let ts: typeof TS | undefined;

function tsSyntaxErrors(file: string, text: string): number {
  ts ??= require('typescript') as typeof TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

export function yamlErrors(text: string): number {
  return parseAllDocuments(text, { merge: true }).reduce((sum, doc) => sum + doc.errors.length, 0);
}

/** Only inputs that still parse get their fixes checked: clean YAML, code without syntax errors that has pools. */
export function stillParses(file: string, text: string, facts: FileFacts): boolean {
  switch (fileType(file)) {
    case 'yaml':
      return yamlErrors(text) === 0;
    case 'code':
      return (facts.code?.pools.length ?? 0) > 0 && tsSyntaxErrors(file, text) === 0;
    default:
      return !facts.skipped;
  }
}

/** Where the text outside the edits' span differs between the two versions, if it does. */
function changedOutsideEdits(before: string, after: string, edits: TextEdit[]): string | undefined {
  const doc = TextDocument.create('file:///diff', 'plaintext', 0, before);
  const start = Math.min(...edits.map((edit) => doc.offsetAt(edit.range.start)));
  const end = Math.max(...edits.map((edit) => doc.offsetAt(edit.range.end)));
  const tail = before.length - end;
  if (after.slice(0, start) !== before.slice(0, start)) return `the text before offset ${start} changed`;
  if (after.length - tail < start || after.slice(after.length - tail) !== before.slice(end)) return `the text after offset ${end} changed`;
  return undefined;
}

/** The file's comments, in order, as one string: a value fix must leave every one as it was. */
export function comments(file: string, text: string): string {
  const found: string[] = [];
  switch (fileType(file)) {
    case 'yaml':
      // yaml's Lexer keeps a lone \r (a line break to LSP and YAML 1.2) in the comment before it:
      // text written after that \r can turn it into \r\n without touching the comment.
      for (const token of new Lexer().lex(text)) if (token.startsWith('#')) found.push(token.replace(/\r+$/, ''));
      break;
    case 'code': {
      ts ??= require('typescript') as typeof TS;
      const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
      for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
        if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) found.push(scanner.getTokenText());
      }
      break;
    }
    default:
      for (const match of text.matchAll(/(?:^|[ \t])([#;].*)$/gm)) found.push(match[1]);
  }
  return JSON.stringify(found);
}

function syntaxErrors(file: string, text: string): number {
  const type = fileType(file);
  if (type === 'yaml') return yamlErrors(text);
  if (type === 'code') return tsSyntaxErrors(file, text);
  return 0;
}

/** Applies edits as an LSP client does (\r, \r\n and \n end lines); throws on overlapping edits. */
export function applyLspEdits(files: Files, edits: TextEdit[]): Files {
  const result = { ...files };
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, fileEdits] of byFile) {
    if (result[file] === undefined) throw new Error(`edit for a file not in the workspace: ${file}`);
    const doc = TextDocument.create(`file:///${file}`, 'plaintext', 0, result[file]);
    result[file] = TextDocument.applyEdits(doc, fileEdits.map(({ range, newText }) => ({ range, newText })));
  }
  return result;
}

interface OfferedFix {
  fix: Fix;
  deployments: string[];
  origin: string;
}

function offeredFixes(analysis: Analysis): OfferedFix[] {
  const offered: OfferedFix[] = [];
  for (const finding of analysis.findings) {
    for (const fix of finding.fixes) offered.push({ fix, deployments: finding.deployments ?? [], origin: finding.code });
  }
  for (const deployment of analysis.deployments) {
    const server = analysis.servers.find((candidate) => candidate.id === deployment.server);
    if (!server) continue;
    for (const fix of connectionLimitFixes(deployment.connectionLimit, server)) {
      offered.push({ fix, deployments: [deployment.id], origin: 'refactoring' });
    }
  }
  const seen = new Set<string>();
  return offered.filter(({ fix }) => {
    const key = JSON.stringify([fix.edits, fix.connectionLimit]);
    return !seen.has(key) && (seen.add(key), true);
  });
}

/**
 * Deployments keyed by id without the line and column of a program's second and later pools
 * (`…#code@src/db.js:12:18`), which move when a fix adds or removes text above them.
 */
function byStableKey(deployments: Deployment[]): Map<string, Deployment> {
  const keyed = new Map<string, Deployment>();
  for (const deployment of deployments) {
    const base = deployment.id.replace(/(@.*):\d+:\d+$/, '$1');
    let n = 0;
    while (keyed.has(`${base}|${n}`)) n++;
    keyed.set(`${base}|${n}`, deployment);
  }
  return keyed;
}

const count = (analysis: Analysis, code: string) => analysis.findings.filter((finding) => finding.code === code).length;

/**
 * Applies every offered fix and re-analyses: the edited files still parse, the text changed only
 * inside the edit ranges (and no comment or other key was replaced), the promised connectionLimit
 * is what the deployment now has, and no other factor of any deployment moved.
 */
export function checkFixes(files: Files, factsByFile: Map<string, FileFacts>, before: Analysis, settings: Settings): { problems: Problem[]; checked: number } {
  const problems: Problem[] = [];
  const offered = offeredFixes(before);
  for (const { fix, deployments, origin } of offered) {
    const promised = fix.connectionLimit;
    const fail = (message: string, detail: string) =>
      problems.push({ kind: 'fix', message: `${origin} fix: ${message}`, detail: `${fix.title} ${JSON.stringify(fix.edits)}: ${detail}` });
    let after: Files;
    try {
      after = applyLspEdits(files, fix.edits);
    } catch (error) {
      fail('its edits cannot be applied', (error as Error).message);
      continue;
    }
    const changed = [...new Set(fix.edits.map((edit) => edit.file))];
    for (const file of changed) {
      const outside = changedOutsideEdits(files[file], after[file], fix.edits.filter((edit) => edit.file === file));
      if (outside) fail(`changes ${file} outside its edit range`, outside);
      if (promised !== undefined && comments(file, after[file]) !== comments(file, files[file])) {
        fail(`changes a comment of ${file}`, `${comments(file, files[file])} → ${comments(file, after[file])}`);
      }
    }
    for (const file of changed) {
      if (syntaxErrors(file, after[file]) > syntaxErrors(file, files[file])) fail(`leaves ${file} with a syntax error`, JSON.stringify(after[file].slice(0, 2000)));
    }
    const facts = new Map(factsByFile);
    for (const file of changed) facts.set(file, readFileFacts(file, after[file]));
    const poolsBefore = changed.reduce((sum, file) => sum + (factsByFile.get(file)?.code?.pools.length ?? 0), 0);
    const poolsAfter = changed.reduce((sum, file) => sum + (facts.get(file)?.code?.pools.length ?? 0), 0);
    if (poolsAfter !== poolsBefore) fail('changes the number of pools the code reader finds', `${poolsBefore} → ${poolsAfter}`);
    const analysis = analyzeWorkspace([...facts.values()], settings);
    if (count(analysis, 'parse-error') > count(before, 'parse-error')) fail('adds a parse-error finding', '');
    const nowByKey = byStableKey(analysis.deployments);
    for (const [key, old] of byStableKey(before.deployments)) {
      const now = nowByKey.get(key);
      if (!now) {
        fail('a deployment disappears', old.id);
        continue;
      }
      if (now.instances.value !== old.instances.value || now.workers.value !== old.workers.value) {
        fail('changes instances or workers', `${old.id}: ${old.instances.value}×${old.workers.value} → ${now.instances.value}×${now.workers.value}`);
      }
      const targeted = deployments.includes(old.id);
      if (promised !== undefined && targeted && now.connectionLimit.value !== promised) {
        fail('the deployment does not get the promised connectionLimit', `${old.id}: ${old.connectionLimit.value} → ${now.connectionLimit.value}, promised ${promised}`);
      }
      const limit = now.connectionLimit.value;
      if (!targeted && limit !== old.connectionLimit.value && limit !== promised) {
        fail("changes another deployment's connectionLimit", `${old.id}: ${old.connectionLimit.value} → ${limit}`);
      }
    }
    if (promised === undefined && origin === 'invalid-pool-option' && count(analysis, origin) >= count(before, origin)) {
      fail('the option is still reported after its removal', '');
    }
    if (promised === undefined && origin === 'replicas-conflict' && count(analysis, origin) >= count(before, origin)) {
      fail('the conflict is still reported after the fix', '');
    }
  }
  return { problems, checked: offered.length };
}
