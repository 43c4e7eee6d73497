import type * as TS from 'typescript';
import type { EditSite, Location } from '../types';
import { CodeContext, spanLoc, spanRange } from './codeContext';

/** Where `connectionLimit: N` goes in an options object that lacks it: first, in the object's style. */
export function insertConnectionLimit(cx: CodeContext, obj: TS.ObjectLiteralExpression): EditSite {
  const open = obj.getStart(cx.sf) + 1;
  const range = spanRange(cx, open, open);
  const first = obj.properties[0];
  if (!first) return { file: cx.file, range, prefix: 'connectionLimit: ', suffix: '' };
  const firstStart = first.getStart(cx.sf);
  if (!cx.text.slice(open, firstStart).includes('\n')) {
    return { file: cx.file, range, prefix: ' connectionLimit: ', suffix: ',' };
  }
  const lineStart = lineStartOf(cx.text, firstStart);
  const eol = cx.text[lineStart - 2] === '\r' ? '\r\n' : '\n';
  const indent = cx.text.slice(lineStart, firstStart).replace(/\S.*$/, '');
  return { file: cx.file, range, prefix: `${eol}${indent}connectionLimit: `, suffix: ',' };
}

/**
 * The range that deletes property `index` of `obj` and leaves tidy code: its comma goes with it,
 * and so does its line (with a trailing `//` comment) when it is alone there.
 */
export function propertyRemoval(cx: CodeContext, obj: TS.ObjectLiteralExpression, index: number): Location {
  const { text } = cx;
  const props = obj.properties;
  const prop = props[index];
  let start = prop.getStart(cx.sf);
  let end = prop.end;
  const afterProp = skipWhitespace(text, end);
  const hasComma = text[afterProp] === ',';
  if (hasComma) end = afterProp + 1;
  const afterComma = skipSpaceOnLine(text, end);
  const lineStart = lineStartOf(text, start);
  const aloneBefore = text.slice(lineStart, start).trim() === '';
  const restOfLineEmpty = atLineEnd(text, afterComma) || text.startsWith('//', afterComma);
  const previousComma = index > 0 ? separatorBefore(text, props[index - 1].end, start) : -1;

  if (aloneBefore && restOfLineEmpty) {
    const lineEnd = lineEndOf(text, afterComma);
    if (!hasComma && previousComma >= 0 && onlySpaceToLineEnd(text, previousComma + 1)) {
      // The last property: take the previous comma too, so no trailing comma is left behind.
      return spanLoc(cx, previousComma, lineEnd);
    }
    const next = text.startsWith('\r\n', lineEnd) ? lineEnd + 2 : lineEnd < text.length ? lineEnd + 1 : lineEnd;
    return spanLoc(cx, lineStart, next);
  }
  if (hasComma) return spanLoc(cx, start, afterComma);
  if (previousComma >= 0) start = previousComma;
  else end = afterComma;
  return spanLoc(cx, start, end);
}

// JavaScript's whitespace (ECMAScript WhiteSpace and LineTerminator) is exactly what `\s` matches:
// \f, \v, U+00A0, U+FEFF and the other Unicode spaces may stand before a comma, not only ' ' and \t.
const JS_WHITESPACE = /\s/;
/** The same, short of the line breaks LSP counts (\n, \r): what may stand between a token and its line's end. */
const SPACE_ON_LINE = /[^\S\r\n]/;

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && JS_WHITESPACE.test(text[i])) i++;
  return i;
}

function skipSpaceOnLine(text: string, i: number): number {
  while (i < text.length && SPACE_ON_LINE.test(text[i])) i++;
  return i;
}

function atLineEnd(text: string, i: number): boolean {
  return i >= text.length || text[i] === '\n' || text[i] === '\r';
}

/** The start of the line holding `i`; lines end at \n, \r\n or a lone \r, as in LSP. */
function lineStartOf(text: string, i: number): number {
  return Math.max(text.lastIndexOf('\n', i - 1), text.lastIndexOf('\r', i - 1)) + 1;
}

/** The end of the line holding `i`, before its line break. */
function lineEndOf(text: string, i: number): number {
  const match = /[\r\n]/.exec(text.slice(i));
  return match ? i + match.index : text.length;
}

function onlySpaceToLineEnd(text: string, i: number): boolean {
  return atLineEnd(text, skipSpaceOnLine(text, i));
}

/** The comma between two properties, when only whitespace surrounds it. */
function separatorBefore(text: string, from: number, to: number): number {
  const comma = text.indexOf(',', from);
  if (comma < 0 || comma >= to) return -1;
  return text.slice(from, comma).trim() === '' && text.slice(comma + 1, to).trim() === '' ? comma : -1;
}
