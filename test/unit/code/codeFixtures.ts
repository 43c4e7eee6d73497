// Helpers for the code-reading tests: fixtures with a `|` caret, edits applied to text, eval contexts.
import assert from 'node:assert/strict';
import ts from 'typescript';
import type { Location, Position, Range, WrittenValue } from '../../../src-shared/types';
import type { CodeFacts, Expr, PoolFact } from '../../../src-shared/code/codeFacts';
import type { EvalContext } from '../../../src-shared/code/evaluate';
import { readCode } from '../../../src-shared/code/readCode';

export const FILE = 'src/db.ts';

/** Removes the `|` caret from a fixture: the text and the caret's position. */
export function caret(fixture: string): { text: string; offset: number; at: Position } {
  const offset = fixture.indexOf('|');
  assert.ok(offset >= 0, 'fixture has no | caret');
  const text = fixture.slice(0, offset) + fixture.slice(offset + 1);
  return { text, offset, at: positionOf(text, offset) };
}

export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split(/\r\n|\n|\r/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function offsetOf(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const next = text.indexOf('\n', offset);
    assert.ok(next >= 0, `line ${p.line} is past the end`);
    offset = next + 1;
  }
  return offset + p.character;
}

export function textAt(text: string, range: Range): string {
  return text.slice(offsetOf(text, range.start), offsetOf(text, range.end));
}

export function applyEdit(text: string, range: Range, newText: string): string {
  return text.slice(0, offsetOf(text, range.start)) + newText + text.slice(offsetOf(text, range.end));
}

/** Reads a fixture and returns its only pool. */
export function onePool(text: string, file = FILE): PoolFact {
  const facts = readCode(file, text);
  assert.equal(facts.error, undefined);
  assert.equal(facts.pools.length, 1, `expected one pool, got ${facts.pools.length}`);
  return facts.pools[0];
}

export function read(text: string, file = FILE): CodeFacts {
  const facts = readCode(file, text);
  assert.equal(facts.error, undefined);
  return facts;
}

/** An Expr with locations and written values stripped, for comparing shapes. */
export function shape(expr: Expr | undefined): unknown {
  return JSON.parse(JSON.stringify(expr ?? null, (key, value) => (key === 'loc' || key === 'written' ? undefined : value)));
}

export function assertLoc(loc: Location | undefined, text: string, expected: string): void {
  assert.ok(loc, 'no location');
  assert.equal(loc.file, FILE);
  assert.equal(textAt(text, loc.range), expected);
}

const NOWHERE: Location = { file: 'deploy.yml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };

export function written(text: string, path = 'deploy.yml: value', number?: number): WrittenValue {
  return { text, number, loc: NOWHERE, path };
}

/** A deployment: env values as strings, a config (or none), and a core count. */
export function deployment(options: {
  env?: Record<string, string>;
  config?: Record<string, number | string> | null;
  cores?: number;
  assumption?: string;
}): EvalContext {
  return {
    env: (name) => (options.env && name in options.env ? written(options.env[name], `deploy.yml: ${name}`) : undefined),
    config: (path) => {
      if (options.config === undefined || options.config === null) return undefined;
      const key = path.join('.');
      if (!(key in options.config)) return 'missing';
      const v = options.config[key];
      return typeof v === 'number' ? written(String(v), `config: ${key}`, v) : written(v, `config: ${key}`);
    },
    cores: () => ({ value: options.cores ?? 4, assumption: options.assumption ?? (options.cores ? undefined : '4 CPU cores assumed') }),
  };
}

export function exprLoc(expr: Expr | undefined): Location {
  assert.ok(expr && 'loc' in expr, `no location on ${JSON.stringify(shape(expr))}`);
  return expr.loc;
}

export function writtenOf(expr: Expr | undefined): WrittenValue {
  assert.ok(expr && (expr.kind === 'number' || expr.kind === 'string'), `not a literal: ${JSON.stringify(shape(expr))}`);
  return expr.written;
}

/** Fails when the text has syntax errors: an edit must leave code that still parses. */
export function assertParses(text: string): void {
  const out = ts.transpileModule(text, { reportDiagnostics: true, fileName: 'check.ts' });
  const messages = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(messages, [], `does not parse:\n${text}`);
}
