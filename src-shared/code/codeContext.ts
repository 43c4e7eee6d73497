import type * as TS from 'typescript';
import type { Location, Position, Range } from '../types';
import type { DeclTable } from './declarations';
import type { TypeScriptParser } from './loadTypeScript';

/** One parsed file and what the reading of it needs. */
export interface CodeContext {
  ts: TypeScriptParser;
  sf: TS.SourceFile;
  file: string;
  text: string;
  decls: DeclTable;
  /** Declarations being resolved right now: `const a = b; const b = a` must end. */
  active: Set<object>;
  depth: number;
  /** Offsets where lines start, built on first use. */
  lineStarts?: number[];
}

export function spanRange(cx: CodeContext, start: number, end: number): Range {
  return { start: position(cx, start), end: position(cx, end) };
}

/**
 * LSP line/character of an offset. Own line index: TypeScript's scans the text a character at a
 * time (and counts U+2028 as a line break, which LSP does not).
 */
export function position(cx: CodeContext, offset: number): Position {
  const starts = (cx.lineStarts ??= lineStarts(cx.text));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

export function spanLoc(cx: CodeContext, start: number, end: number): Location {
  return { file: cx.file, range: spanRange(cx, start, end) };
}

/** The node's own text range, without the leading trivia that `pos` includes. */
export function locOf(cx: CodeContext, node: TS.Node): Location {
  return spanLoc(cx, node.getStart(cx.sf), node.end);
}

/** The node's source text on one line, shortened for messages. */
export function shortText(cx: CodeContext, node: TS.Node, max = 80): string {
  const text = cx.text.slice(node.getStart(cx.sf), node.end).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
